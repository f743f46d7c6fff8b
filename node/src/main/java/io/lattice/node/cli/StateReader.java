package io.lattice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.lattice.common.Hex;
import java.util.Base64;
import java.util.Optional;

/**
 * Point reads of committed state through the API's {@code /v1/state/proof}: every read after the
 * first is pinned to the height of the first, so one command sees one consistent state.
 */
final class StateReader {
  private final NodeClient client;
  private long height;

  StateReader(NodeClient client) {
    this.client = client;
  }

  long height() {
    return height;
  }

  Optional<byte[]> get(byte[] key) throws CliException {
    String path =
        "/v1/state/proof?key=" + Hex.encode(key) + (height > 0 ? "&height=" + height : "");
    JsonNode r = client.get(path);
    if (height == 0) {
      height = r.path("height").asLong();
    }
    if (!r.path("exists").asBoolean(false)) {
      return Optional.empty();
    }
    return Optional.of(Base64.getDecoder().decode(r.path("value").asText()));
  }

  <M> Optional<M> get(byte[] key, Parser<M> parser) throws CliException {
    Optional<byte[]> raw = get(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.parseFrom(raw.get()));
    } catch (InvalidProtocolBufferException e) {
      throw new CliException("the node returned an undecodable state value: " + e.getMessage());
    }
  }
}
