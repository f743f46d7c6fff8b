package io.lattice.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.crypto.Address;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DirectMessageCipherTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Party(PrivateKeySigner signer, Address address, IdentityKeyPair identity) {
    static Party create() {
      PrivateKeySigner s = KeyPairs.generate(KeyAlgorithm.ED25519, RANDOM);
      return new Party(s, s.publicKey().address(), IdentityKeyPair.derive(s));
    }
  }

  private final Party alice = Party.create();
  private final Party bob = Party.create();
  private final Party eve = Party.create();
  private final byte[] text = "meet at noon".getBytes(StandardCharsets.UTF_8);

  private SealedMessage sealAliceToBob(byte[] plaintext) throws E2eException {
    return DirectMessageCipher.seal(
        alice.identity(), alice.address(), bob.address(), bob.identity().publicKey(), plaintext);
  }

  @Test
  void recipientAndSenderCanOpen() throws E2eException {
    SealedMessage m = sealAliceToBob(text);
    assertThat(m.ephemeralKey()).hasSize(32);
    assertThat(m.nonce()).hasSize(12);
    assertThat(m.ciphertext()).hasSize(text.length + 16);
    assertThat(
            DirectMessageCipher.openAsRecipient(bob.identity(), alice.address(), bob.address(), m))
        .isEqualTo(text);
    assertThat(
            DirectMessageCipher.openAsSender(
                alice.identity(), alice.address(), bob.address(), bob.identity().publicKey(), m))
        .isEqualTo(text);
  }

  @Test
  void emptyAndLargeMessagesRoundTrip() throws E2eException {
    for (int size : new int[] {0, 1, 63, 64, 65, 4096, 65_536}) {
      byte[] p = new byte[size];
      RANDOM.nextBytes(p);
      SealedMessage m = sealAliceToBob(p);
      assertThat(
              DirectMessageCipher.openAsRecipient(
                  bob.identity(), alice.address(), bob.address(), m))
          .isEqualTo(p);
    }
  }

  @Test
  void twoSealsOfTheSameTextDiffer() throws E2eException {
    SealedMessage a = sealAliceToBob(text);
    SealedMessage b = sealAliceToBob(text);
    assertThat(a.nonce()).isNotEqualTo(b.nonce());
    assertThat(a.ephemeralKey()).isNotEqualTo(b.ephemeralKey());
    assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
  }

  @Test
  void aThirdPartyCannotOpen() throws E2eException {
    SealedMessage m = sealAliceToBob(text);
    assertThatThrownBy(() ->
            DirectMessageCipher.openAsRecipient(eve.identity(), alice.address(), bob.address(), m))
        .isInstanceOf(DecryptionFailedException.class)
        .hasMessageContaining("authentication failed");
    assertThatThrownBy(() ->
            DirectMessageCipher.openAsSender(
                eve.identity(), alice.address(), bob.address(), bob.identity().publicKey(), m))
        .isInstanceOf(DecryptionFailedException.class)
        .hasMessageContaining("not sealed by this identity key");
  }

  @Test
  void everyAlteredByteIsDetected() throws E2eException {
    SealedMessage m = sealAliceToBob(text);
    byte[] c = m.ciphertext();
    for (int i = 0; i < c.length; i++) {
      byte[] t = c.clone();
      t[i] ^= 0x01;
      assertOpenFails(
          new SealedMessage(m.ephemeralKey(), m.nonce(), t), DecryptionFailedException.class);
    }
    for (int i = 0; i < 12; i++) {
      byte[] n = m.nonce();
      n[i] ^= (byte) 0x80;
      assertOpenFails(new SealedMessage(m.ephemeralKey(), n, c), DecryptionFailedException.class);
    }
    for (int i = 0; i < 31; i++) {
      byte[] e = m.ephemeralKey();
      e[i] ^= 0x04;
      assertOpenFails(new SealedMessage(e, m.nonce(), c), E2eException.class);
    }
    byte[] truncated = java.util.Arrays.copyOf(c, c.length - 1);
    assertOpenFails(
        new SealedMessage(m.ephemeralKey(), m.nonce(), truncated), DecryptionFailedException.class);
  }

  private void assertOpenFails(SealedMessage m, Class<? extends E2eException> type) {
    assertThatThrownBy(() ->
            DirectMessageCipher.openAsRecipient(bob.identity(), alice.address(), bob.address(), m))
        .isInstanceOf(type);
  }

  @Test
  void wrongAddressesFailAuthentication() throws E2eException {
    SealedMessage m = sealAliceToBob(text);
    // Swapped roles, a forged sender, a different recipient address with the right key.
    assertThatThrownBy(() ->
            DirectMessageCipher.openAsRecipient(bob.identity(), bob.address(), alice.address(), m))
        .isInstanceOf(DecryptionFailedException.class);
    assertThatThrownBy(() ->
            DirectMessageCipher.openAsRecipient(bob.identity(), eve.address(), bob.address(), m))
        .isInstanceOf(DecryptionFailedException.class);
    assertThatThrownBy(() ->
            DirectMessageCipher.openAsRecipient(bob.identity(), alice.address(), eve.address(), m))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void malformedPayloadsAreRefusedWithTheirCause() {
    assertThatThrownBy(() ->
            DirectMessageCipher.openAsRecipient(
                bob.identity(),
                alice.address(),
                bob.address(),
                new SealedMessage(new byte[31], new byte[12], new byte[16])))
        .isInstanceOf(E2eException.class)
        .hasMessageContaining("ephemeral key must be 32 bytes, got 31");
    assertThatThrownBy(() ->
            DirectMessageCipher.openAsRecipient(
                bob.identity(),
                alice.address(),
                bob.address(),
                new SealedMessage(new byte[32], new byte[8], new byte[16])))
        .isInstanceOf(E2eException.class)
        .hasMessageContaining("nonce must be 12 bytes, got 8");
    assertThatThrownBy(() ->
            DirectMessageCipher.openAsRecipient(
                bob.identity(),
                alice.address(),
                bob.address(),
                new SealedMessage(bob.identity().publicKey(), new byte[12], new byte[15])))
        .isInstanceOf(E2eException.class)
        .hasMessageContaining("at least 16 bytes");
    assertThatThrownBy(() ->
            DirectMessageCipher.openAsRecipient(
                bob.identity(),
                alice.address(),
                bob.address(),
                new SealedMessage(new byte[32], new byte[12], new byte[16])))
        .isInstanceOf(E2eException.class)
        .isNotInstanceOf(DecryptionFailedException.class)
        .hasMessageContaining("low order");
  }

  @Test
  void refusesToSealToABadRecipientKey() {
    assertThatThrownBy(() ->
            DirectMessageCipher.seal(
                alice.identity(), alice.address(), bob.address(), new byte[32], text))
        .isInstanceOf(E2eException.class)
        .hasMessageContaining("cannot seal to this recipient key")
        .hasMessageContaining("low order");
    assertThatThrownBy(() ->
            DirectMessageCipher.seal(
                alice.identity(), alice.address(), bob.address(), new byte[33], text))
        .isInstanceOf(E2eException.class)
        .hasMessageContaining("32 bytes, got 33");
    assertThatThrownBy(() ->
            DirectMessageCipher.seal(
                alice.identity(),
                alice.address(),
                bob.address(),
                bob.identity().publicKey(),
                text,
                new byte[11]))
        .isInstanceOf(E2eException.class)
        .hasMessageContaining("nonce must be 12 bytes, got 11");
  }

  @Test
  void identityIsAFunctionOfTheSigningKey() {
    IdentityKeyPair again = IdentityKeyPair.derive(alice.signer());
    assertThat(again.publicKey()).isEqualTo(alice.identity().publicKey());
    assertThat(again.privateKey()).isEqualTo(alice.identity().privateKey());
    assertThat(bob.identity().publicKey()).isNotEqualTo(alice.identity().publicKey());
    byte[] k = alice.identity().privateKey();
    assertThat(k[0] & 7).isZero();
    assertThat(k[31] & 0xc0).isEqualTo(0x40);
    assertThat(alice.identity().toString())
        .doesNotContain(HexFormat.of().formatHex(alice.identity().privateKey()));
    // The algorithm id is the HKDF salt: the same secret under another algorithm differs.
    byte[] secret = alice.signer().privateKey();
    assertThat(IdentityKeyPair.derive("secp256k1", secret).publicKey())
        .isNotEqualTo(alice.identity().publicKey());
  }
}
