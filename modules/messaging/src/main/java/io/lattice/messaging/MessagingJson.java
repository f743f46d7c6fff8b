package io.lattice.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.lattice.proto.messaging.v1.EncryptedPayload;
import io.lattice.proto.messaging.v1.Envelope;
import io.lattice.runtime.module.GenesisJson;
import java.util.Base64;
import java.util.Set;

/**
 * The JSON form of envelopes, shared by queries and genesis: snake_case fields, bytes in standard
 * base64, 64-bit integers as decimal strings (times in unix seconds).
 */
public final class MessagingJson {
  private static final Set<String> ENVELOPE_FIELDS =
      Set.of(
          "sender",
          "recipient",
          "sequence",
          "height",
          "time",
          "expires_at",
          "sender_device_id",
          "payload");
  private static final Set<String> PAYLOAD_FIELDS =
      Set.of("ephemeral_key", "nonce", "ciphertext", "recipient_key");

  private MessagingJson() {}

  public static ObjectNode toJson(Envelope e) {
    ObjectNode o =
        GenesisJson.object()
            .put("sender", e.getSender())
            .put("recipient", e.getRecipient())
            .put("sequence", GenesisJson.uint64Text(e.getSequence()))
            .put("height", GenesisJson.uint64Text(e.getHeight()))
            .put("time", Long.toString(e.getTime()))
            .put("expires_at", Long.toString(e.getExpiresAt()))
            .put("sender_device_id", e.getSenderDeviceId());
    EncryptedPayload p = e.getPayload();
    o.putObject("payload")
        .put("ephemeral_key", b64(p.getEphemeralKey()))
        .put("nonce", b64(p.getNonce()))
        .put("ciphertext", b64(p.getCiphertext()))
        .put("recipient_key", b64(p.getRecipientKey()));
    return o;
  }

  /**
   * Parses the JSON form (structure only; the caller checks the rules).
   *
   * @throws IllegalArgumentException naming the field path
   */
  public static Envelope fromJson(JsonNode node, String path) {
    GenesisJson.requireObject(node, path, ENVELOPE_FIELDS);
    JsonNode p = GenesisJson.requireObject(node.get("payload"), path + ".payload", PAYLOAD_FIELDS);
    String pp = path + ".payload";
    return Envelope.newBuilder()
        .setSender(GenesisJson.requireString(node, "sender", path))
        .setRecipient(GenesisJson.requireString(node, "recipient", path))
        .setSequence(GenesisJson.uint64(node, "sequence", path, 0))
        .setHeight(GenesisJson.uint64(node, "height", path, 0))
        .setTime(GenesisJson.uint64(node, "time", path, 0))
        .setExpiresAt(GenesisJson.uint64(node, "expires_at", path, 0))
        .setSenderDeviceId(
            node.has("sender_device_id")
                ? GenesisJson.requireString(node, "sender_device_id", path)
                : "")
        .setPayload(
            EncryptedPayload.newBuilder()
                .setEphemeralKey(bytes(p, "ephemeral_key", pp))
                .setNonce(bytes(p, "nonce", pp))
                .setCiphertext(bytes(p, "ciphertext", pp))
                .setRecipientKey(
                    p.has("recipient_key") ? bytes(p, "recipient_key", pp) : ByteString.EMPTY))
        .build();
  }

  private static ByteString bytes(JsonNode parent, String field, String path) {
    String text = GenesisJson.requireString(parent, field, path);
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + "." + field + " is not valid base64", e);
    }
  }

  static String b64(ByteString b) {
    return Base64.getEncoder().encodeToString(b.toByteArray());
  }
}
