package io.lattice.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lattice.crypto.Address;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.mnemonic.DerivationPath;
import io.lattice.crypto.mnemonic.Mnemonic;
import io.lattice.crypto.mnemonic.Slip10;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cross-SDK vector of docs/spec/messaging-e2e.md §5 (docs/spec/messaging-e2e-vector.json,
 * computed by sdk/java/scripts/messaging_e2e_vector.py with Python's cryptography package): from
 * mnemonic to account key, address, identity key, ephemeral key, message key and ciphertext.
 */
class MessagingE2eVectorTest {
  private static final HexFormat HEX = HexFormat.of();
  private static JsonNode vector;

  @BeforeAll
  static void load() throws Exception {
    vector =
        new ObjectMapper()
            .readTree(Files.readString(Path.of("../../docs/spec/messaging-e2e-vector.json")));
  }

  private static byte[] hex(JsonNode node, String field) {
    return HEX.parseHex(node.get(field).asText());
  }

  private static PrivateKeySigner accountKey(JsonNode party) throws Exception {
    byte[] seed = Mnemonic.parse(party.get("mnemonic").asText()).toSeed("");
    byte[] privateKey = Slip10.ed25519PrivateKey(seed, DerivationPath.LATTICE_DEFAULT);
    return KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, privateKey);
  }

  @Test
  void accountsAndIdentityKeysFollowFromTheMnemonics() throws Exception {
    for (String role : new String[] {"sender", "recipient"}) {
      JsonNode party = vector.get(role);
      PrivateKeySigner signer = accountKey(party);
      assertThat(signer.privateKey()).isEqualTo(hex(party, "ed25519_private_key"));
      assertThat(signer.publicKey().encoded()).isEqualTo(hex(party, "ed25519_public_key"));
      Address address = signer.publicKey().address();
      assertThat(address.bytes()).isEqualTo(hex(party, "address_bytes"));
      assertThat(address.toString()).isEqualTo(party.get("address").asText());
      IdentityKeyPair identity = IdentityKeyPair.derive(signer);
      assertThat(identity.privateKey()).isEqualTo(hex(party, "identity_private_key"));
      assertThat(identity.publicKey()).isEqualTo(hex(party, "identity_public_key"));
    }
  }

  @Test
  void sealingGivesTheExactBytes() throws Exception {
    JsonNode s = vector.get("sender");
    JsonNode r = vector.get("recipient");
    IdentityKeyPair sender = IdentityKeyPair.fromPrivateKey(hex(s, "identity_private_key"));
    Address senderAddress = Address.parse(s.get("address").asText());
    Address recipientAddress = Address.parse(r.get("address").asText());
    byte[] recipientKey = hex(r, "identity_public_key");
    byte[] nonce = hex(vector, "nonce");

    byte[] e = DirectMessageCipher.ephemeralPrivate(sender, senderAddress, recipientAddress, nonce);
    assertThat(e).isEqualTo(hex(vector, "ephemeral_private_key"));
    byte[] shared = X25519.sharedSecret(e, recipientKey);
    assertThat(shared).isEqualTo(hex(vector, "shared_secret"));
    assertThat(DirectMessageCipher.messageKey(shared, hex(vector, "ephemeral_key"), recipientKey))
        .isEqualTo(hex(vector, "message_key"));
    assertThat(
            DirectMessageCipher.aad(senderAddress, recipientAddress, hex(vector, "ephemeral_key")))
        .isEqualTo(hex(vector, "aad"));

    SealedMessage m =
        DirectMessageCipher.seal(
            sender, senderAddress, recipientAddress, recipientKey, hex(vector, "plaintext"), nonce);
    assertThat(m.ephemeralKey()).isEqualTo(hex(vector, "ephemeral_key"));
    assertThat(m.nonce()).isEqualTo(nonce);
    assertThat(m.ciphertext()).isEqualTo(hex(vector, "ciphertext"));
  }

  @Test
  void bothSidesOpenTheVector() throws Exception {
    JsonNode s = vector.get("sender");
    JsonNode r = vector.get("recipient");
    SealedMessage m =
        new SealedMessage(
            hex(vector, "ephemeral_key"), hex(vector, "nonce"), hex(vector, "ciphertext"));
    Address a = Address.parse(s.get("address").asText());
    Address b = Address.parse(r.get("address").asText());
    assertThat(
            DirectMessageCipher.openAsRecipient(
                IdentityKeyPair.fromPrivateKey(hex(r, "identity_private_key")), a, b, m))
        .isEqualTo(hex(vector, "plaintext"));
    assertThat(
            DirectMessageCipher.openAsSender(
                IdentityKeyPair.fromPrivateKey(hex(s, "identity_private_key")),
                a,
                b,
                hex(r, "identity_public_key"),
                m))
        .isEqualTo(hex(vector, "plaintext"));
  }
}
