package io.lattice.bench.peer.hardhat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.web3j.utils.Numeric;

/**
 * An Ethereum JSON-RPC endpoint over HTTP/1.1 ({@link HttpClient}, as Lattice's load generator
 * talks to its REST API). Safe for concurrent use: each call is one request on a pooled connection.
 */
final class JsonRpc {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** An error object in a JSON-RPC answer. */
  static final class RpcException extends IOException {
    private static final long serialVersionUID = 1L;

    RpcException(String method, JsonNode error) {
      super(
          method
              + ": JSON-RPC error "
              + error.path("code").asText()
              + ": "
              + error.path("message").asText());
    }
  }

  /** What the node answered to {@code eth_sendRawTransaction}. */
  sealed interface Submission {
    /** Taken: the node answered with the transaction's hash. */
    record Accepted(String hash) implements Submission {}

    /** Refused, or no usable answer; {@code reason} has its numbers replaced by {@code N}. */
    record Rejected(String reason) implements Submission {}
  }

  private final HttpClient http;
  private final URI uri;
  private final AtomicLong ids = new AtomicLong(1L << 40);

  JsonRpc(URI uri) {
    this.uri = uri;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  URI uri() {
    return uri;
  }

  /** The request body submitting {@code signed}, built ahead of time. */
  static String sendRawTransactionBody(long id, byte[] signed) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"eth_sendRawTransaction\",\"params\":[\""
        + Numeric.toHexString(signed)
        + "\"]}";
  }

  /** The result of {@code method(params)}; a JSON-RPC error is an {@link RpcException}. */
  JsonNode call(String method, Object... params) throws IOException, InterruptedException {
    ObjectNode request = request(ids.incrementAndGet(), method, List.of(params));
    JsonNode answer = JSON.readTree(post(JSON.writeValueAsString(request)));
    if (answer.has("error")) {
      throw new RpcException(method, answer.path("error"));
    }
    return answer.path("result");
  }

  /**
   * One batch request calling {@code method} once per parameter list; the results in the order of
   * {@code paramLists}. Any error in the batch is an {@link RpcException}.
   */
  List<JsonNode> batch(String method, List<List<Object>> paramLists)
      throws IOException, InterruptedException {
    if (paramLists.isEmpty()) {
      return List.of();
    }
    ArrayNode requests = JSON.createArrayNode();
    long first = ids.getAndAdd(paramLists.size()) + 1;
    for (int i = 0; i < paramLists.size(); i++) {
      requests.add(request(first + i, method, paramLists.get(i)));
    }
    JsonNode answers = JSON.readTree(post(JSON.writeValueAsString(requests)));
    if (!answers.isArray()) {
      throw new IOException(method + " batch: expected an array, got " + abbreviate(answers));
    }
    Map<Long, JsonNode> byId = new HashMap<>();
    for (JsonNode a : answers) {
      if (a.has("error")) {
        throw new RpcException(method, a.path("error"));
      }
      byId.put(a.path("id").asLong(), a.path("result"));
    }
    List<JsonNode> results = new ArrayList<>(paramLists.size());
    for (int i = 0; i < paramLists.size(); i++) {
      JsonNode r = byId.get(first + i);
      if (r == null) {
        throw new IOException(method + " batch: no answer for request " + i);
      }
      results.add(r);
    }
    return results;
  }

  /** Posts a pre-built {@code eth_sendRawTransaction} body; never throws for a refusal. */
  Submission submit(String body) throws InterruptedException {
    String answer;
    try {
      answer = post(body);
    } catch (IOException e) {
      return new Submission.Rejected(reason("no answer: " + e));
    }
    try {
      JsonNode json = JSON.readTree(answer);
      if (json.path("result").isTextual()) {
        return new Submission.Accepted(json.path("result").asText());
      }
      if (json.has("error")) {
        return new Submission.Rejected(reason(json.path("error").path("message").asText()));
      }
    } catch (IOException notJson) {
      // counted by its raw text below
    }
    return new Submission.Rejected(reason("unexpected answer: " + answer));
  }

  private String post(String body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 && !response.body().startsWith("{")) {
      throw new IOException("HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
    }
    return response.body();
  }

  private static ObjectNode request(long id, String method, List<Object> params) {
    ObjectNode r = JSON.createObjectNode();
    r.put("jsonrpc", "2.0");
    r.put("id", id);
    r.put("method", method);
    r.set("params", JSON.valueToTree(params));
    return r;
  }

  /**
   * A refusal reason for counting: numbers (nonces, balances, hashes' digits) become {@code N} so
   * that one cause is one reason, and long texts are cut.
   */
  static String reason(String message) {
    String text =
        message
            .replaceAll("0x[0-9a-fA-F]+", "\u0000")
            .replaceAll("\\d+", "N")
            .replace("\u0000", "0x…");
    return abbreviate(text);
  }

  private static String abbreviate(Object o) {
    String s = String.valueOf(o);
    return s.length() > 160 ? s.substring(0, 160) + "…" : s;
  }

  @Override
  public String toString() {
    return uri.toString();
  }
}
