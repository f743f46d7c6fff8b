package io.lattice.bench.peer.hardhat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.web3j.utils.Numeric;

/**
 * The node's {@code newHeads} subscription over WebSocket: the moment each new block's header
 * reached this client, as Lattice's load generator takes commit times from its node's block event
 * stream. The blocks' contents are fetched separately ({@link BlockWatcher}).
 */
final class HeadStream implements AutoCloseable {
  private final Map<Long, Long> seenAt = new ConcurrentHashMap<>();
  private final AtomicLong malformed = new AtomicLong();
  private final CompletableFuture<String> subscribed = new CompletableFuture<>();
  private final HttpClient client = HttpClient.newHttpClient();
  private final WebSocket socket;

  private HeadStream(URI uri) throws IOException, InterruptedException {
    try {
      socket =
          client
              .newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .buildAsync(uri, new Listener())
              .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      client.shutdownNow();
      throw new IOException("no WebSocket at " + uri + ": " + e.getMessage(), e);
    }
  }

  /** Connects to {@code uri} (ws://…) and subscribes to {@code newHeads}. */
  static HeadStream open(URI uri) throws IOException, InterruptedException {
    HeadStream s = new HeadStream(uri);
    try {
      s.socket
          .sendText(
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}",
              true)
          .get(10, TimeUnit.SECONDS);
      s.subscribed.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      s.close();
      throw new IOException("eth_subscribe newHeads on " + uri + " failed: " + e.getMessage(), e);
    }
    return s;
  }

  /** When block {@code number}'s header arrived ({@link System#nanoTime()}). */
  Optional<Long> seenAt(long number) {
    return Optional.ofNullable(seenAt.get(number));
  }

  long headsSeen() {
    return seenAt.size();
  }

  /** Messages that were neither the subscription's answer nor a header with a number. */
  long malformed() {
    return malformed.get();
  }

  private void onMessage(String text, long at) {
    try {
      JsonNode m = JsonRpc.JSON.readTree(text);
      if (m.has("id")) {
        if (m.has("error")) {
          subscribed.completeExceptionally(new IOException(m.path("error").toString()));
        } else {
          subscribed.complete(m.path("result").asText());
        }
        return;
      }
      JsonNode number = m.path("params").path("result").path("number");
      if (m.path("method").asText().equals("eth_subscription") && number.isTextual()) {
        seenAt.putIfAbsent(Numeric.decodeQuantity(number.asText()).longValueExact(), at);
        return;
      }
    } catch (IOException | RuntimeException e) {
      // counted below
    }
    malformed.incrementAndGet();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      long at = System.nanoTime();
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        onMessage(text, at);
      }
      ws.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      subscribed.completeExceptionally(error);
    }
  }

  @Override
  public void close() {
    socket.abort();
    client.shutdownNow();
  }
}
