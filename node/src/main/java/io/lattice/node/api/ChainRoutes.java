package io.lattice.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.common.Hex;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.node.api.ChainView.CommittedBlock;
import io.lattice.node.api.ChainView.CommittedTx;
import io.lattice.runtime.mempool.Mempool;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** The REST handlers over a {@link ChainView}: parse and validate parameters, answer JSON. */
final class ChainRoutes {
  static final int DEFAULT_ACCOUNT_TXS = 50;
  static final int MAX_ACCOUNT_TXS = 500;

  private final ChainView chain;
  private final Duration commitTimeout;
  private final Consumer<CheckTxResult> rejected;

  ChainRoutes(ChainView chain, Duration commitTimeout) {
    this(chain, commitTimeout, r -> {});
  }

  /**
   * @param rejected told of each transaction {@code checkTx} refused (for metrics)
   */
  ChainRoutes(ChainView chain, Duration commitTimeout, Consumer<CheckTxResult> rejected) {
    this.chain = chain;
    this.commitTimeout = commitTimeout;
    this.rejected = rejected;
  }

  ObjectNode status() {
    long height = chain.latestHeight();
    Optional<CommittedBlock> latest = height > 0 ? chain.block(height) : Optional.empty();
    ObjectNode out = JsonViews.object();
    out.put("chain_id", chain.chainId());
    out.put("latest_block_height", height);
    out.put("latest_block_hash", latest.map(b -> Hex.encode(b.hash())).orElse(""));
    out.put(
        "latest_app_hash",
        latest.map(b -> JsonViews.hex(b.block().getHeader().getAppHash())).orElse(""));
    out.put(
        "latest_block_time",
        latest.map(b -> JsonViews.time(b.block().getHeader().getTime())).orElse(""));
    out.put("earliest_block_height", chain.earliestHeight());
    out.put("catching_up", chain.catchingUp());
    out.put("node_id", chain.nodeId());
    out.put("mempool_size", chain.mempoolSize());
    return out;
  }

  ObjectNode block(String heightParam) throws ApiException {
    long latest = chain.latestHeight();
    long height;
    if ("latest".equals(heightParam)) {
      if (latest == 0) {
        throw ApiException.notFound("no block committed yet");
      }
      height = latest;
    } else {
      height = parseHeight("height", heightParam);
      if (height == 0) {
        throw ApiException.badRequest("height: must be at least 1 or 'latest', got 0");
      }
    }
    if (height > latest) {
      throw ApiException.notFound("block " + height + " not found: latest height is " + latest);
    }
    long earliest = chain.earliestHeight();
    if (height < earliest) {
      throw ApiException.notFound(
          "block "
              + height
              + " not found: this node's history starts at "
              + earliest
              + " (it joined by state sync)");
    }
    return JsonViews.block(
        chain
            .block(height)
            .orElseThrow(() -> ApiException.notFound("block " + height + " not found (pruned)")));
  }

  ObjectNode tx(String hashParam) throws ApiException {
    byte[] hash = parseTxHash("hash", hashParam);
    return JsonViews.committedTx(
        chain
            .tx(hash)
            .orElseThrow(
                () -> ApiException.notFound("transaction " + Hex.encode(hash) + " not found")));
  }

  ObjectNode account(String addressParam) throws ApiException {
    String address = parseAddress("address", addressParam);
    return JsonViews.account(
        chain
            .account(address)
            .orElseThrow(() -> ApiException.notFound("account " + address + " not found")));
  }

  ObjectNode accountTxs(String addressParam, String limitParam) throws ApiException {
    String address = parseAddress("address", addressParam);
    int limit = DEFAULT_ACCOUNT_TXS;
    if (limitParam != null) {
      long parsed = parseHeight("limit", limitParam);
      if (parsed < 1 || parsed > MAX_ACCOUNT_TXS) {
        throw ApiException.badRequest(
            "limit: must be 1.." + MAX_ACCOUNT_TXS + ", got " + limitParam);
      }
      limit = (int) parsed;
    }
    ObjectNode out = JsonViews.object();
    out.put("address", address);
    ArrayNode txs = out.putArray("txs");
    for (CommittedTx tx : chain.txsByAccount(address, limit)) {
      txs.add(JsonViews.committedTx(tx));
    }
    return out;
  }

  ObjectNode validators() {
    ObjectNode out = JsonViews.object();
    out.put("height", chain.latestHeight());
    ArrayNode vals = out.putArray("validators");
    chain.validators().forEach(v -> vals.add(JsonViews.validator(v)));
    return out;
  }

  ObjectNode proof(String keyParam, String heightParam) throws ApiException {
    if (keyParam == null || keyParam.isEmpty()) {
      throw ApiException.badRequest("key: query parameter is required (hex)");
    }
    byte[] key = parseHex("key", keyParam);
    long height = heightParam == null ? 0 : parseHeight("height", heightParam);
    if (height > chain.latestHeight()) {
      throw ApiException.notFound(
          "height " + height + " not found: latest height is " + chain.latestHeight());
    }
    try {
      return JsonViews.proof(chain.stateProof(key, height));
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("no state at height " + height + ": " + e.getMessage());
    }
  }

  ObjectNode submit(JsonNode body) throws ApiException {
    JsonNode txField = body.get("tx_bytes");
    if (txField == null || !txField.isTextual()) {
      throw ApiException.badRequest("tx_bytes: required base64 string");
    }
    byte[] txBytes;
    try {
      txBytes = Base64.getDecoder().decode(txField.asText());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("tx_bytes: invalid base64: " + e.getMessage());
    }
    if (txBytes.length == 0) {
      throw ApiException.badRequest("tx_bytes: empty transaction");
    }
    JsonNode modeField = body.get("mode");
    String mode = modeField == null || modeField.isNull() ? "sync" : modeField.asText();
    return switch (mode) {
      case "sync" -> {
        byte[] hash = JsonViews.txHash(txBytes);
        CheckTxResult result = admit(txBytes);
        yield JsonViews.object()
            .put("txhash", Hex.encode(hash))
            .put("code", result.code())
            .put("log", result.log())
            .put("gas_wanted", result.gasWanted());
      }
      case "commit" -> commitResponse(submitAndAwait(txBytes));
      default ->
          throw ApiException.badRequest("mode: must be 'sync' or 'commit', got '" + mode + "'");
    };
  }

  static ObjectNode commitResponse(CommittedTx tx) {
    ObjectNode out = JsonViews.object();
    out.put("txhash", Hex.encode(tx.hash()));
    out.put("height", tx.height());
    out.put("index", tx.index());
    JsonViews.txResult(out, tx.result());
    return out;
  }

  /** Runs checkTx; a rejection becomes 422 (or 503 for a full mempool / catching-up node). */
  CheckTxResult admit(byte[] txBytes) throws ApiException {
    if (chain.catchingUp()) {
      throw new ApiException(503, "node is catching up; try again when it is at the head");
    }
    CheckTxResult result = chain.submit(txBytes);
    if (!result.isOk()) {
      rejected.accept(result);
      int status = 422;
      if (Mempool.CODESPACE.equals(result.codespace())) {
        if (result.code() == Mempool.CODE_FULL) {
          status = 503;
        } else if (result.code() == Mempool.CODE_TOO_LARGE) {
          status = 413;
        }
      }
      throw new ApiException(status, "transaction rejected: " + result.log());
    }
    return result;
  }

  /** Admits the transaction and waits for it to be committed (at most the commit timeout). */
  CommittedTx submitAndAwait(byte[] txBytes) throws ApiException {
    byte[] hash = JsonViews.txHash(txBytes);
    CompletableFuture<CommittedTx> committed = chain.awaitCommit(hash);
    try {
      admit(txBytes);
    } catch (ApiException e) {
      committed.cancel(false);
      throw e;
    }
    try {
      return committed.get(commitTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      committed.cancel(false);
      throw new ApiException(
          504,
          "transaction "
              + Hex.encode(hash)
              + " was admitted but not committed within "
              + commitTimeout.toSeconds()
              + "s; query GET /v1/txs/"
              + Hex.encode(hash)
              + " later");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "interrupted while waiting for commit");
    } catch (ExecutionException e) {
      throw new ApiException(
          503, "waiting for commit failed: " + String.valueOf(e.getCause().getMessage()));
    }
  }

  static long parseHeight(String field, String text) throws ApiException {
    if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(Character::isDigit)) {
      throw ApiException.badRequest(
          field + ": must be a non-negative decimal integer, got '" + text + "'");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(field + ": out of range: '" + text + "'");
    }
  }

  static byte[] parseHex(String field, String text) throws ApiException {
    try {
      return Hex.decode(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(field + ": invalid hex: " + e.getMessage());
    }
  }

  static byte[] parseTxHash(String field, String text) throws ApiException {
    byte[] hash = parseHex(field, text);
    if (hash.length != 32) {
      throw ApiException.badRequest(
          field + ": a transaction hash is 32 bytes (64 hex digits), got " + hash.length);
    }
    return hash;
  }

  static String parseAddress(String field, String text) throws ApiException {
    try {
      return Address.parse(text).toString();
    } catch (CryptoException e) {
      throw ApiException.badRequest(field + ": " + e.getMessage());
    }
  }
}
