package io.lattice.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import io.lattice.node.api.ChainView.CommittedBlock;
import io.lattice.node.api.ChainView.CommittedTx;
import io.lattice.proto.types.v1.TxResult;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket {@code /v1/events}: clients send {@code {"subscribe":"blocks"}} or {@code
 * {"subscribe":"account","address":"lat1…"}} (and {@code unsubscribe} likewise); the server pushes
 * {@code {"type":"block","block":…}} for each committed block and {@code {"type":"tx","tx":…}} for
 * each committed transaction that involves a subscribed account. Blocks reach this class on a node
 * thread; it only hands them to its own sender thread, so the node never waits for a slow client.
 */
final class EventStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  static final int MAX_ACCOUNTS_PER_SESSION = 100;

  private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "api-events");
        t.setDaemon(true);
        return t;
      });
  private final AutoCloseable registration;

  private static final class Subscriber {
    final WsContext ctx;
    volatile boolean blocks;
    final Set<String> accounts = ConcurrentHashMap.newKeySet();

    Subscriber(WsContext ctx) {
      this.ctx = ctx;
    }
  }

  EventStream(ChainView chain) {
    this.registration = chain.onBlock(this::onBlock);
  }

  void configure(WsConfig ws) {
    ws.onConnect(ctx -> subscribers.put(ctx.sessionId(), new Subscriber(ctx)));
    ws.onClose(ctx -> subscribers.remove(ctx.sessionId()));
    ws.onError(ctx -> subscribers.remove(ctx.sessionId()));
    ws.onMessage(this::onMessage);
  }

  private void onMessage(WsMessageContext ctx) {
    Subscriber sub = subscribers.computeIfAbsent(ctx.sessionId(), id -> new Subscriber(ctx));
    ObjectNode reply;
    try {
      reply = handle(sub, ctx.message());
    } catch (ApiException e) {
      reply = JsonViews.error(e.status(), e.getMessage()).put("type", "error");
    }
    ctx.send(reply.toString());
  }

  private static ObjectNode handle(Subscriber sub, String text) throws ApiException {
    JsonNode msg;
    try {
      msg = JsonViews.MAPPER.readTree(text);
    } catch (IOException e) {
      throw ApiException.badRequest("malformed JSON message");
    }
    if (msg == null || !msg.isObject()) {
      throw ApiException.badRequest("message must be a JSON object");
    }
    boolean subscribe = msg.has("subscribe");
    JsonNode topicNode = subscribe ? msg.get("subscribe") : msg.get("unsubscribe");
    if (topicNode == null || !topicNode.isTextual()) {
      throw ApiException.badRequest(
          "expected {\"subscribe\":\"blocks\"} or {\"subscribe\":\"account\",\"address\":\"lat1…\"}");
    }
    ObjectNode ack =
        JsonViews.object()
            .put("type", subscribe ? "subscribed" : "unsubscribed")
            .put("subscription", topicNode.asText());
    switch (topicNode.asText()) {
      case "blocks" -> sub.blocks = subscribe;
      case "account" -> {
        JsonNode addressNode = msg.get("address");
        if (addressNode == null || !addressNode.isTextual()) {
          throw ApiException.badRequest("address: required for an account subscription");
        }
        String address = ChainRoutes.parseAddress("address", addressNode.asText());
        if (subscribe) {
          if (sub.accounts.size() >= MAX_ACCOUNTS_PER_SESSION && !sub.accounts.contains(address)) {
            throw ApiException.badRequest(
                "at most " + MAX_ACCOUNTS_PER_SESSION + " account subscriptions per connection");
          }
          sub.accounts.add(address);
        } else {
          sub.accounts.remove(address);
        }
        ack.put("address", address);
      }
      default ->
          throw ApiException.badRequest(
              "unknown subscription '" + topicNode.asText() + "'; expected 'blocks' or 'account'");
    }
    return ack;
  }

  private void onBlock(CommittedBlock block) {
    if (subscribers.isEmpty()) {
      return;
    }
    try {
      sender.execute(() -> publish(block));
    } catch (RejectedExecutionException closed) {
      LOG.debug("event stream closed; dropping block {}", block.block().getHeader().getHeight());
    }
  }

  private void publish(CommittedBlock block) {
    String blockMessage = null;
    for (Subscriber sub : subscribers.values()) {
      if (sub.blocks) {
        if (blockMessage == null) {
          ObjectNode m = JsonViews.object().put("type", "block");
          m.set("block", JsonViews.block(block));
          blockMessage = m.toString();
        }
        send(sub, blockMessage);
      }
    }
    List<com.google.protobuf.ByteString> txs = block.block().getData().getTxsList();
    long height = block.block().getHeader().getHeight();
    for (int i = 0; i < txs.size() && i < block.results().size(); i++) {
      byte[] bytes = txs.get(i).toByteArray();
      Set<String> involved = null;
      String txMessage = null;
      for (Subscriber sub : subscribers.values()) {
        if (sub.accounts.isEmpty()) {
          continue;
        }
        if (involved == null) {
          involved = JsonViews.involvedAddresses(bytes);
        }
        if (involved.stream().anyMatch(sub.accounts::contains)) {
          if (txMessage == null) {
            TxResult result = block.results().get(i);
            CommittedTx tx = new CommittedTx(JsonViews.txHash(bytes), height, i, bytes, result);
            ObjectNode m = JsonViews.object().put("type", "tx");
            m.set("tx", JsonViews.committedTx(tx));
            txMessage = m.toString();
          }
          send(sub, txMessage);
        }
      }
    }
  }

  private void send(Subscriber sub, String message) {
    try {
      if (sub.ctx.session.isOpen()) {
        sub.ctx.send(message);
      } else {
        subscribers.remove(sub.ctx.sessionId());
      }
    } catch (RuntimeException e) {
      LOG.debug("dropping WebSocket subscriber {}: {}", sub.ctx.sessionId(), e.toString());
      subscribers.remove(sub.ctx.sessionId());
    }
  }

  @Override
  public void close() {
    try {
      registration.close();
    } catch (Exception e) {
      LOG.warn("could not unregister block listener: {}", e.toString());
    }
    sender.shutdownNow();
    for (Subscriber sub : subscribers.values()) {
      try {
        sub.ctx.closeSession(1001, "server shutting down");
      } catch (RuntimeException e) {
        LOG.debug("closing WebSocket session: {}", e.toString());
      }
    }
    subscribers.clear();
  }
}
