package io.lattice.node.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 document served at {@code GET /v1/openapi.json}, kept as a resource beside the
 * code ({@code openapi/lattice-api.json}); a test checks that it names every registered route.
 */
final class OpenApi {
  static final String RESOURCE = "/openapi/lattice-api.json";
  private static final ObjectNode DOCUMENT = load();

  private OpenApi() {}

  private static ObjectNode load() {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return (ObjectNode) JsonViews.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The document; without the faucet, its path is left out. */
  static ObjectNode document(boolean faucetEnabled) {
    ObjectNode doc = DOCUMENT.deepCopy();
    if (!faucetEnabled) {
      ((ObjectNode) doc.get("paths")).remove("/v1/faucet");
    }
    return doc;
  }
}
