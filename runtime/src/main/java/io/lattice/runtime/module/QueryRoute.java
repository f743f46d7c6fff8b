package io.lattice.runtime.module;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.runtime.store.KVStore;

/**
 * A read-only query a module answers over committed state, addressed as {@code "<module>/<path>"}
 * with a JSON request and a JSON answer.
 */
public record QueryRoute(String path, Handler handler) {
  @FunctionalInterface
  public interface Handler {
    /**
     * @throws IllegalArgumentException naming what is wrong with the request
     * @throws java.util.NoSuchElementException when what is asked for does not exist (the API
     *     answers 404)
     */
    JsonNode answer(KVStore state, JsonNode request);
  }
}
