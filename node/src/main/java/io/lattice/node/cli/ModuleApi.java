package io.lattice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The node's module queries ({@code GET /v1/query/{module}/{path}} and its aliases, docs/API.md)
 * from the CLI: each answer's {@code result}, or the node's reason as the error.
 */
final class ModuleApi {
  /** The chat chain's API in a {@code lattice up} network: the default of the chat commands. */
  static final String CHAT_NODE = "http://127.0.0.1:8545";

  private ModuleApi() {}

  /**
   * Points {@code node} at the chat chain's API unless {@code --node} was given: the identity,
   * messaging, channels and reputation commands talk to the chat chain, whereas {@link
   * NodeOptions#DEFAULT_NODE} is the currency chain's API.
   */
  static void chatByDefault(CliCommand cmd, NodeOptions node) {
    if (!cmd.spec.commandLine().getParseResult().hasMatchedOption("--node")) {
      node.node = CHAT_NODE;
    }
  }

  /** {@code module/path} with {@code params} as query parameters; the module's answer. */
  static JsonNode query(NodeClient client, String module, String path, Map<String, String> params)
      throws CliException {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach((k, v) -> q.add(SignedTx.url(k) + "=" + SignedTx.url(v)));
    return result(client.get("/v1/query/" + module + "/" + path + q));
  }

  /** A friendly path such as {@code /v1/identity/alice}; the module's answer. */
  static JsonNode get(NodeClient client, String path) throws CliException {
    return result(client.get(path));
  }

  private static JsonNode result(JsonNode answer) throws CliException {
    JsonNode result = answer.get("result");
    if (result == null) {
      throw new CliException("the node's answer has no result: " + answer);
    }
    return result;
  }

  /** A registered identity by username, or by owner when {@code nameOrAddress} is an address. */
  static JsonNode identity(NodeClient client, String nameOrAddress) throws CliException {
    if (nameOrAddress.startsWith(io.lattice.crypto.Address.HRP + "1")) {
      String address = TxCommand.parseAddress("address", nameOrAddress);
      return query(client, "identity", "owner", Map.of("address", address));
    }
    return get(client, "/v1/identity/" + SignedTx.url(nameOrAddress));
  }

  /** The 32-byte X25519 identity key of an identity answer. */
  static byte[] identityKey(JsonNode identity) throws CliException {
    String b64 = identity.path("keys").path("identity_key").asText("");
    try {
      byte[] key = Base64.getDecoder().decode(b64);
      if (key.length != 32) {
        throw new CliException(
            "identity "
                + identity.path("username").asText()
                + " has no 32-byte identity key (got "
                + key.length
                + " bytes)");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new CliException("the node returned an identity key that is not base64");
    }
  }
}
