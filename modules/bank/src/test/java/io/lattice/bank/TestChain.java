package io.lattice.bank;

import io.lattice.bank.app.StandardApp;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.auth.v1.BaseAccount;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A one-process chain for tests: the standard app over the real state tree on an in-memory
 * key/value store, ed25519 accounts derived from a seed and funded at genesis, blocks driven the
 * way the engine drives them (finalizeBlock, commit into a batch, write, afterCommit).
 */
public final class TestChain {
  public static final String CHAIN_ID = "lattice-1";
  public static final long INITIAL = 1_000_000_000L;
  public static final long FEE = 2000;
  public static final long GAS = 200_000;

  /** Balance of a test account that genesis did not fund. */
  public static final long INITIAL_UNFUNDED = 0;

  public final KeyValueStore db;
  public final AppConfig config;
  public LatticeApp app;
  public final List<PrivateKeySigner> keys = new ArrayList<>();
  public final List<String> addresses = new ArrayList<>();

  public TestChain(long seed, int accounts) {
    this(seed, accounts, AppConfig.defaults(CHAIN_ID), new MemoryKeyValueStore());
  }

  public TestChain(long seed, int accounts, AppConfig config, KeyValueStore db) {
    this.db = db;
    this.config = config;
    Random random = new Random(seed);
    for (int i = 0; i < accounts; i++) {
      byte[] sk = new byte[32];
      random.nextBytes(sk);
      try {
        PrivateKeySigner k = KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, sk);
        keys.add(k);
        addresses.add(k.publicKey().address().toString());
      } catch (CryptoException e) {
        throw new IllegalStateException(e);
      }
    }
    this.app = StandardApp.open(config, db);
  }

  /** Genesis with every account funded with {@link #INITIAL} ulat and 1000 stake. */
  public String genesisJson() {
    StringBuilder sb = new StringBuilder("{\"bank\":{\"balances\":[");
    for (int i = 0; i < addresses.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"address\":\"")
          .append(addresses.get(i))
          .append("\",\"coins\":[{\"denom\":\"stake\",\"amount\":\"1000\"},")
          .append("{\"denom\":\"ulat\",\"amount\":\"")
          .append(INITIAL)
          .append("\"}]}");
    }
    return sb.append("]}}").toString();
  }

  public TestChain genesis() {
    return genesis(genesisJson());
  }

  public TestChain genesis(String json) {
    try (WriteBatch b = db.newBatch()) {
      app.initChain(json.getBytes(StandardCharsets.UTF_8), b);
      db.write(b, true);
    }
    app.afterCommit();
    return this;
  }

  /** Executes and commits the next block. */
  public FinalizedBlock block(byte[]... txs) {
    long h = app.info().height() + 1;
    FinalizedBlock fb =
        app.finalizeBlock(
            new BlockContext(CHAIN_ID, h, Instant.ofEpochSecond(1_700_000_000L + h), new byte[20]),
            Arrays.asList(txs));
    try (WriteBatch b = db.newBatch()) {
      app.commit(b);
      db.write(b, true);
    }
    app.afterCommit();
    return fb;
  }

  /** Reopens the app over the same store, as a restarted node would. */
  public void restart() {
    app = StandardApp.open(config, db);
  }

  public BaseAccount account(int i) {
    return app.account(addresses.get(i)).orElseThrow();
  }

  public long balance(int i, String denom) {
    return Long.parseLong(
        app.balances(addresses.get(i)).stream()
            .filter(c -> c.getDenom().equals(denom))
            .map(c -> c.getAmount())
            .findFirst()
            .orElse("0"));
  }

  public long balance(String address, String denom) {
    return Long.parseLong(
        app.balances(address).stream()
            .filter(c -> c.getDenom().equals(denom))
            .map(c -> c.getAmount())
            .findFirst()
            .orElse("0"));
  }

  public static MsgSend send(String from, String to, long amount, String denom) {
    return MsgSend.newBuilder()
        .setFromAddress(from)
        .setToAddress(to)
        .addAmount(Coins.coin(denom, amount))
        .build();
  }

  /**
   * A builder pre-filled for a send from account {@code from} at its current committed sequence.
   */
  public TxBuilder sendTx(int from, String to, long amount) {
    BaseAccount a = account(from);
    return TxBuilder.forChain(CHAIN_ID)
        .addMessage(send(addresses.get(from), to, amount, "ulat"))
        .fee(List.of(Coins.coin("ulat", FEE)))
        .gasLimit(GAS)
        .signer(keys.get(from), a.getAccountNumber(), a.getSequence());
  }

  public byte[] sendBytes(int from, int to, long amount) {
    return sendTx(from, addresses.get(to), amount).buildBytes();
  }
}
