package io.lattice.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A client of one node's REST API (docs/API.md) over the JDK's HTTP client. Thread-safe.
 *
 * <p>Every method either returns the node's answer or throws a {@link NodeException} carrying the
 * HTTP status and the node's reason (status 0: the node could not be reached).
 */
public final class NodeClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(200);

  private final URI base;
  private final HttpClient http;
  private final Duration requestTimeout;

  /** A client of the node at {@code baseUrl}, e.g. {@code http://127.0.0.1:8545}. */
  public NodeClient(String baseUrl) {
    this(URI.create(baseUrl), Duration.ofSeconds(45));
  }

  /**
   * @param requestTimeout per request; above the node's 30 s commit wait so that {@code mode:
   *     commit} submissions get the node's own answer
   */
  public NodeClient(URI base, Duration requestTimeout) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    if (!"http".equals(this.base.getScheme()) && !"https".equals(this.base.getScheme())) {
      throw new IllegalArgumentException("node URL must be http or https, got '" + base + "'");
    }
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public URI baseUri() {
    return base;
  }

  /** {@code GET /v1/status}. */
  public ChainStatus status() throws NodeException {
    JsonNode s = get("/v1/status");
    return new ChainStatus(
        s.path("chain_id").asText(),
        s.path("latest_block_height").asLong(),
        s.path("latest_block_hash").asText(),
        s.path("latest_block_time").asText(),
        s.path("catching_up").asBoolean());
  }

  /** {@code GET /v1/accounts/{address}}; empty when the node knows neither account nor balance. */
  public Optional<AccountInfo> account(String address) throws NodeException {
    return find("/v1/accounts/" + encode(address)).map(NodeClient::accountInfo);
  }

  /**
   * {@code POST /v1/txs} with mode {@code commit}: admits the transaction and waits for its block.
   * A transaction that was included but failed is returned with its non-zero code (see {@link
   * TxResult#requireSuccess()}).
   *
   * @throws TxRejectedException when the node refused to admit it
   */
  public TxResult broadcastCommit(byte[] txRaw) throws NodeException {
    return txResult(submit(txRaw, "commit"));
  }

  /**
   * {@code POST /v1/txs} with mode {@code sync}: returns the transaction hash once the mempool
   * admitted it.
   *
   * @throws TxRejectedException when the node refused to admit it
   */
  public String broadcastSync(byte[] txRaw) throws NodeException {
    return submit(txRaw, "sync").path("txhash").asText();
  }

  private JsonNode submit(byte[] txRaw, String mode) throws NodeException {
    ObjectNode body = JSON.createObjectNode();
    body.put("tx_bytes", Base64.getEncoder().encodeToString(txRaw));
    body.put("mode", mode);
    try {
      return send(
          HttpRequest.newBuilder(uri("/v1/txs"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
          false);
    } catch (NodeException e) {
      if (e.httpStatus() == 422 || e.httpStatus() == 413 || e.httpStatus() == 503) {
        throw new TxRejectedException(e.httpStatus(), e.reason());
      }
      throw e;
    }
  }

  /** {@code GET /v1/txs/{hash}}; empty while the transaction is not committed (404). */
  public Optional<TxResult> tx(String txHash) throws NodeException {
    return find("/v1/txs/" + encode(txHash)).map(NodeClient::txResult);
  }

  /** {@code GET /v1/accounts/{address}/txs?limit=N}: committed transactions, newest first. */
  public List<TxResult> accountTxs(String address, int limit) throws NodeException {
    JsonNode out = get("/v1/accounts/" + encode(address) + "/txs?limit=" + limit);
    List<TxResult> txs = new ArrayList<>();
    for (JsonNode t : out.path("txs")) {
      txs.add(txResult(t));
    }
    return txs;
  }

  /**
   * The generic module query {@code GET /v1/query/{module}/{path}?k=v…}: the module's answer (the
   * {@code result} the node wraps with the height it read at).
   *
   * @throws NodeException with status 404 when the chain has no such module or route or the module
   *     found no such record, 400 for a request the module refused
   */
  public JsonNode query(String module, String path, Map<String, String> params)
      throws NodeException {
    JsonNode answer = queryAnswer(module, path, params);
    return answer.has("result") ? answer.get("result") : answer;
  }

  /** As {@link #query}, the whole answer {@code {"height": H, "result": …}}. */
  public JsonNode queryAnswer(String module, String path, Map<String, String> params)
      throws NodeException {
    StringBuilder p = new StringBuilder("/v1/query/").append(encode(module)).append('/');
    p.append(path);
    char sep = '?';
    for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
      p.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
      sep = '&';
    }
    return get(p.toString());
  }

  /** As {@link #query} but empty on 404. */
  public Optional<JsonNode> findQuery(String module, String path, Map<String, String> params)
      throws NodeException {
    try {
      return Optional.of(query(module, path, params));
    } catch (NodeException e) {
      if (e.httpStatus() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Waits until transaction {@code txHash} has {@code confirmations} blocks on top of and including
   * its own (1 = included), polling the node.
   *
   * @throws TxFailedException when the transaction was included but failed
   * @throws LatticeTimeoutException when that does not happen within {@code timeout}
   * @throws IllegalArgumentException when {@code confirmations} is below 1
   */
  public TxResult waitForConfirmation(String txHash, int confirmations, Duration timeout)
      throws LatticeException {
    if (confirmations < 1) {
      throw new IllegalArgumentException("confirmations must be at least 1, got " + confirmations);
    }
    Instant deadline = Instant.now().plus(timeout);
    Optional<TxResult> found = tx(txHash);
    while (found.isEmpty()) {
      pause(deadline, "transaction " + txHash + " was not committed within " + timeout);
      found = tx(txHash);
    }
    TxResult result = found.get().requireSuccess();
    long target = result.height() + confirmations - 1;
    while (status().latestHeight() < target) {
      pause(
          deadline,
          "transaction "
              + txHash
              + " (height "
              + result.height()
              + ") did not reach "
              + confirmations
              + " confirmations within "
              + timeout);
    }
    return result;
  }

  static void pause(Instant deadline, String timeoutMessage) throws LatticeTimeoutException {
    Duration left = Duration.between(Instant.now(), deadline);
    if (left.isNegative() || left.isZero()) {
      throw new LatticeTimeoutException(timeoutMessage);
    }
    try {
      Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, left.toMillis())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LatticeTimeoutException("interrupted: " + timeoutMessage);
    }
  }

  /** {@code GET path}: the JSON answer, or a {@link NodeException}. */
  public JsonNode get(String path) throws NodeException {
    return send(HttpRequest.newBuilder(uri(path)).GET(), false);
  }

  /** {@code GET path}, empty on 404. */
  public Optional<JsonNode> find(String path) throws NodeException {
    return Optional.ofNullable(send(HttpRequest.newBuilder(uri(path)).GET(), true));
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private JsonNode send(HttpRequest.Builder request, boolean absentOn404) throws NodeException {
    HttpRequest req = request.timeout(requestTimeout).header("Accept", "application/json").build();
    HttpResponse<String> response;
    try {
      response = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new NodeException(0, "cannot reach node at " + base + ": connection refused", e);
    } catch (IOException e) {
      throw new NodeException(
          0,
          "cannot reach node at "
              + base
              + ": "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeException(0, "interrupted while calling " + req.uri(), e);
    }
    int status = response.statusCode();
    if (status == 404 && absentOn404) {
      return null;
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new NodeException(
          status, "node answered " + req.method() + " " + req.uri().getPath() + " with non-JSON");
    }
    if (status / 100 != 2) {
      String message = body.path("message").asText("");
      throw new NodeException(status, message.isEmpty() ? body.toString() : message);
    }
    return body;
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static AccountInfo accountInfo(JsonNode a) {
    return new AccountInfo(
        a.path("address").asText(),
        a.path("account_number").asLong(),
        a.path("sequence").asLong(),
        amounts(a.path("balances")));
  }

  static List<Amount> amounts(JsonNode coins) {
    List<Amount> out = new ArrayList<>();
    for (JsonNode c : coins) {
      out.add(new Amount(c.path("denom").asText(), new BigInteger(c.path("amount").asText("0"))));
    }
    return out;
  }

  static TxResult txResult(JsonNode t) {
    List<TxResult.Event> events = new ArrayList<>();
    for (JsonNode e : t.path("events")) {
      List<TxResult.Attribute> attrs = new ArrayList<>();
      for (JsonNode a : e.path("attributes")) {
        attrs.add(new TxResult.Attribute(a.path("key").asText(), a.path("value").asText()));
      }
      events.add(new TxResult.Event(e.path("type").asText(), attrs));
    }
    String hash = t.has("txhash") ? t.path("txhash").asText() : t.path("hash").asText();
    return new TxResult(
        hash,
        t.path("height").asLong(),
        t.path("index").asInt(),
        t.path("code").asInt(),
        t.path("codespace").asText(""),
        t.path("log").asText(""),
        t.path("gas_wanted").asLong(),
        t.path("gas_used").asLong(),
        events,
        t.path("tx"));
  }
}
