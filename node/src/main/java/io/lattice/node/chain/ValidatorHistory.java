package io.lattice.node.chain;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.consensus.block.Votes;
import io.lattice.consensus.evidence.ChainHistory;
import io.lattice.proto.consensus.v1.ValidatorSetState;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.storage.KeyValueStore;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;

/**
 * The validator set of each height as the Tendermint engine stores it (a {@code ValidatorSetState}
 * under {@code 'C' 'v' height:u64}, written in the batch of the block before), falling back to the
 * genesis set before the first block; and the header time of each stored block. The evidence pool's
 * {@link ChainHistory} and the API's source of validator sets. Thread-safe: reads go to the store.
 */
public final class ValidatorHistory implements ChainHistory {
  private static final byte[] PREFIX = {'C', 'v'};

  private final KeyValueStore db;
  private final StoredChain chain;
  private final ValidatorSet genesis;
  private final long initialHeight;

  public ValidatorHistory(
      KeyValueStore db, StoredChain chain, ValidatorSet genesis, long initialHeight) {
    this.db = db;
    this.chain = chain;
    this.genesis = genesis;
    this.initialHeight = initialHeight;
  }

  static byte[] key(long height) {
    return ByteBuffer.allocate(PREFIX.length + 8).put(PREFIX).putLong(height).array();
  }

  /**
   * The set that decides block {@code height}: the stored one, or genesis's for the first two
   * heights of a chain that has not stored them yet.
   */
  @Override
  public Optional<ValidatorSet> validatorSet(long height) {
    Optional<byte[]> bytes = db.get(key(height));
    if (bytes.isPresent()) {
      try {
        return Optional.of(
            io.lattice.consensus.tendermint.ValidatorSet.fromState(
                    ValidatorSetState.parseFrom(bytes.get()))
                .toProto());
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(
            "validator set of height " + height + " does not decode", e);
      }
    }
    if (height >= initialHeight && height <= initialHeight + 1 && chain.latestHeight() == 0) {
      return Optional.of(genesis);
    }
    return Optional.empty();
  }

  /** The set that decides the next block (the current one). */
  public ValidatorSet current() {
    long next = Math.max(chain.latestHeight() + 1, initialHeight);
    return validatorSet(next).orElse(genesis);
  }

  @Override
  public Optional<Instant> blockTime(long height) {
    return chain.block(height).map(b -> Votes.instant(b.getHeader().getTime()));
  }
}
