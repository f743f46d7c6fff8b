package io.lattice.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import io.lattice.proto.types.v1.ValidatorSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads and writes {@code config/genesis.json}:
 *
 * <pre>{@code
 * {
 *   "chain_id": "lattice-currency-1",
 *   "genesis_time": "2026-01-01T00:00:00Z",
 *   "initial_height": 1,
 *   "consensus_params": {"block": {"max_bytes": 4194304, "max_gas": -1}},
 *   "validators": [
 *     {"address": "lat1…", "pub_key": {"algorithm": "ed25519", "key": "<base64>"},
 *      "power": 10, "name": "node0"}
 *   ],
 *   "app_state": {"auth": {…}, "bank": {…}}
 * }
 * }</pre>
 *
 * Each validator's address must be the address of its key; validator keys are ed25519 or hybrid.
 */
public final class GenesisFile {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private GenesisFile() {}

  /** The parsed genesis with its validator set. */
  public record Loaded(Genesis genesis, ValidatorSet validatorSet) {}

  public static Loaded read(Path file) throws ConfigException {
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
    return parse(file, root);
  }

  static Loaded parse(Path file, JsonNode root) throws ConfigException {
    if (root == null || !root.isObject()) {
      throw new ConfigException(file + ": must be a JSON object");
    }
    String chainId = text(file, root, "chain_id");
    if (chainId.isBlank() || chainId.length() > 50) {
      throw ConfigException.field(file, "chain_id", "must be 1..50 characters");
    }
    Instant time;
    try {
      time = Instant.parse(text(file, root, "genesis_time"));
    } catch (DateTimeParseException e) {
      throw ConfigException.field(
          file, "genesis_time", "not an RFC 3339 UTC time like 2026-01-01T00:00:00Z");
    }
    long initialHeight = number(file, root, "initial_height", 1);
    if (initialHeight < 1) {
      throw ConfigException.field(file, "initial_height", "must be >= 1");
    }
    JsonNode block = root.path("consensus_params").path("block");
    long maxBytes =
        number(file, block, "consensus_params.block.max_bytes", Genesis.DEFAULT_MAX_BLOCK_BYTES);
    long maxGas =
        number(file, block, "consensus_params.block.max_gas", Genesis.DEFAULT_MAX_BLOCK_GAS);
    if (maxBytes <= 0) {
      throw ConfigException.field(file, "consensus_params.block.max_bytes", "must be positive");
    }
    if (maxGas == 0 || maxGas < -1) {
      throw ConfigException.field(
          file, "consensus_params.block.max_gas", "must be positive or -1 (no limit)");
    }
    JsonNode vs = root.get("validators");
    if (vs == null || !vs.isArray() || vs.isEmpty()) {
      throw ConfigException.field(file, "validators", "must be a non-empty array");
    }
    List<Genesis.GenesisValidator> validators = new ArrayList<>();
    byte[][] addresses = new byte[vs.size()][];
    for (int i = 0; i < vs.size(); i++) {
      String at = "validators[" + i + "]";
      JsonNode v = vs.get(i);
      String address = text(file, v, at + ".address");
      JsonNode pk = v.path("pub_key");
      String algorithm = text(file, pk, at + ".pub_key.algorithm");
      byte[] key;
      try {
        key = Base64.getDecoder().decode(text(file, pk, at + ".pub_key.key"));
      } catch (IllegalArgumentException e) {
        throw ConfigException.field(file, at + ".pub_key.key", "not base64");
      }
      PublicKey publicKey;
      try {
        KeyAlgorithm alg = KeyAlgorithm.fromId(algorithm);
        if (alg != KeyAlgorithm.ED25519 && alg != KeyAlgorithm.HYBRID) {
          throw ConfigException.field(
              file, at + ".pub_key.algorithm", "validator keys must be ed25519 or hybrid");
        }
        publicKey = PublicKey.decode(alg, key);
      } catch (CryptoException e) {
        throw ConfigException.field(file, at + ".pub_key", e.getMessage());
      }
      Address derived = publicKey.address();
      if (!derived.toString().equals(address)) {
        throw ConfigException.field(
            file, at + ".address", address + " is not the address of its key (" + derived + ")");
      }
      long power = number(file, v, at + ".power", 0);
      if (power <= 0) {
        throw ConfigException.field(file, at + ".power", "must be positive");
      }
      String name = v.path("name").asText("");
      validators.add(new Genesis.GenesisValidator(address, algorithm, key, power, name));
      addresses[i] = derived.bytes();
    }
    JsonNode appState = root.get("app_state");
    if (appState == null || !appState.isObject()) {
      throw ConfigException.field(file, "app_state", "must be a JSON object");
    }
    byte[] appStateJson;
    try {
      appStateJson = new ObjectMapper().writeValueAsBytes(appState);
    } catch (JsonProcessingException e) {
      throw ConfigException.field(file, "app_state", e.getOriginalMessage());
    }
    Genesis genesis =
        new Genesis(
            chainId, time, initialHeight, maxBytes, maxGas, List.copyOf(validators), appStateJson);
    return new Loaded(genesis, genesis.validatorSet(addresses));
  }

  private static String text(Path file, JsonNode node, String field) throws ConfigException {
    String name = field.substring(field.lastIndexOf('.') + 1);
    JsonNode v = node.get(name);
    if (v == null || !v.isTextual()) {
      throw ConfigException.field(file, field, "missing or not a string");
    }
    return v.asText();
  }

  private static long number(Path file, JsonNode node, String field, long dflt)
      throws ConfigException {
    String name = field.substring(field.lastIndexOf('.') + 1);
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.asText());
      } catch (NumberFormatException e) {
        throw ConfigException.field(file, field, "not an integer: \"" + v.asText() + "\"");
      }
    }
    throw ConfigException.field(file, field, "must be an integer");
  }

  /** Writes {@code genesis}; {@code appState} is the application part as a JSON tree. */
  public static void write(Path file, Genesis genesis, JsonNode appState) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("chain_id", genesis.chainId());
    root.put("genesis_time", genesis.genesisTime().toString());
    root.put("initial_height", genesis.initialHeight());
    ObjectNode block = root.putObject("consensus_params").putObject("block");
    block.put("max_bytes", genesis.maxBlockBytes());
    block.put("max_gas", genesis.maxBlockGas());
    ArrayNode vs = root.putArray("validators");
    for (Genesis.GenesisValidator v : genesis.validators()) {
      ObjectNode o = vs.addObject();
      o.put("address", v.address());
      ObjectNode pk = o.putObject("pub_key");
      pk.put("algorithm", v.algorithm());
      pk.put("key", Base64.getEncoder().encodeToString(v.publicKey()));
      o.put("power", v.power());
      o.put("name", v.name());
    }
    root.set("app_state", appState);
    Files.createDirectories(file.getParent());
    Files.writeString(file, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
  }
}
