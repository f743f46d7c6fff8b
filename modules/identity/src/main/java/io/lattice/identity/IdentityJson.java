package io.lattice.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.lattice.proto.identity.v1.Device;
import io.lattice.proto.identity.v1.EncryptionKeys;
import io.lattice.proto.identity.v1.Identity;
import io.lattice.runtime.module.GenesisJson;
import java.util.Base64;
import java.util.Set;

/**
 * The JSON form of identities, shared by queries and genesis: snake_case fields, keys in standard
 * base64, heights as decimal strings, each device with a {@code revoked} flag.
 */
public final class IdentityJson {
  private static final Set<String> IDENTITY_FIELDS =
      Set.of("username", "owner", "keys", "registered_height", "devices");
  private static final Set<String> KEYS_FIELDS = Set.of("identity_key", "prekeys");
  private static final Set<String> DEVICE_FIELDS =
      Set.of("device_id", "public_key", "label", "added_height", "revoked", "revoked_height");

  private IdentityJson() {}

  public static ObjectNode toJson(Identity id) {
    ObjectNode o = GenesisJson.object();
    o.put("username", id.getUsername());
    o.put("owner", id.getOwner());
    o.set("keys", keysToJson(id.getKeys()));
    o.put("registered_height", GenesisJson.uint64Text(id.getRegisteredHeight()));
    ArrayNode devices = o.putArray("devices");
    for (Device d : id.getDevicesList()) {
      devices.add(deviceToJson(d));
    }
    return o;
  }

  public static ObjectNode keysToJson(EncryptionKeys keys) {
    ObjectNode o = GenesisJson.object();
    o.put("identity_key", b64(keys.getIdentityKey()));
    ArrayNode pre = o.putArray("prekeys");
    for (ByteString p : keys.getPrekeysList()) {
      pre.add(b64(p));
    }
    return o;
  }

  public static ObjectNode deviceToJson(Device d) {
    return GenesisJson.object()
        .put("device_id", d.getDeviceId())
        .put("public_key", b64(d.getPublicKey()))
        .put("label", d.getLabel())
        .put("added_height", GenesisJson.uint64Text(d.getAddedHeight()))
        .put("revoked", d.getRevokedHeight() != 0)
        .put("revoked_height", GenesisJson.uint64Text(d.getRevokedHeight()));
  }

  /**
   * Parses the JSON form (structure only; the caller checks the rules).
   *
   * @throws IllegalArgumentException naming the field path
   */
  public static Identity fromJson(JsonNode node, String path) {
    GenesisJson.requireObject(node, path, IDENTITY_FIELDS);
    Identity.Builder b =
        Identity.newBuilder()
            .setUsername(GenesisJson.requireString(node, "username", path))
            .setOwner(GenesisJson.requireString(node, "owner", path))
            .setKeys(keysFromJson(node.get("keys"), path + ".keys"))
            .setRegisteredHeight(GenesisJson.uint64(node, "registered_height", path, 0));
    ArrayNode devices = GenesisJson.optionalArray(node, "devices", path);
    for (int i = 0; i < devices.size(); i++) {
      b.addDevices(deviceFromJson(devices.get(i), path + ".devices[" + i + "]"));
    }
    return b.build();
  }

  public static EncryptionKeys keysFromJson(JsonNode node, String path) {
    GenesisJson.requireObject(node, path, KEYS_FIELDS);
    EncryptionKeys.Builder k =
        EncryptionKeys.newBuilder()
            .setIdentityKey(
                fromB64(
                    "identity_key", GenesisJson.requireString(node, "identity_key", path), path));
    ArrayNode pre = GenesisJson.optionalArray(node, "prekeys", path);
    for (int i = 0; i < pre.size(); i++) {
      if (!pre.get(i).isTextual()) {
        throw new IllegalArgumentException(path + ".prekeys[" + i + "] must be a base64 string");
      }
      k.addPrekeys(fromB64("prekeys[" + i + "]", pre.get(i).asText(), path));
    }
    return k.build();
  }

  static Device deviceFromJson(JsonNode node, String path) {
    GenesisJson.requireObject(node, path, DEVICE_FIELDS);
    Device d =
        Device.newBuilder()
            .setDeviceId(GenesisJson.requireString(node, "device_id", path))
            .setPublicKey(
                fromB64("public_key", GenesisJson.requireString(node, "public_key", path), path))
            .setLabel(node.has("label") ? GenesisJson.requireString(node, "label", path) : "")
            .setAddedHeight(GenesisJson.uint64(node, "added_height", path, 0))
            .setRevokedHeight(GenesisJson.uint64(node, "revoked_height", path, 0))
            .build();
    if (node.has("revoked")
        && GenesisJson.bool(node, "revoked", path, false) != (d.getRevokedHeight() != 0)) {
      throw new IllegalArgumentException(
          path + ": revoked must be true exactly when revoked_height is not 0");
    }
    return d;
  }

  static String b64(ByteString b) {
    return Base64.getEncoder().encodeToString(b.toByteArray());
  }

  private static ByteString fromB64(String field, String text, String path) {
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + "." + field + " is not valid base64", e);
    }
  }
}
