package io.lattice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;

/** A small JSON client of the node's REST API ({@code docs/API.md}). */
final class NodeClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Longer than the node's own commit timeout, so its 504 answer arrives first. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final String base;
  private final HttpClient http;

  NodeClient(String node) throws CliException {
    String trimmed = node.endsWith("/") ? node.substring(0, node.length() - 1) : node;
    try {
      URI uri = new URI(trimmed);
      if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw CliException.badInput(
            "--node must be an http(s) URL such as "
                + NodeOptions.DEFAULT_NODE
                + ", got '"
                + node
                + "'");
      }
    } catch (URISyntaxException e) {
      throw CliException.badInput("--node is not a valid URL: " + e.getMessage());
    }
    this.base = trimmed;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  /** A successful answer, or empty for 404. */
  Optional<JsonNode> find(String path) throws CliException {
    Reply r = exchange(HttpRequest.newBuilder(uri(path)).GET());
    if (r.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(r.orThrow());
  }

  JsonNode get(String path) throws CliException {
    return exchange(HttpRequest.newBuilder(uri(path)).GET()).orThrow();
  }

  JsonNode post(String path, JsonNode body) throws CliException {
    return exchange(
            HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())))
        .orThrow();
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  record Reply(int status, JsonNode body) {
    JsonNode orThrow() throws CliException {
      if (status / 100 == 2) {
        return body;
      }
      JsonNode message = body.get("message");
      String reason = message == null ? body.toString() : message.asText();
      throw new CliException(reason + " (HTTP " + status + ")");
    }
  }

  private Reply exchange(HttpRequest.Builder request) throws CliException {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request.timeout(REQUEST_TIMEOUT).header("Accept", "application/json").build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("connection timed out");
    } catch (HttpTimeoutException e) {
      throw new CliException(
          "node at " + base + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + "s");
    } catch (ConnectException e) {
      throw unreachable(causeOf(e));
    } catch (IOException e) {
      throw unreachable(causeOf(e));
    } catch (UnresolvedAddressException e) {
      throw unreachable("unknown host");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for " + base);
    }
    JsonNode body;
    try {
      body = CliCommand.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new CliException(
          "node at " + base + " answered HTTP " + response.statusCode() + " with a non-JSON body");
    }
    if (body == null || !body.isObject()) {
      throw new CliException(
          "node at " + base + " answered HTTP " + response.statusCode() + " without a JSON object");
    }
    return new Reply(response.statusCode(), body);
  }

  private CliException unreachable(String why) {
    return new CliException("cannot reach node at " + base + ": " + why);
  }

  private static String causeOf(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t instanceof ConnectException || e instanceof ConnectException) {
      return "connection refused";
    }
    if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
      return "unknown host";
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
