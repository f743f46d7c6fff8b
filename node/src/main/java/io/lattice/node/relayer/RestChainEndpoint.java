package io.lattice.node.relayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.lattice.common.Hex;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.consensus.v1.SignedHeader;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.proto.xchain.v1.Acknowledgement;
import io.lattice.proto.xchain.v1.Packet;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.xchain.relayer.ChainEndpoint;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A chain as the relayer sees it, over a node's REST API: {@code GET /v1/status}, {@code GET
 * /v1/query/xchain/{packets,client,ack}}, {@code GET /v1/light/{height}}, {@code GET
 * /v1/state/proof}, {@code GET /v1/accounts/{address}}, {@code POST /v1/txs} (mode {@code sync})
 * and {@code GET /v1/txs/{hash}} until the transaction is in a block. Any transport failure, HTTP
 * error or malformed answer is an {@link IOException} naming the URL and the node's reason.
 */
public final class RestChainEndpoint implements ChainEndpoint {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  /** What signing costs: the gas limit of each transaction and the fee paid for it. */
  public record Fees(long gasLimit, String denom, BigInteger fee) {
    public Fees {
      if (gasLimit <= 0) {
        throw new IllegalArgumentException("gas limit must be positive, got " + gasLimit);
      }
      if (fee.signum() < 0) {
        throw new IllegalArgumentException("fee must not be negative, got " + fee);
      }
    }
  }

  private final URI base;
  private final String chainId;
  private final PrivateKeySigner key;
  private final String signer;
  private final Fees fees;
  private final Duration commitTimeout;
  private final HttpClient http;

  private RestChainEndpoint(
      URI base,
      String chainId,
      PrivateKeySigner key,
      Fees fees,
      Duration commitTimeout,
      HttpClient http) {
    this.base = base;
    this.chainId = chainId;
    this.key = key;
    this.signer = key.publicKey().address().toString();
    this.fees = fees;
    this.commitTimeout = commitTimeout;
    this.http = http;
  }

  /**
   * Connects to the node at {@code url}: reads its chain id from {@code /v1/status}.
   *
   * @param commitTimeout how long {@link #submit} waits for a transaction to be in a block
   * @throws IOException when the node cannot be reached or its status is malformed
   */
  public static RestChainEndpoint connect(
      String url, PrivateKeySigner key, Fees fees, Duration commitTimeout) throws IOException {
    URI base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    RestChainEndpoint probe = new RestChainEndpoint(base, "", key, fees, commitTimeout, http);
    JsonNode status = probe.get("/v1/status");
    String chainId = status.path("chain_id").asText("");
    if (chainId.isEmpty()) {
      throw new IOException(base + "/v1/status: no chain_id in the answer");
    }
    return new RestChainEndpoint(base, chainId, key, fees, commitTimeout, http);
  }

  public String url() {
    return base.toString();
  }

  @Override
  public String chainId() {
    return chainId;
  }

  @Override
  public String signer() {
    return signer;
  }

  @Override
  public long latestHeight() throws IOException {
    return number(get("/v1/status"), "latest_block_height", "/v1/status");
  }

  @Override
  public List<Packet> pendingPackets() throws IOException {
    JsonNode result = query("packets", "");
    List<Packet> out = new ArrayList<>();
    for (JsonNode p : result.path("packets")) {
      try {
        out.add(Packet.parseFrom(base64(p, "encoded", "xchain/packets")));
      } catch (InvalidProtocolBufferException e) {
        throw new IOException(chainId + ": xchain/packets: undecodable packet: " + e.getMessage());
      }
    }
    return out;
  }

  @Override
  public ClientStatus client() throws IOException {
    JsonNode c = query("client", "");
    if (!c.path("configured").asBoolean(false)) {
      throw new IOException(
          chainId + " has no light client of a counterparty (no xchain.counterparty in genesis)");
    }
    return new ClientStatus(
        c.path("chain_id").asText(),
        number(c, "latest_height", "xchain/client"),
        c.path("frozen").asBoolean(false));
  }

  @Override
  public Optional<Acknowledgement> acknowledgement(long sequence) throws IOException {
    JsonNode a = query("ack", "?sequence=" + sequence);
    if (!a.path("exists").asBoolean(false)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Acknowledgement.parseFrom(base64(a, "encoded", "xchain/ack")));
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(chainId + ": xchain/ack: undecodable acknowledgement");
    }
  }

  @Override
  public LightBlockData lightBlock(long height) throws IOException {
    String path = "/v1/light/" + height;
    JsonNode encoded = get(path).path("encoded");
    if (encoded.path("next_validator_set").isNull()
        || encoded.path("next_validator_set").isMissingNode()) {
      throw new IOException(
          base + path + ": the next validator set is not known yet (height " + height + ")");
    }
    try {
      return new LightBlockData(
          SignedHeader.parseFrom(base64(encoded, "signed_header", path)),
          ValidatorSet.parseFrom(base64(encoded, "validator_set", path)),
          ValidatorSet.parseFrom(base64(encoded, "next_validator_set", path)));
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(base + path + ": undecodable light block: " + e.getMessage());
    }
  }

  @Override
  public Proof proof(byte[] stateKey, long height) throws IOException {
    String path = "/v1/state/proof?key=" + Hex.encode(stateKey) + "&height=" + height;
    JsonNode p = get(path);
    Optional<byte[]> value =
        p.path("exists").asBoolean(false)
            ? Optional.of(base64(p, "value", path))
            : Optional.empty();
    return new Proof(value, base64(p, "proof", path));
  }

  /**
   * Broadcasts each transaction (mode {@code sync}) with consecutive sequences of {@link
   * #signer()}, then waits for each to be in a block. A transaction the node refuses at admission
   * does not use its sequence, so the next one takes it; its outcome carries the node's reason.
   */
  @Override
  public List<TxOutcome> submit(List<List<Message>> txs) throws IOException {
    JsonNode account = get("/v1/accounts/" + signer);
    long accountNumber = number(account, "account_number", "/v1/accounts");
    long sequence = number(account, "sequence", "/v1/accounts");
    List<TxOutcome> outcomes = new ArrayList<>();
    List<Optional<String>> hashes = new ArrayList<>();
    for (List<Message> msgs : txs) {
      TxBuilder b =
          TxBuilder.forChain(chainId)
              .fee(List.of(Coins.coin(fees.denom(), fees.fee())))
              .gasLimit(fees.gasLimit())
              .signer(key, accountNumber, sequence);
      for (Message m : msgs) {
        b.addMessage(m);
      }
      ObjectNode body = JSON.createObjectNode();
      body.put("tx_bytes", Base64.getEncoder().encodeToString(b.buildBytes()));
      body.put("mode", "sync");
      Reply r = send(HttpRequest.newBuilder(base.resolve("/v1/txs")).POST(bodyOf(body)), "/v1/txs");
      if (r.status() == 200 && r.body().path("code").asInt(-1) == 0) {
        hashes.add(Optional.of(r.body().path("txhash").asText()));
        outcomes.add(null);
        sequence++;
      } else if (r.status() / 100 == 4 || r.status() == 200) {
        hashes.add(Optional.empty());
        outcomes.add(
            new TxOutcome(
                r.status() == 200 ? r.body().path("code").asInt() : r.status(),
                "admission",
                reason(r)));
      } else {
        throw new IOException(base + "/v1/txs: HTTP " + r.status() + ": " + reason(r));
      }
    }
    long deadline = System.nanoTime() + commitTimeout.toNanos();
    for (int i = 0; i < hashes.size(); i++) {
      if (hashes.get(i).isEmpty()) {
        continue;
      }
      outcomes.set(i, awaitCommitted(hashes.get(i).get(), deadline));
    }
    return outcomes;
  }

  private TxOutcome awaitCommitted(String hash, long deadline) throws IOException {
    String path = "/v1/txs/" + hash;
    while (true) {
      Reply r = send(HttpRequest.newBuilder(base.resolve(path)).GET(), path);
      if (r.status() == 200) {
        return new TxOutcome(
            r.body().path("code").asInt(),
            r.body().path("codespace").asText(""),
            r.body().path("log").asText(""));
      }
      if (r.status() != 404) {
        throw new IOException(base + path + ": HTTP " + r.status() + ": " + reason(r));
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            chainId + ": transaction " + hash + " not in a block after " + commitTimeout);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for transaction " + hash, e);
      }
    }
  }

  private JsonNode query(String route, String params) throws IOException {
    return get("/v1/query/xchain/" + route + params).path("result");
  }

  private record Reply(int status, JsonNode body) {}

  private JsonNode get(String path) throws IOException {
    Reply r = send(HttpRequest.newBuilder(base.resolve(path)).GET(), path);
    if (r.status() != 200) {
      throw new IOException(base + path + ": HTTP " + r.status() + ": " + reason(r));
    }
    return r.body();
  }

  private Reply send(HttpRequest.Builder request, String path) throws IOException {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request.timeout(REQUEST_TIMEOUT).header("Accept", "application/json").build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while calling " + base + path, e);
    } catch (IOException e) {
      throw new IOException(
          base + path + ": unreachable (" + (e.getMessage() == null ? e : e.getMessage()) + ")", e);
    }
    JsonNode body;
    try {
      body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IOException(
          base + path + ": answer is not JSON (HTTP " + response.statusCode() + ")");
    }
    return new Reply(response.statusCode(), body);
  }

  private static String reason(Reply r) {
    JsonNode b = r.body();
    if (b.hasNonNull("message")) {
      return b.path("message").asText();
    }
    if (b.hasNonNull("log")) {
      return b.path("log").asText();
    }
    return b.toString();
  }

  private static HttpRequest.BodyPublisher bodyOf(JsonNode body) {
    return HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
  }

  private long number(JsonNode node, String field, String where) throws IOException {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToLong()) {
      if (v != null && v.isTextual()) {
        try {
          return Long.parseLong(v.asText());
        } catch (NumberFormatException e) {
          throw new IOException(base + where + ": " + field + " is not a number");
        }
      }
      throw new IOException(base + where + ": " + field + " missing or not a number");
    }
    return v.asLong();
  }

  private byte[] base64(JsonNode node, String field, String where) throws IOException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IOException(base + where + ": " + field + " missing");
    }
    try {
      return Base64.getDecoder().decode(v.asText());
    } catch (IllegalArgumentException e) {
      throw new IOException(base + where + ": " + field + " is not base64");
    }
  }
}
