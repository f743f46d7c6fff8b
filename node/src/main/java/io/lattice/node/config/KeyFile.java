package io.lattice.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * The node key and validator key files ({@code node_key.json}, {@code priv_validator_key.json}):
 *
 * <pre>{@code
 * {"address": "lat1…",
 *  "pub_key":  {"algorithm": "ed25519", "key": "<base64>"},
 *  "priv_key": {"algorithm": "ed25519", "key": "<base64>"}}
 * }</pre>
 *
 * Written owner-read/write only. The private key is the algorithm's private key encoding.
 */
public final class KeyFile {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private KeyFile() {}

  public static void write(Path file, PrivateKeySigner key) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("address", key.publicKey().address().toString());
    ObjectNode pub = root.putObject("pub_key");
    pub.put("algorithm", key.algorithm().id());
    pub.put("key", Base64.getEncoder().encodeToString(key.publicKey().encoded()));
    ObjectNode priv = root.putObject("priv_key");
    priv.put("algorithm", key.algorithm().id());
    priv.put("key", Base64.getEncoder().encodeToString(key.privateKey()));
    Files.createDirectories(file.getParent());
    Files.writeString(file, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Non-POSIX file systems keep their default permissions.
    }
  }

  public static PrivateKeySigner read(Path file) throws ConfigException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": file not found (run `lattice init` first)");
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + ": malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    JsonNode priv = root == null ? null : root.get("priv_key");
    if (priv == null || !priv.path("algorithm").isTextual() || !priv.path("key").isTextual()) {
      throw ConfigException.field(file, "priv_key", "missing {algorithm, key}");
    }
    try {
      PrivateKeySigner key =
          KeyPairs.fromPrivateKey(
              KeyAlgorithm.fromId(priv.get("algorithm").asText()),
              Base64.getDecoder().decode(priv.get("key").asText()));
      JsonNode address = root.get("address");
      if (address != null && !address.asText().equals(key.publicKey().address().toString())) {
        throw ConfigException.field(
            file, "address", address.asText() + " is not the address of priv_key");
      }
      return key;
    } catch (CryptoException | IllegalArgumentException e) {
      throw ConfigException.field(file, "priv_key", e.getMessage());
    }
  }
}
