package io.lattice.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The REST API of one node (docs/API.md). Every call has a short timeout; a node that is down,
 * paused or cut off answers {@link Optional#empty()} rather than throwing.
 */
record NodeApi(String name, String baseUrl) {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  /** A POST /v1/txs answer: the HTTP status and the body. */
  record Submission(int status, JsonNode body) {
    boolean accepted() {
      return status == 200 && body.path("code").asInt(0) == 0;
    }

    /** Refused because this node's mempool holds the same bytes already (422, mempool code 19). */
    boolean alreadyInMempool() {
      return status == 422 && body.path("message").asText().contains("tx already in mempool");
    }
  }

  Optional<JsonNode> status() {
    return get("/v1/status");
  }

  /** The latest committed height, if the node answers. */
  Optional<Long> height() {
    return status().map(s -> s.path("latest_block_height").asLong());
  }

  Optional<JsonNode> block(long height) {
    return get("/v1/blocks/" + height);
  }

  Optional<JsonNode> tx(String hash) {
    return get("/v1/txs/" + hash);
  }

  Optional<JsonNode> account(String address) {
    return get("/v1/accounts/" + address);
  }

  Optional<JsonNode> validators() {
    return get("/v1/validators");
  }

  /**
   * {@code GET /v1/state/proof} of a raw state key at the latest height: {@code exists} and the
   * base64 {@code value} (docs/API.md).
   */
  Optional<JsonNode> stateProof(byte[] key) {
    return get("/v1/state/proof?key=" + HexFormat.of().formatHex(key));
  }

  /** POST /v1/txs; empty when the node does not answer at all. */
  Optional<Submission> submit(byte[] txBytes, String mode, Duration timeout) {
    String body =
        "{\"tx_bytes\":\""
            + Base64.getEncoder().encodeToString(txBytes)
            + "\",\"mode\":\""
            + mode
            + "\"}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/txs"))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return Optional.of(new Submission(r.statusCode(), JSON.readTree(r.body())));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Optional<JsonNode> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).build();
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return Optional.empty();
      }
      return Optional.of(JSON.readTree(r.body()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return name + " (" + baseUrl + ")";
  }
}
