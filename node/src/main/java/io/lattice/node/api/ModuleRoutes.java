package io.lattice.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * The module query routes: {@code GET|POST /v1/query/{module}/{path}} answered by the module's
 * {@code QueryRoute} over committed state, each answer wrapped as {@code {"height": H, "result":
 * <the module's answer>}}.
 */
final class ModuleRoutes {
  /** The query parameter that picks the height; never passed on to the module. */
  static final String HEIGHT = "height";

  private static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final int MAX_PARAM_CHARS = 4096;

  private final ChainView chain;

  ModuleRoutes(ChainView chain) {
    this.chain = chain;
  }

  /**
   * {@code GET}: every query parameter but {@code height} becomes a string field of the request.
   */
  ObjectNode get(String module, String path, Map<String, List<String>> params) throws ApiException {
    ObjectNode request = request(params);
    List<String> height = params.get(HEIGHT);
    return query(module, path, request, height == null ? null : height.getFirst());
  }

  /**
   * The query parameters but {@code height} as a request of string fields (each parameter once at
   * most, of bounded length).
   */
  static ObjectNode request(Map<String, List<String>> params) throws ApiException {
    ObjectNode request = JsonViews.object();
    for (Map.Entry<String, List<String>> e : params.entrySet()) {
      String name = e.getKey();
      if (e.getValue().size() != 1) {
        throw ApiException.badRequest(
            name + ": given " + e.getValue().size() + " times, once at most");
      }
      String value = e.getValue().getFirst();
      if (value.length() > MAX_PARAM_CHARS) {
        throw ApiException.badRequest(
            name + ": longer than " + MAX_PARAM_CHARS + " characters; POST a JSON body instead");
      }
      if (!name.equals(HEIGHT)) {
        request.put(name, value);
      }
    }
    return request;
  }

  /** {@code POST}: the JSON body is the request; the height is the query parameter. */
  ObjectNode post(String module, String path, JsonNode body, String heightParam)
      throws ApiException {
    return query(module, path, body, heightParam);
  }

  /**
   * Runs {@code module/path} at {@code heightParam} (absent or 0: latest) and wraps the answer with
   * the height it was read at.
   */
  ObjectNode query(String module, String path, JsonNode request, String heightParam)
      throws ApiException {
    if (!MODULE.matcher(module).matches()) {
      throw ApiException.badRequest(
          "module: '" + abbreviate(module) + "' is not a module name (lower case, digits, _)");
    }
    if (!PATH.matcher(path).matches()) {
      throw ApiException.badRequest(
          "path: '" + abbreviate(path) + "' is not a query path (letters, digits, _ . -)");
    }
    long latest = chain.latestHeight();
    long height = heightParam == null ? 0 : ChainRoutes.parseHeight(HEIGHT, heightParam);
    if (height > latest) {
      throw ApiException.notFound("height " + height + " not found: latest height is " + latest);
    }
    long at = height == 0 ? latest : height;
    JsonNode answer;
    try {
      answer = chain.query(module, path, request, at);
    } catch (NoSuchElementException e) {
      throw ApiException.notFound(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          e.getMessage() == null ? "bad request for " + module + "/" + path : e.getMessage());
    }
    ObjectNode out = JsonViews.object();
    out.put("height", at);
    out.set("result", answer);
    return out;
  }

  /**
   * A friendly alias: {@code module/path} with {@code request}, or 404 naming the chain when it
   * does not run {@code module}.
   */
  ObjectNode alias(String module, String path, ObjectNode request, String heightParam)
      throws ApiException {
    if (!chain.hasModule(module)) {
      throw ApiException.notFound(
          "module " + module + " is not on this chain (chain id " + chain.chainId() + ")");
    }
    return query(module, path, request, heightParam);
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
