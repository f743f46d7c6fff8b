package io.lattice.bench.runtime;

import io.lattice.bank.app.StandardApp;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.RocksKeyValueStore;
import io.lattice.storage.WriteBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A chain on RocksDB in a temp directory with {@code accounts} funded ed25519 accounts and {@code
 * blocks} pre-signed blocks of one MsgSend per account (account i pays account i+1), executed the
 * way the engine does: finalizeBlock, commit into a batch, synced write, afterCommit.
 */
public final class BlockWorkload implements AutoCloseable {
  static final String CHAIN_ID = "bench-1";

  private final Path dir;
  private final KeyValueStore db;
  private final LatticeApp app;
  private final List<List<byte[]>> blocks = new ArrayList<>();
  private int next;

  public BlockWorkload(int accounts, int blocks, long seed) {
    try {
      dir = Files.createTempDirectory("lattice-block-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    db = RocksKeyValueStore.open(dir);
    app = StandardApp.open(AppConfig.defaults(CHAIN_ID), db);
    Random random = new Random(seed);
    List<PrivateKeySigner> keys = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    StringBuilder genesis = new StringBuilder("{\"bank\":{\"balances\":[");
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
      genesis
          .append(i == 0 ? "" : ",")
          .append("{\"address\":\"")
          .append(addresses.get(i))
          .append("\",\"coins\":[{\"denom\":\"ulat\",\"amount\":\"1000000000000\"}]}");
    }
    genesis.append("]}}");
    try (WriteBatch b = db.newBatch()) {
      app.initChain(genesis.toString().getBytes(StandardCharsets.UTF_8), b);
      db.write(b, true);
    }
    app.afterCommit();
    for (int h = 0; h < blocks; h++) {
      List<byte[]> txs = new ArrayList<>(accounts);
      for (int i = 0; i < accounts; i++) {
        txs.add(
            TxBuilder.forChain(CHAIN_ID)
                .addMessage(
                    MsgSend.newBuilder()
                        .setFromAddress(addresses.get(i))
                        .setToAddress(addresses.get((i + 1) % accounts))
                        .addAmount(Coins.coin("ulat", 1 + h))
                        .build())
                .fee(List.of(Coins.coin("ulat", 2000)))
                .gasLimit(200_000)
                .signer(keys.get(i), i, h)
                .buildBytes());
      }
      this.blocks.add(txs);
    }
  }

  public int remainingBlocks() {
    return blocks.size() - next;
  }

  /**
   * Runs {@code checkTx} on every transaction of the next block, as the mempool does on admission;
   * returns the number refused.
   */
  public int checkNextBlock() {
    int refused = 0;
    for (byte[] tx : blocks.get(next)) {
      if (!app.checkTx(tx, false).isOk()) {
        refused++;
      }
    }
    return refused;
  }

  /** Executes and durably commits the next pre-signed block; returns the failed tx count. */
  public int executeNextBlock() {
    List<byte[]> txs = blocks.get(next++);
    long h = app.info().height() + 1;
    FinalizedBlock fb =
        app.finalizeBlock(
            new BlockContext(CHAIN_ID, h, Instant.ofEpochSecond(1_700_000_000L + h), new byte[20]),
            txs);
    try (WriteBatch b = db.newBatch()) {
      app.commit(b);
      db.write(b, true);
    }
    app.afterCommit();
    int failed = 0;
    for (var r : fb.txResults()) {
      if (r.getCode() != 0) {
        failed++;
      }
    }
    return failed;
  }

  @Override
  public void close() {
    db.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
