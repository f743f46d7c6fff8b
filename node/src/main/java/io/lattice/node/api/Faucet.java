package io.lattice.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.common.Clock;
import io.lattice.common.Hex;
import io.lattice.node.api.ChainView.AccountView;
import io.lattice.node.api.ChainView.CommittedTx;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.tx.TxBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code POST /v1/faucet}: sends a fixed amount from the faucet key's account to the requested
 * address and waits for the transfer to be committed. Each address is served at most once per
 * interval (429 with Retry-After otherwise). Requests are serialized so that each one reads the
 * faucet account's sequence after the previous transfer was committed.
 */
final class Faucet {
  /** Above this many remembered grants, those older than the interval are forgotten. */
  static final int PRUNE_THRESHOLD = 10_000;

  private final ChainView chain;
  private final FaucetOptions options;
  private final ChainRoutes routes;
  private final Clock clock;
  private final String faucetAddress;
  private final Map<String, Instant> lastGrant = new HashMap<>();
  private final ReentrantLock sendLock = new ReentrantLock(true);

  Faucet(ChainView chain, FaucetOptions options, ChainRoutes routes, Clock clock) {
    this.chain = chain;
    this.options = options;
    this.routes = routes;
    this.clock = clock;
    this.faucetAddress = options.key().publicKey().address().toString();
  }

  ObjectNode request(JsonNode body) throws ApiException {
    JsonNode field = body.get("address");
    if (field == null || !field.isTextual()) {
      throw ApiException.badRequest("address: required bech32 string");
    }
    String address = ChainRoutes.parseAddress("address", field.asText());
    Instant reservedAt = reserve(address);
    boolean granted = false;
    try {
      CommittedTx tx;
      sendLock.lock();
      try {
        tx = send(address);
      } finally {
        sendLock.unlock();
      }
      if (tx.result().getCode() != 0) {
        throw new ApiException(503, "faucet transfer failed: " + tx.result().getLog());
      }
      granted = true;
      ObjectNode out = JsonViews.object();
      out.put("txhash", Hex.encode(tx.hash()));
      out.put("height", tx.height());
      out.put("address", address);
      out.set("amount", JsonViews.coins(List.of(coin(options.amountPerRequest()))));
      return out;
    } finally {
      if (!granted) {
        release(address, reservedAt);
      }
    }
  }

  /** Records a grant for {@code address} now, or refuses with 429 if it was served recently. */
  private Instant reserve(String address) throws ApiException {
    Instant now = clock.now();
    synchronized (lastGrant) {
      Instant previous = lastGrant.get(address);
      if (previous != null) {
        Instant next = previous.plus(options.perAddressInterval());
        if (now.isBefore(next)) {
          long wait = Math.max(1, (Duration.between(now, next).toMillis() + 999) / 1000);
          throw new ApiException(
              429,
              "faucet already served " + address + "; try again in " + wait + "s",
              Optional.of(wait));
        }
      }
      if (lastGrant.size() >= PRUNE_THRESHOLD) {
        Instant horizon = now.minus(options.perAddressInterval());
        lastGrant.values().removeIf(granted -> !granted.isAfter(horizon));
      }
      lastGrant.put(address, now);
      return now;
    }
  }

  private void release(String address, Instant reservedAt) {
    synchronized (lastGrant) {
      lastGrant.remove(address, reservedAt);
    }
  }

  private CommittedTx send(String to) throws ApiException {
    AccountView account =
        chain
            .account(faucetAddress)
            .orElseThrow(() ->
                new ApiException(
                    503, "faucet account " + faucetAddress + " does not exist on this chain"));
    TxBuilder builder =
        TxBuilder.forChain(chain.chainId())
            .addMessage(
                MsgSend.newBuilder()
                    .setFromAddress(faucetAddress)
                    .setToAddress(to)
                    .addAmount(coin(options.amountPerRequest()))
                    .build())
            .gasLimit(options.gasLimit())
            .signer(options.key(), account.accountNumber(), account.sequence());
    if (options.feeAmount().signum() > 0) {
      builder.fee(List.of(coin(options.feeAmount())));
    }
    byte[] tx = builder.buildBytes();
    return routes.submitAndAwait(tx);
  }

  private Coin coin(java.math.BigInteger amount) {
    return Coin.newBuilder().setDenom(options.denom()).setAmount(amount.toString()).build();
  }
}
