package io.lattice.sdk.e2e;

import com.google.protobuf.ByteString;
import io.lattice.crypto.Address;
import io.lattice.proto.messaging.v1.EncryptedPayload;
import io.lattice.proto.messaging.v1.Envelope;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@link DirectMessageCipher} over the messaging module's protos: seals into an {@link
 * EncryptedPayload} (with {@code recipient_key} set, docs/spec/messaging-e2e.md §3) and opens a
 * stored {@link Envelope} as whichever side of it the caller is.
 */
public final class Payloads {
  private Payloads() {}

  /** Seals {@code plaintext} from {@code sender} to {@code recipient}'s identity key. */
  public static EncryptedPayload seal(
      IdentityKeyPair sender,
      Address senderAddress,
      Address recipientAddress,
      byte[] recipientIdentityKey,
      byte[] plaintext)
      throws E2eException {
    SealedMessage m =
        DirectMessageCipher.seal(
            sender, senderAddress, recipientAddress, recipientIdentityKey, plaintext);
    return EncryptedPayload.newBuilder()
        .setEphemeralKey(ByteString.copyFrom(m.ephemeralKey()))
        .setNonce(ByteString.copyFrom(m.nonce()))
        .setCiphertext(ByteString.copyFrom(m.ciphertext()))
        .setRecipientKey(ByteString.copyFrom(recipientIdentityKey))
        .build();
  }

  /**
   * Opens an envelope that {@code me} sent or received.
   *
   * @param peerIdentityKey the other side's current identity key; needed only when {@code me} is
   *     the sender and the payload's {@code recipient_key} is empty
   * @throws E2eException when {@code me} is neither side, the payload was sealed to a key {@code
   *     me} does not hold, or it is malformed; {@link DecryptionFailedException} when it does not
   *     authenticate
   */
  public static byte[] open(
      IdentityKeyPair me, Address myAddress, Envelope envelope, Optional<byte[]> peerIdentityKey)
      throws E2eException {
    Address sender = address("sender", envelope.getSender());
    Address recipient = address("recipient", envelope.getRecipient());
    EncryptedPayload p = envelope.getPayload();
    SealedMessage m =
        new SealedMessage(
            p.getEphemeralKey().toByteArray(),
            p.getNonce().toByteArray(),
            p.getCiphertext().toByteArray());
    byte[] recipientKey = p.getRecipientKey().toByteArray();
    if (recipient.equals(myAddress)) {
      if (recipientKey.length != 0 && !MessageDigest.isEqual(recipientKey, me.publicKey())) {
        throw new E2eException(
            "message "
                + envelope.getSequence()
                + " was sealed to a prekey or an earlier identity key this wallet does not hold");
      }
      return DirectMessageCipher.openAsRecipient(me, sender, recipient, m);
    }
    if (sender.equals(myAddress)) {
      byte[] r = recipientKey.length != 0 ? recipientKey : peerIdentityKey.orElse(null);
      if (r == null) {
        throw new E2eException(
            "message "
                + envelope.getSequence()
                + " names no recipient key, and the recipient's identity key is unknown");
      }
      return DirectMessageCipher.openAsSender(me, sender, recipient, r, m);
    }
    throw new E2eException(
        "message "
            + envelope.getSequence()
            + " is between "
            + sender
            + " and "
            + recipient
            + ", not "
            + myAddress);
  }

  private static Address address(String field, String text) throws E2eException {
    try {
      return Address.parse(text);
    } catch (io.lattice.crypto.CryptoException e) {
      throw new E2eException("envelope " + field + ": " + e.getMessage(), e);
    }
  }
}
