package io.lattice.crypto.keyring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import io.lattice.crypto.mnemonic.DerivationPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * One key file: the Web3 Secret Storage v3 object ({@code version}, {@code id}, {@code crypto})
 * plus the Lattice fields {@code name}, {@code algorithm}, {@code publicKey}, {@code address} and,
 * for keys derived from a mnemonic, {@code derivationPath}.
 */
record KeyFile(KeyInfo info, JsonNode crypto) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final HexFormat HEX = HexFormat.of();

  byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 3);
    root.put("id", UUID.randomUUID().toString());
    root.put("name", info.name());
    root.put("algorithm", info.algorithm().id());
    root.put("address", info.address().toString());
    root.put("publicKey", HEX.formatHex(info.publicKey().encoded()));
    info.derivationPath().ifPresent(p -> root.put("derivationPath", p.toString()));
    root.set("crypto", crypto);
    try {
      return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize key file", e);
    }
  }

  static JsonNode readTree(byte[] json, String what) throws KeyringException {
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || !root.isObject()) {
        throw new KeyringException(what + " is not a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new KeyringException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new KeyringException(what + " cannot be read: " + e, e);
    }
  }

  /**
   * Parses a Lattice key file, checking that its public key is valid and its address matches.
   *
   * @param what how to name the file in errors
   */
  static KeyFile parse(JsonNode root, String what) throws KeyringException {
    JsonNode version = root.get("version");
    if (version == null || !version.isInt() || version.asInt() != 3) {
      throw new KeyringException(what + ": unsupported version " + version + "; expected 3");
    }
    String name = text(root, "name", what);
    KeyAlgorithm algorithm;
    PublicKey publicKey;
    try {
      algorithm = KeyAlgorithm.fromId(text(root, "algorithm", what));
      publicKey = PublicKey.decode(algorithm, hex(root, "publicKey", what));
    } catch (KeyringException e) {
      throw e;
    } catch (CryptoException e) {
      throw new KeyringException(what + ": " + e.getMessage(), e);
    }
    JsonNode address = root.get("address");
    if (address != null) {
      Address stored;
      try {
        stored = Address.parse(address.asText());
      } catch (CryptoException e) {
        throw new KeyringException(what + ": " + e.getMessage(), e);
      }
      if (!stored.equals(publicKey.address())) {
        throw new KeyringException(what + ": address " + stored + " does not match its public key");
      }
    }
    Optional<DerivationPath> path = Optional.empty();
    JsonNode pathNode = root.get("derivationPath");
    if (pathNode != null && !pathNode.isNull()) {
      try {
        path = Optional.of(DerivationPath.parse(pathNode.asText()));
      } catch (CryptoException e) {
        throw new KeyringException(what + ": " + e.getMessage(), e);
      }
    }
    JsonNode crypto = root.get("crypto");
    if (crypto == null || !crypto.isObject()) {
      throw new KeyringException(what + ": field 'crypto' is missing");
    }
    return new KeyFile(new KeyInfo(name, algorithm, publicKey, path), crypto);
  }

  static String text(JsonNode root, String field, String what) throws KeyringException {
    JsonNode node = root.get(field);
    if (node == null || !node.isTextual()) {
      throw new KeyringException(what + ": field '" + field + "' is missing or not a string");
    }
    return node.asText();
  }

  private static byte[] hex(JsonNode root, String field, String what) throws KeyringException {
    try {
      return HEX.parseHex(text(root, field, what));
    } catch (IllegalArgumentException e) {
      throw new KeyringException(what + ": field '" + field + "' is not valid hex", e);
    }
  }
}
