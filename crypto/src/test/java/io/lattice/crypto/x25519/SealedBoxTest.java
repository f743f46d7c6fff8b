package io.lattice.crypto.x25519;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.common.Hex;
import io.lattice.crypto.CryptoException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SealedBoxTest {
  private final SecureRandom random = new SecureRandom();
  private final X25519KeyPair recipient = X25519.generate(random);
  private final byte[] aad = "lattice-chat-1/dm/42".getBytes(StandardCharsets.UTF_8);

  @Test
  void roundTrip() throws CryptoException {
    byte[] message = "hello, relay".getBytes(StandardCharsets.UTF_8);
    byte[] envelope = SealedBox.seal(recipient.publicKey(), message, aad);
    assertThat(envelope).hasSize(message.length + SealedBox.OVERHEAD);
    assertThat(envelope[0]).isEqualTo(SealedBox.VERSION);
    assertThat(SealedBox.open(recipient.privateKey(), envelope, aad)).isEqualTo(message);
  }

  @Test
  void sealingTwiceGivesDifferentEnvelopes() throws CryptoException {
    byte[] message = new byte[64];
    byte[] a = SealedBox.seal(recipient.publicKey(), message, aad);
    byte[] b = SealedBox.seal(recipient.publicKey(), message, aad);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void emptyPlaintextAndNullAad() throws CryptoException {
    byte[] envelope = SealedBox.seal(recipient.publicKey(), new byte[0], null);
    assertThat(envelope).hasSize(SealedBox.OVERHEAD);
    assertThat(SealedBox.open(recipient.privateKey(), envelope, new byte[0])).isEmpty();
  }

  @Test
  void everyFlippedBitIsDetected() throws CryptoException {
    byte[] envelope = SealedBox.seal(recipient.publicKey(), new byte[40], aad);
    Random pick = new Random(99);
    for (int i = 0; i < envelope.length; i++) {
      byte[] tampered = envelope.clone();
      tampered[i] ^= (byte) (1 << pick.nextInt(8));
      int index = i;
      assertThatThrownBy(() -> SealedBox.open(recipient.privateKey(), tampered, aad))
          .as("byte %d", index)
          .isInstanceOf(CryptoException.class)
          .hasMessageMatching(
              "(sealed box authentication failed.*|unsupported sealed box version.*"
                  + "|sealed box rejected.*)");
    }
  }

  @Test
  void wrongAssociatedDataFails() throws CryptoException {
    byte[] envelope = SealedBox.seal(recipient.publicKey(), new byte[8], aad);
    assertThatThrownBy(() -> SealedBox.open(recipient.privateKey(), envelope, new byte[] {1}))
        .isInstanceOf(CryptoException.class)
        .hasMessageStartingWith("sealed box authentication failed");
  }

  @Test
  void wrongRecipientFails() throws CryptoException {
    byte[] envelope = SealedBox.seal(recipient.publicKey(), new byte[8], aad);
    X25519KeyPair other = X25519.generate(random);
    assertThatThrownBy(() -> SealedBox.open(other.privateKey(), envelope, aad))
        .isInstanceOf(CryptoException.class)
        .hasMessageStartingWith("sealed box authentication failed");
  }

  @Test
  void truncatedAndUnknownVersionAreNamed() throws CryptoException {
    assertThatThrownBy(() -> SealedBox.open(recipient.privateKey(), new byte[10], aad))
        .hasMessage("sealed box is truncated: 10 bytes, at least 49 expected");
    byte[] envelope = SealedBox.seal(recipient.publicKey(), new byte[8], aad);
    envelope[0] = 2;
    assertThatThrownBy(() -> SealedBox.open(recipient.privateKey(), envelope, aad))
        .hasMessage("unsupported sealed box version 2; expected 1");
  }

  @Test
  void lowOrderRecipientKeyIsRefused() {
    // u = 0 and u = 1 are points of low order: X25519 with them is all zero.
    byte[] zero = new byte[32];
    byte[] one = new byte[32];
    one[0] = 1;
    assertThatThrownBy(() -> SealedBox.seal(zero, new byte[1], aad))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("low-order point");
    assertThatThrownBy(() -> SealedBox.seal(one, new byte[1], aad))
        .hasMessageContaining("low-order point");
  }

  @Test
  void badKeyLengthsAreNamed() {
    assertThatThrownBy(() -> SealedBox.seal(new byte[31], new byte[1], aad))
        .hasMessageContaining("X25519 public key must be 32 bytes, got 31");
    assertThatThrownBy(() -> SealedBox.open(new byte[33], new byte[60], aad))
        .hasMessageContaining("X25519 private key must be 32 bytes, got 33");
  }

  @Test
  void rfc7748SectionSixVector() throws CryptoException {
    // RFC 7748 section 6.1: Alice and Bob.
    byte[] alicePriv =
        Hex.decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    byte[] bobPriv = Hex.decode("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    X25519KeyPair alice = X25519.fromPrivateKey(alicePriv);
    X25519KeyPair bob = X25519.fromPrivateKey(bobPriv);
    assertThat(Hex.encode(alice.publicKey()))
        .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    assertThat(Hex.encode(bob.publicKey()))
        .isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    assertThat(Hex.encode(X25519.sharedSecret(alicePriv, bob.publicKey()))).isEqualTo(shared);
    assertThat(Hex.encode(X25519.sharedSecret(bobPriv, alice.publicKey()))).isEqualTo(shared);
  }

  @Test
  void toStringHidesThePrivateKey() {
    assertThat(recipient.toString())
        .contains(Hex.encode(recipient.publicKey()))
        .doesNotContain(Hex.encode(recipient.privateKey()));
  }

  @Test
  void randomEnvelopesOnlyEverFailWithCryptoException() {
    Random r = new Random(4242);
    int failures = 0;
    for (int i = 0; i < 2000; i++) {
      byte[] junk = new byte[r.nextInt(120)];
      r.nextBytes(junk);
      if (junk.length > 0 && r.nextBoolean()) {
        junk[0] = SealedBox.VERSION;
      }
      try {
        SealedBox.open(recipient.privateKey(), junk, aad);
      } catch (CryptoException expected) {
        failures++;
      }
    }
    assertThat(failures).isEqualTo(2000);
  }
}
