package io.lattice.crypto.keyring;

/**
 * scrypt cost parameters for newly encrypted keys. Memory use is {@code 128 * n * r} bytes.
 *
 * @param n CPU/memory cost, a power of two greater than 1
 * @param r block size
 * @param p parallelization
 */
public record ScryptParams(int n, int r, int p) {
  /**
   * n = 2^18, r = 8, p = 1: the Web3 Secret Storage "standard" cost (256 MiB; about 3 s per key on
   * a 2-core AMD EPYC virtual machine).
   */
  public static final ScryptParams DEFAULT = new ScryptParams(1 << 18, 8, 1);

  /** Cheap parameters for tests only (n = 2^12). */
  public static final ScryptParams FOR_TESTS = new ScryptParams(1 << 12, 8, 1);

  /** The most memory a key file may make us spend on scrypt: 1 GiB. */
  static final long MAX_MEMORY_BYTES = 1L << 30;

  /** The most sequential scrypt runs a key file may ask for. */
  static final int MAX_P = 16;

  public ScryptParams {
    if (n < 2 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("scrypt n must be a power of two > 1, got " + n);
    }
    if (r < 1 || p < 1 || p > MAX_P) {
      throw new IllegalArgumentException(
          "scrypt r must be positive and p 1 to " + MAX_P + ", got r=" + r + " p=" + p);
    }
    if (128L * n * r > MAX_MEMORY_BYTES) {
      throw new IllegalArgumentException(
          "scrypt parameters n=" + n + " r=" + r + " p=" + p + " exceed the 1 GiB memory limit");
    }
  }
}
