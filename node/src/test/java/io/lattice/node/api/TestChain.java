package io.lattice.node.api;

import com.google.protobuf.ByteString;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.crypto.Hashes;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.Data;
import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.EventAttribute;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.types.v1.Timestamp;
import io.lattice.proto.types.v1.TxResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A test double of {@link ChainView} (the real one is the node's {@code ChainNode}): blocks are
 * produced on demand by {@link #commitBlock()}, admission is decided by a settable function, and
 * accounts are set directly.
 */
final class TestChain implements ChainView {
  private final String chainId;
  private final List<CommittedBlock> blocks = new ArrayList<>();
  private final Map<String, CommittedTx> txs = new HashMap<>();
  private final Map<String, AccountView> accounts = new HashMap<>();
  private final List<byte[]> pending = new ArrayList<>();
  private final Map<String, List<CompletableFuture<CommittedTx>>> waiters = new HashMap<>();
  private final List<Consumer<CommittedBlock>> listeners = new CopyOnWriteArrayList<>();
  volatile Function<byte[], CheckTxResult> checker =
      tx -> new CheckTxResult(0, "", "", 100_000, "sender", 0, 1);
  volatile boolean commitOnSubmit;
  volatile boolean catchingUp;

  /** The first block served, as after state sync (blocks below it are not served). */
  volatile long earliest = 1;

  TestChain(String chainId) {
    this.chainId = chainId;
  }

  static String key(byte[] hash) {
    return io.lattice.common.Hex.encode(hash);
  }

  synchronized void putAccount(AccountView account) {
    accounts.put(account.address(), account);
  }

  /** Commits every pending transaction in a new block (possibly empty) and notifies listeners. */
  CommittedBlock commitBlock() {
    CommittedBlock committed;
    Map<CompletableFuture<CommittedTx>, CommittedTx> done = new HashMap<>();
    synchronized (this) {
      long height = blocks.size() + 1L;
      Data.Builder data = Data.newBuilder();
      List<TxResult> results = new ArrayList<>();
      for (byte[] tx : pending) {
        data.addTxs(ByteString.copyFrom(tx));
        results.add(
            TxResult.newBuilder()
                .setLog("ok")
                .setGasWanted(100_000)
                .setGasUsed(50_000)
                .addEvents(
                    Event.newBuilder()
                        .setType("transfer")
                        .addAttributes(
                            EventAttribute.newBuilder().setKey("amount").setValue("1ulat")))
                .build());
      }
      byte[] lastHash = blocks.isEmpty() ? new byte[32] : blocks.getLast().hash();
      Header header =
          Header.newBuilder()
              .setChainId(chainId)
              .setHeight(height)
              .setTime(Timestamp.newBuilder().setSeconds(1_700_000_000L + height))
              .setLastBlockId(BlockId.newBuilder().setHash(ByteString.copyFrom(lastHash)))
              .setAppHash(
                  ByteString.copyFrom(
                      Hashes.sha256(
                          ("app" + height).getBytes(java.nio.charset.StandardCharsets.UTF_8))))
              .build();
      Block block =
          Block.newBuilder()
              .setHeader(header)
              .setData(data)
              .setLastCommit(
                  Commit.newBuilder()
                      .setHeight(height - 1)
                      .setBlockId(BlockId.newBuilder().setHash(ByteString.copyFrom(lastHash))))
              .build();
      committed = new CommittedBlock(block, Hashes.sha256(header.toByteArray()), results);
      blocks.add(committed);
      for (int i = 0; i < pending.size(); i++) {
        byte[] tx = pending.get(i);
        byte[] hash = Hashes.sha256(tx);
        CommittedTx ctx = new CommittedTx(hash, height, i, tx, results.get(i));
        txs.put(key(hash), ctx);
        List<CompletableFuture<CommittedTx>> w = waiters.remove(key(hash));
        if (w != null) {
          w.forEach(f -> done.put(f, ctx));
        }
      }
      pending.clear();
    }
    for (Consumer<CommittedBlock> l : listeners) {
      l.accept(committed);
    }
    done.forEach(CompletableFuture::complete);
    return committed;
  }

  @Override
  public String chainId() {
    return chainId;
  }

  @Override
  public String nodeId() {
    return "ab".repeat(20);
  }

  @Override
  public synchronized long latestHeight() {
    return blocks.size();
  }

  @Override
  public boolean catchingUp() {
    return catchingUp;
  }

  @Override
  public long earliestHeight() {
    return blocks.isEmpty() ? 0 : earliest;
  }

  @Override
  public synchronized Optional<CommittedBlock> block(long height) {
    return height >= earliest && height <= blocks.size()
        ? Optional.of(blocks.get((int) height - 1))
        : Optional.empty();
  }

  @Override
  public synchronized Optional<CommittedTx> tx(byte[] hash) {
    return Optional.ofNullable(txs.get(key(hash)));
  }

  @Override
  public synchronized List<CommittedTx> txsByAccount(String address, int limit) {
    List<CommittedTx> out = new ArrayList<>();
    for (CommittedTx tx : txs.values()) {
      if (JsonViews.involvedAddresses(tx.txBytes()).contains(address)) {
        out.add(tx);
      }
    }
    out.sort((a, b) -> Long.compare(b.height(), a.height()));
    return out.subList(0, Math.min(limit, out.size()));
  }

  @Override
  public synchronized Optional<AccountView> account(String address) {
    return Optional.ofNullable(accounts.get(address));
  }

  @Override
  public List<ValidatorView> validators() {
    return List.of();
  }

  @Override
  public synchronized StateProofView stateProof(byte[] key, long height) {
    long h = height == 0 ? blocks.size() : height;
    return new StateProofView(key, Optional.empty(), h, new byte[32], new byte[] {1, 2, 3});
  }

  @Override
  public CheckTxResult submit(byte[] txBytes) {
    CheckTxResult result = checker.apply(txBytes);
    if (result.isOk()) {
      synchronized (this) {
        pending.add(txBytes.clone());
      }
      if (commitOnSubmit) {
        commitBlock();
      }
    }
    return result;
  }

  @Override
  public synchronized CompletableFuture<CommittedTx> awaitCommit(byte[] hash) {
    CompletableFuture<CommittedTx> f = new CompletableFuture<>();
    CommittedTx already = txs.get(key(hash));
    if (already != null) {
      f.complete(already);
      return f;
    }
    waiters.computeIfAbsent(key(hash), k -> new ArrayList<>()).add(f);
    return f;
  }

  @Override
  public synchronized int mempoolSize() {
    return pending.size();
  }

  @Override
  public AutoCloseable onBlock(Consumer<CommittedBlock> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  static Coin coin(String denom, String amount) {
    return Coin.newBuilder().setDenom(denom).setAmount(amount).build();
  }
}
