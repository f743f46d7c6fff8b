package io.lattice.bench.crypto;

import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.PublicKey;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sign and verify throughput per algorithm over a 256-byte message (about the size of a
 * transaction's sign bytes). {@code verify} uses a decoded {@link PublicKey} reused across calls,
 * as the chain does; {@code decodeAndVerify} includes parsing the key, as for a key seen once.
 *
 * <p>Run: {@code scripts/bench SignatureBench -f 1 -wi 2 -i 3 -p algorithm=ed25519}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class SignatureBench {
  @Param({
    "ed25519",
    "secp256k1",
    "ml-dsa-44",
    "ml-dsa-65",
    "ml-dsa-87",
    "falcon-512",
    "falcon-1024",
    "slh-dsa-sha2-128f",
    "hybrid"
  })
  public String algorithm;

  private PrivateKeySigner signer;
  private PublicKey publicKey;
  private KeyAlgorithm keyAlgorithm;
  private byte[] encodedKey;
  private byte[] message;
  private byte[] signature;

  @Setup
  public void setUp() throws CryptoException {
    keyAlgorithm = KeyAlgorithm.fromId(algorithm);
    SecureRandom random = new SecureRandom();
    signer = KeyPairs.generate(keyAlgorithm, random);
    encodedKey = signer.publicKey().encoded();
    publicKey = PublicKey.decode(keyAlgorithm, encodedKey);
    message = new byte[256];
    random.nextBytes(message);
    signature = signer.sign(message);
    if (!publicKey.verify(message, signature)) {
      throw new IllegalStateException(algorithm + " signature does not verify");
    }
  }

  @Benchmark
  public byte[] sign() {
    return signer.sign(message);
  }

  @Benchmark
  public boolean verify() {
    return publicKey.verify(message, signature);
  }

  @Benchmark
  public boolean decodeAndVerify() throws CryptoException {
    return PublicKey.decode(keyAlgorithm, encodedKey).verify(message, signature);
  }
}
