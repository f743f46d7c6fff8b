package io.lattice.crypto.mnemonic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A BIP-39 mnemonic phrase over the English wordlist.
 *
 * <p>Every instance is valid: its words are in the list, their count is one of 12, 15, 18, 21, 24
 * and the checksum matches. Words are held lower-case and single-spaced, so the seed of a phrase
 * typed with extra spaces or capitals is the seed of its canonical form. {@link #toString()} does
 * not reveal the words.
 */
public final class Mnemonic {
  /** Words of a freshly generated phrase (256 bits of entropy). */
  public static final int DEFAULT_WORD_COUNT = 24;

  private static final int PBKDF2_ITERATIONS = 2048;
  private static final int SEED_BYTES = 64;
  private static final List<Integer> WORD_COUNTS = List.of(12, 15, 18, 21, 24);

  private final List<String> words;

  private Mnemonic(List<String> words) {
    this.words = List.copyOf(words);
  }

  /** A new 24-word phrase from 256 bits drawn from {@code random}. */
  public static Mnemonic generate(SecureRandom random) {
    byte[] entropy = new byte[32];
    random.nextBytes(entropy);
    try {
      return fromEntropy(entropy);
    } catch (MnemonicException e) {
      throw new IllegalStateException("32 bytes of entropy are always valid", e);
    } finally {
      Arrays.fill(entropy, (byte) 0);
    }
  }

  /**
   * The phrase encoding {@code entropy} (16, 20, 24, 28 or 32 bytes).
   *
   * @throws MnemonicException for any other length
   */
  public static Mnemonic fromEntropy(byte[] entropy) throws MnemonicException {
    int bits = entropy.length * 8;
    if (bits < 128 || bits > 256 || bits % 32 != 0) {
      throw new MnemonicException(
          "entropy must be 16, 20, 24, 28 or 32 bytes, got " + entropy.length);
    }
    int checksumBits = bits / 32;
    byte[] hash = sha256(entropy);
    int totalBits = bits + checksumBits;
    Wordlist list = Wordlist.english();
    List<String> words = new ArrayList<>(totalBits / 11);
    for (int w = 0; w < totalBits / 11; w++) {
      int index = 0;
      for (int b = 0; b < 11; b++) {
        int bit = w * 11 + b;
        int value = bit < bits ? bitAt(entropy, bit) : bitAt(hash, bit - bits);
        index = (index << 1) | value;
      }
      words.add(list.word(index));
    }
    return new Mnemonic(words);
  }

  /**
   * Parses and validates a phrase (any whitespace between words, any letter case, NFKD-normalized).
   *
   * @throws MnemonicException naming the first problem: an unknown word and its 1-based position, a
   *     wrong word count, or a checksum mismatch
   */
  public static Mnemonic parse(String phrase) throws MnemonicException {
    String normalized = Normalizer.normalize(phrase, Normalizer.Form.NFKD).strip();
    if (normalized.isEmpty()) {
      throw new MnemonicException("mnemonic is empty");
    }
    List<String> words =
        Arrays.stream(normalized.split("\\s+")).map(w -> w.toLowerCase(Locale.ROOT)).toList();
    Wordlist list = Wordlist.english();
    int[] indices = new int[words.size()];
    for (int i = 0; i < words.size(); i++) {
      Optional<Integer> index = list.index(words.get(i));
      if (index.isEmpty()) {
        throw new MnemonicException(
            "unknown word '" + words.get(i) + "' at position " + (i + 1) + " of the mnemonic");
      }
      indices[i] = index.get();
    }
    if (!WORD_COUNTS.contains(words.size())) {
      throw new MnemonicException(
          "mnemonic has " + words.size() + " words; expected 12, 15, 18, 21 or 24");
    }
    int totalBits = words.size() * 11;
    int checksumBits = totalBits / 33;
    int entropyBits = totalBits - checksumBits;
    byte[] entropy = new byte[entropyBits / 8];
    int checksum = 0;
    for (int bit = 0; bit < totalBits; bit++) {
      int value = (indices[bit / 11] >> (10 - bit % 11)) & 1;
      if (bit < entropyBits) {
        entropy[bit / 8] |= (byte) (value << (7 - bit % 8));
      } else {
        checksum = (checksum << 1) | value;
      }
    }
    byte[] hash = sha256(entropy);
    int expected = (hash[0] & 0xff) >> (8 - checksumBits);
    Arrays.fill(entropy, (byte) 0);
    if (checksum != expected) {
      throw new MnemonicException(
          "mnemonic checksum mismatch: the words are valid but one is wrong or out of order");
    }
    return new Mnemonic(words);
  }

  public List<String> words() {
    return words;
  }

  /** The canonical phrase: lower-case words joined by single spaces. */
  public String phrase() {
    return String.join(" ", words);
  }

  /** The entropy the phrase encodes (without the checksum bits). */
  public byte[] entropy() {
    int totalBits = words.size() * 11;
    int entropyBits = totalBits - totalBits / 33;
    byte[] entropy = new byte[entropyBits / 8];
    Wordlist list = Wordlist.english();
    for (int bit = 0; bit < entropyBits; bit++) {
      int index = list.index(words.get(bit / 11)).orElseThrow();
      int value = (index >> (10 - bit % 11)) & 1;
      entropy[bit / 8] |= (byte) (value << (7 - bit % 8));
    }
    return entropy;
  }

  /**
   * The 64-byte BIP-39 seed: PBKDF2-HMAC-SHA512 over the NFKD phrase, salt {@code "mnemonic" +
   * passphrase} (NFKD), 2048 iterations.
   */
  public byte[] toSeed(String passphrase) {
    byte[] password =
        Normalizer.normalize(phrase(), Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8);
    byte[] salt =
        Normalizer.normalize("mnemonic" + passphrase, Normalizer.Form.NFKD)
            .getBytes(StandardCharsets.UTF_8);
    PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA512Digest());
    generator.init(password, salt, PBKDF2_ITERATIONS);
    byte[] seed = ((KeyParameter) generator.generateDerivedParameters(SEED_BYTES * 8)).getKey();
    Arrays.fill(password, (byte) 0);
    return seed;
  }

  private static int bitAt(byte[] data, int bit) {
    return (data[bit / 8] >> (7 - bit % 8)) & 1;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mnemonic other && words.equals(other.words);
  }

  @Override
  public int hashCode() {
    return words.hashCode();
  }

  /** Does not reveal the words. */
  @Override
  public String toString() {
    return "Mnemonic[" + words.size() + " words]";
  }
}
