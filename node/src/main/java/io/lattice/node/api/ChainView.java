package io.lattice.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.proto.consensus.v1.LightBlock;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.tx.v1.PublicKey;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.proto.types.v1.ValidatorSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What the REST/WebSocket API and the faucet need from a running chain node. The API owns this
 * port; the node's composition root implements it. Every method is thread-safe and answers from
 * committed state only (never from a block being executed).
 */
public interface ChainView {
  String chainId();

  /** The node's id (hex of its node key's address). */
  String nodeId();

  /** Height of the last committed block, 0 before the first block. */
  long latestHeight();

  /**
   * Height of the first block this node stores: 1, or where a state-synced node's history starts; 0
   * before the first block.
   */
  default long earliestHeight() {
    return latestHeight() > 0 ? 1 : 0;
  }

  /** True while the node is replaying or syncing and not yet at the network's head. */
  boolean catchingUp();

  /** A committed block with its hash, or empty when the height is unknown or pruned. */
  Optional<CommittedBlock> block(long height);

  /** A committed transaction by its hash (SHA-256 of the TxRaw bytes). */
  Optional<CommittedTx> tx(byte[] hash);

  /** Committed transactions that involve {@code address} (signer or recipient), newest first. */
  List<CommittedTx> txsByAccount(String address, int limit);

  /** An account's state at the latest height; empty when it has neither balance nor account. */
  Optional<AccountView> account(String address);

  List<ValidatorView> validators();

  /** Proof that {@code key} has (or has not) a value at {@code height} (latest when 0). */
  StateProofView stateProof(byte[] key, long height);

  /**
   * Admits a transaction to the mempool (after {@code checkTx}); the result says why it was
   * refused. A full mempool answers with a non-zero code naming it.
   */
  CheckTxResult submit(byte[] txBytes);

  /** Completes when the transaction with this hash is committed. */
  CompletableFuture<CommittedTx> awaitCommit(byte[] hash);

  /** Number of transactions waiting in the mempool. */
  int mempoolSize();

  /** Receives every committed block, in height order, on a node thread; must not block. */
  AutoCloseable onBlock(Consumer<CommittedBlock> listener);

  /**
   * Whether the chain runs the module {@code name} (its state machine registered it); the module
   * query routes and their friendly aliases answer 404 for a module that is not on the chain.
   */
  default boolean hasModule(String name) {
    return false;
  }

  /**
   * Answers the module query {@code "<module>/<path>"} over committed state at {@code height} (0 =
   * the latest).
   *
   * @throws NoSuchElementException when the chain has no such module or route
   * @throws IllegalArgumentException naming what is wrong with the request or the height
   */
  default JsonNode query(String module, String path, JsonNode request, long height) {
    throw new NoSuchElementException("module " + module + " is not on this chain");
  }

  /**
   * What a light client needs for {@code height}: the header with the commit that decided it and
   * the validator set that signed it, plus the validator set of the next height (empty when not
   * stored yet). Empty when the height is not committed or not stored (pruned, or before a
   * state-synced node's first block).
   */
  default Optional<LightBlockView> lightBlock(long height) {
    return Optional.empty();
  }

  /** {@code nextValidatorSet} is the set that decides the block after the light block's. */
  record LightBlockView(LightBlock lightBlock, Optional<ValidatorSet> nextValidatorSet) {}

  /** A committed block, its hash (SHA-256 of the canonical header) and its transaction results. */
  record CommittedBlock(Block block, byte[] hash, List<TxResult> results) {}

  /** A committed transaction with where it landed and how it ended. */
  record CommittedTx(byte[] hash, long height, int index, byte[] txBytes, TxResult result) {}

  record AccountView(
      String address,
      long accountNumber,
      long sequence,
      Optional<PublicKey> publicKey,
      List<Coin> balances) {}

  record ValidatorView(String address, PublicKey publicKey, long votingPower) {}

  /**
   * {@code value} is empty for a non-membership proof. {@code proof} is the storage module's
   * serialized proof, checkable with its standalone verifier against {@code rootHash}.
   */
  record StateProofView(
      byte[] key, Optional<byte[]> value, long height, byte[] rootHash, byte[] proof) {}
}
