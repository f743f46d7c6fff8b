package io.lattice.node.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.EngineListener;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.BlockVerifier;
import io.lattice.consensus.block.InvalidBlockException;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.Hashes;
import io.lattice.node.api.ChainView;
import io.lattice.proto.auth.v1.BaseAccount;
import io.lattice.proto.consensus.v1.LightBlock;
import io.lattice.proto.consensus.v1.SignedHeader;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.tx.v1.PublicKey;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.mempool.Mempool;
import io.lattice.runtime.store.CommitStore;
import io.lattice.storage.block.TxLocation;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running chain as the API sees it. Reads blocks and transactions from the {@link StoredChain},
 * accounts and proofs from the application's committed state, and admits transactions to the {@link
 * Mempool}. As the engine's {@link EngineListener} it completes {@link #awaitCommit} futures and
 * forwards each committed block to the {@link #onBlock} listeners.
 *
 * <p>Thread-safe: every read goes to thread-safe committed-state views; the listener lists and the
 * pending-commit map are concurrent.
 */
public final class ChainNode implements ChainView, EngineListener {
  private static final Logger log = LoggerFactory.getLogger(ChainNode.class);
  private static final HexFormat HEX = HexFormat.of();

  private final String chainId;
  private final String nodeId;
  private final ValidatorHistory validators;
  private final StoredChain chain;
  private final LatticeApp app;
  private final Mempool mempool;
  private final LongSupplier committedHeight;
  private final List<Consumer<CommittedBlock>> blockListeners = new CopyOnWriteArrayList<>();
  private final Map<String, CompletableFuture<CommittedTx>> awaiting = new ConcurrentHashMap<>();
  private final Optional<PeerNetwork> peers;

  /**
   * @param committedHeight the engine's committed height: blocks above it are not served yet, even
   *     once durable, so that readers never see a block before its state
   */
  public ChainNode(
      String chainId,
      String nodeId,
      ValidatorHistory validators,
      StoredChain chain,
      LatticeApp app,
      Mempool mempool,
      LongSupplier committedHeight,
      Optional<PeerNetwork> peers) {
    this.chainId = chainId;
    this.nodeId = nodeId;
    this.validators = validators;
    this.chain = chain;
    this.app = app;
    this.mempool = mempool;
    this.committedHeight = committedHeight;
    this.peers = peers;
  }

  @Override
  public String chainId() {
    return chainId;
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public long latestHeight() {
    return Math.min(committedHeight.getAsLong(), app.committedHeight());
  }

  @Override
  public long earliestHeight() {
    return latestHeight() > 0 ? chain.earliestHeight() : 0;
  }

  @Override
  public boolean catchingUp() {
    return peers.map(PeerNetwork::catchingUp).orElse(false);
  }

  /**
   * A stored block, after checking that its header matches its content and that its commit (and the
   * last commit it carries, except in the first block a state-synced node stores) verify against
   * the validator set.
   *
   * @throws IllegalStateException when the stored block fails those checks (a corrupt store)
   */
  @Override
  public Optional<CommittedBlock> block(long height) {
    if (height <= 0 || height > latestHeight()) {
      return Optional.empty();
    }
    Optional<Block> block = chain.block(height);
    if (block.isEmpty()) {
      return Optional.empty();
    }
    Block b = block.get();
    byte[] hash = BlockHashes.header(b.getHeader());
    Commit commit =
        chain
            .commit(height)
            .orElseThrow(() -> new IllegalStateException("block " + height + " has no commit"));
    ValidatorSet decidedBy = setAt(height);
    try {
      BlockVerifier.verifyBlock(chainId, decidedBy, b, hash);
      BlockVerifier.verifyCommit(chainId, decidedBy, height, hash, commit);
      // the first block of a state-synced node: the set before it is not stored (the block's
      // header, last-commit hash included, was verified by the light client at restore)
      boolean previousKnown = height > chain.earliestHeight();
      if (previousKnown && b.hasLastCommit() && b.getLastCommit().getHeight() > 0) {
        BlockVerifier.verifyCommit(
            chainId,
            setAt(height - 1),
            height - 1,
            b.getHeader().getLastBlockId().getHash().toByteArray(),
            b.getLastCommit());
      }
    } catch (InvalidBlockException e) {
      throw new IllegalStateException("stored " + e.getMessage(), e);
    }
    List<TxResult> results = chain.results(height).orElse(List.of());
    return Optional.of(new CommittedBlock(b, hash, results));
  }

  private ValidatorSet setAt(long height) {
    return validators
        .validatorSet(height)
        .orElseThrow(
            () -> new IllegalStateException("no validator set stored for block " + height));
  }

  @Override
  public Optional<CommittedTx> tx(byte[] hash) {
    return chain.txLocation(hash).filter(l -> l.height() <= latestHeight()).flatMap(this::load);
  }

  private Optional<CommittedTx> load(TxLocation at) {
    Optional<Block> block = chain.block(at.height());
    Optional<List<TxResult>> results = chain.results(at.height());
    if (block.isEmpty()
        || results.isEmpty()
        || at.index() >= block.get().getData().getTxsCount()
        || at.index() >= results.get().size()) {
      return Optional.empty();
    }
    byte[] tx = block.get().getData().getTxs(at.index()).toByteArray();
    return Optional.of(
        new CommittedTx(
            Hashes.sha256(tx), at.height(), at.index(), tx, results.get().get(at.index())));
  }

  @Override
  public List<CommittedTx> txsByAccount(String address, int limit) {
    List<CommittedTx> out = new ArrayList<>();
    long latest = latestHeight();
    for (TxLocation at : chain.txsByAccount(address, limit)) {
      if (at.height() <= latest) {
        load(at).ifPresent(out::add);
      }
    }
    return out;
  }

  @Override
  public Optional<AccountView> account(String address) {
    Optional<BaseAccount> account = app.account(address);
    List<Coin> balances = app.balances(address);
    if (account.isEmpty() && balances.isEmpty()) {
      return Optional.empty();
    }
    BaseAccount a = account.orElse(BaseAccount.getDefaultInstance());
    return Optional.of(
        new AccountView(
            address,
            a.getAccountNumber(),
            a.getSequence(),
            a.hasPublicKey() ? Optional.of(a.getPublicKey()) : Optional.empty(),
            balances));
  }

  @Override
  public List<ValidatorView> validators() {
    List<ValidatorView> out = new ArrayList<>();
    for (Validator v : validators.current().getValidatorsList()) {
      String address;
      try {
        address = Address.fromBytes(v.getAddress().toByteArray()).toString();
      } catch (CryptoException e) {
        throw new IllegalStateException("stored validator address is invalid", e);
      }
      out.add(
          new ValidatorView(
              address,
              PublicKey.newBuilder()
                  .setAlgorithm(v.getPubKey().getAlgorithm())
                  .setKey(v.getPubKey().getKey())
                  .build(),
              v.getVotingPower()));
    }
    return out;
  }

  /**
   * @throws IllegalArgumentException when {@code height} is above the latest height or pruned
   */
  @Override
  public StateProofView stateProof(byte[] key, long height) {
    long h = height == 0 ? app.committedHeight() : height;
    CommitStore.StateProof p =
        app.stateProof(key, h)
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "no state at height " + h + " (pruned or not yet committed)"));
    return new StateProofView(p.key(), p.value(), p.version(), p.rootHash(), p.proof());
  }

  @Override
  public boolean hasModule(String name) {
    return app.moduleNames().contains(name);
  }

  @Override
  public JsonNode query(String module, String path, JsonNode request, long height) {
    if (!hasModule(module)) {
      throw new NoSuchElementException(
          "module " + module + " is not on this chain (chain id " + chainId + ")");
    }
    String route = module + "/" + path;
    if (!app.hasQuery(route)) {
      throw new NoSuchElementException(
          "module " + module + " has no query '" + path + "' (chain id " + chainId + ")");
    }
    return app.query(route, request, height);
  }

  @Override
  public Optional<LightBlockView> lightBlock(long height) {
    if (height <= 0 || height > latestHeight() || height < chain.earliestHeight()) {
      return Optional.empty();
    }
    Optional<Block> block = chain.block(height);
    Optional<Commit> commit = chain.commit(height);
    Optional<ValidatorSet> set = validators.validatorSet(height);
    if (block.isEmpty() || commit.isEmpty() || set.isEmpty()) {
      return Optional.empty();
    }
    LightBlock light =
        LightBlock.newBuilder()
            .setSignedHeader(
                SignedHeader.newBuilder()
                    .setHeader(block.get().getHeader())
                    .setCommit(commit.get()))
            .setValidatorSet(set.get())
            .build();
    return Optional.of(new LightBlockView(light, validators.validatorSet(height + 1)));
  }

  @Override
  public CheckTxResult submit(byte[] txBytes) {
    CheckTxResult result = mempool.add(txBytes);
    if (result.code() == 0) {
      peers.ifPresent(p -> p.announce(txBytes));
    }
    return result;
  }

  @Override
  public CompletableFuture<CommittedTx> awaitCommit(byte[] hash) {
    String key = HEX.formatHex(hash);
    CompletableFuture<CommittedTx> future =
        awaiting.computeIfAbsent(key, k -> new CompletableFuture<>());
    // The transaction may have been committed before the future was registered.
    tx(hash)
        .ifPresent(committed -> {
          awaiting.remove(key, future);
          future.complete(committed);
        });
    var unused = future.whenComplete((v, e) -> awaiting.remove(key, future));
    return future;
  }

  @Override
  public int mempoolSize() {
    return mempool.size();
  }

  @Override
  public AutoCloseable onBlock(Consumer<CommittedBlock> listener) {
    blockListeners.add(listener);
    return () -> blockListeners.remove(listener);
  }

  /** Engine callback, on the engine thread, after the block is durable. */
  @Override
  public void committed(BlockCommitted committed) {
    Block block = committed.block();
    long height = committed.height();
    List<ByteString> txs = block.getData().getTxsList();
    if (!awaiting.isEmpty()) {
      for (int i = 0; i < txs.size(); i++) {
        byte[] tx = txs.get(i).toByteArray();
        byte[] hash = Hashes.sha256(tx);
        CompletableFuture<CommittedTx> f = awaiting.remove(HEX.formatHex(hash));
        if (f != null) {
          f.complete(new CommittedTx(hash, height, i, tx, committed.results().get(i)));
        }
      }
    }
    CommittedBlock view = new CommittedBlock(block, committed.hash(), committed.results());
    for (Consumer<CommittedBlock> l : blockListeners) {
      try {
        l.accept(view);
      } catch (RuntimeException e) {
        log.warn("block listener failed at height {}", height, e);
      }
    }
  }

  @Override
  public void halted(Throwable cause) {
    IllegalStateException stopped = new IllegalStateException("the node stopped: " + cause);
    for (CompletableFuture<CommittedTx> f : awaiting.values()) {
      f.completeExceptionally(stopped);
    }
    awaiting.clear();
  }
}
