package io.lattice.consensus.block;

import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.CanonicalVote;
import io.lattice.proto.types.v1.Timestamp;
import java.time.Instant;

/** The bytes a validator signs for a vote: the canonical encoding of a {@link CanonicalVote}. */
public final class Votes {
  /** Vote type of a prevote (Tendermint's SignedMsgType 1). */
  public static final int PREVOTE = 1;

  /** Vote type of a precommit (Tendermint's SignedMsgType 2); commits carry precommits. */
  public static final int PRECOMMIT = 2;

  private Votes() {}

  public static byte[] signBytes(
      String chainId, int type, long height, int round, BlockId blockId, Timestamp time) {
    return CanonicalVote.newBuilder()
        .setType(type)
        .setHeight(height)
        .setRound(round)
        .setBlockId(blockId)
        .setTimestamp(time)
        .setChainId(chainId)
        .build()
        .toByteArray();
  }

  public static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  public static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
