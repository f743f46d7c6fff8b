package io.lattice.node.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The REST API and the {@code /v1/events} WebSocket of one node process (docs/API.md), with short
 * timeouts: a node that does not answer gives {@link Optional#empty()} rather than an exception.
 */
public final class NodeRest {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** A {@code POST /v1/txs} answer (status 0: no answer at all). */
  public record Submission(int status, String body) {
    /**
     * Admitted, or refused as a duplicate of one this node's mempool holds or has committed: a
     * retry after a timeout whose first attempt was admitted after all.
     */
    public boolean accepted() {
      return status == 200
          || (status == 422
              && (body.contains("tx already in mempool") || body.contains("tx already committed")));
    }

    /** 503: mempool full or node catching up; worth retrying. */
    public boolean busy() {
      return status == 503 || status == 0;
    }

    /**
     * Why the node refused it, for counting by reason: the HTTP status and the error's message with
     * numbers replaced by {@code N} (so "sequence 7, expected 5" and "sequence 9, expected 8" are
     * one reason).
     */
    public String reason() {
      String message = body;
      if (status != 0) {
        try {
          JsonNode m = JSON.readTree(body).path("message");
          if (m.isTextual()) {
            message = m.asText();
          }
        } catch (IOException e) {
          // not JSON: counted by its raw text
        }
      }
      String text = message.replaceAll("\\d+", "N");
      if (text.length() > 160) {
        text = text.substring(0, 160) + "…";
      }
      return (status == 0 ? "no answer" : "HTTP " + status) + ": " + text;
    }
  }

  private final String name;
  private final String baseUrl;
  private final HttpClient http;

  public NodeRest(String name, String baseUrl) {
    this.name = name;
    this.baseUrl = baseUrl;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  public String name() {
    return name;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public Optional<JsonNode> status() {
    return get("/v1/status");
  }

  public Optional<Long> height() {
    return status().map(s -> s.path("latest_block_height").asLong());
  }

  public Optional<JsonNode> account(String address) {
    return get("/v1/accounts/" + address);
  }

  /** A committed transaction by its hex hash; empty until it is committed. */
  public Optional<JsonNode> tx(String hash) {
    return get("/v1/txs/" + hash);
  }

  /**
   * {@code GET /v1/query/<module>/<path>?k=v…}: the module's answer (the {@code result} of the
   * node's {@code {height, result}}); empty when the node refuses or does not answer.
   */
  public Optional<JsonNode> query(String module, String path, Map<String, String> params) {
    StringBuilder url = new StringBuilder("/v1/query/").append(module).append('/').append(path);
    char sep = '?';
    for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
      url.append(sep)
          .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    return get(url.toString()).map(r -> r.has("result") ? r.get("result") : r);
  }

  public Optional<JsonNode> block(long height) {
    return get("/v1/blocks/" + height);
  }

  /** {@code POST /v1/txs} in sync mode with a body prepared by {@link #txBody}. */
  public Submission submit(String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/txs"))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Submission(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Submission(0, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Submission(0, "interrupted");
    }
  }

  public static String txBody(byte[] txBytes) {
    return "{\"tx_bytes\":\""
        + java.util.Base64.getEncoder().encodeToString(txBytes)
        + "\",\"mode\":\"sync\"}";
  }

  private Optional<JsonNode> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
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

  /**
   * Subscribes to committed blocks on {@code /v1/events}; {@code onBlock} gets each block's JSON
   * and the {@link System#nanoTime()} at which its last frame arrived, on the WebSocket's thread.
   */
  public WebSocket subscribeBlocks(BiConsumer<JsonNode, Long> onBlock) throws IOException {
    String ws = baseUrl.replaceFirst("^http", "ws") + "/v1/events";
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public void onOpen(WebSocket socket) {
            var unused =
                socket
                    .sendText("{\"subscribe\":\"blocks\"}", true)
                    .exceptionally(e -> {
                      System.err.println(name + ": cannot subscribe to blocks: " + e);
                      return socket;
                    });
            socket.request(1);
          }

          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              long at = System.nanoTime();
              String message = text.toString();
              text.setLength(0);
              try {
                JsonNode m = JSON.readTree(message);
                if (m.path("type").asText().equals("block")) {
                  onBlock.accept(m.path("block"), at);
                }
              } catch (IOException e) {
                System.err.println(name + ": undecodable event: " + e.getMessage());
              }
            }
            socket.request(1);
            return null;
          }

          @Override
          public void onError(WebSocket socket, Throwable error) {
            System.err.println(name + ": event stream failed: " + error);
          }
        };
    CompletableFuture<WebSocket> socket =
        http.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create(ws), listener);
    try {
      return socket.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException(name + ": cannot open " + ws + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public String toString() {
    return name + " (" + baseUrl + ")";
  }
}
