package io.lattice.consensus.chain;

import com.google.protobuf.ByteString;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.Votes;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.Data;
import io.lattice.proto.types.v1.EvidenceList;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.types.v1.TxResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The last committed block as an engine builds on it, and the next block's header built from it
 * (the header table of consensus/README.md). Used by the Tendermint engine. Mutable; touched only
 * on the engine's thread.
 */
public final class ChainTip {
  private final String chainId;
  private final long initialHeight;
  private final Instant genesisTime;
  private byte[] lastHash = new byte[0];
  private Instant lastTime;
  private Commit lastCommit = Commit.getDefaultInstance();
  private List<TxResult> lastResults = List.of();
  private byte[] appHash;

  /** The tip of an empty chain whose genesis state has {@code genesisAppHash}. */
  public ChainTip(String chainId, long initialHeight, Instant genesisTime, byte[] genesisAppHash) {
    this.chainId = chainId;
    this.initialHeight = initialHeight;
    this.genesisTime = genesisTime;
    this.appHash = genesisAppHash.clone();
  }

  /**
   * Block {@code height} on this tip: {@code txs}, {@code evidence} (canonical evidence encodings),
   * the given validators hashes and proposer, the time of {@link #blockTime}, and the last block's
   * hash, results, app hash and commit.
   */
  public Block build(
      long height,
      Instant now,
      List<byte[]> txs,
      List<byte[]> evidence,
      byte[] validatorsHash,
      byte[] nextValidatorsHash,
      byte[] proposer) {
    Data.Builder data = Data.newBuilder();
    for (byte[] tx : txs) {
      data.addTxs(ByteString.copyFrom(tx));
    }
    EvidenceList.Builder evidenceList = EvidenceList.newBuilder();
    for (byte[] e : evidence) {
      evidenceList.addEvidence(ByteString.copyFrom(e));
    }
    Header header =
        Header.newBuilder()
            .setChainId(chainId)
            .setHeight(height)
            .setTime(Votes.timestamp(blockTime(height, now)))
            .setLastBlockId(lastCommit.getBlockId())
            .setDataHash(ByteString.copyFrom(BlockHashes.data(txs)))
            .setValidatorsHash(ByteString.copyFrom(validatorsHash))
            .setNextValidatorsHash(ByteString.copyFrom(nextValidatorsHash))
            .setAppHash(ByteString.copyFrom(appHash))
            .setLastResultsHash(ByteString.copyFrom(BlockHashes.results(lastResults)))
            .setEvidenceHash(ByteString.copyFrom(BlockHashes.evidence(evidence)))
            .setLastCommitHash(ByteString.copyFrom(BlockHashes.commit(lastCommit)))
            .setProposerAddress(ByteString.copyFrom(proposer))
            .build();
    return Block.newBuilder()
        .setHeader(header)
        .setData(data)
        .setEvidence(evidenceList)
        .setLastCommit(lastCommit)
        .build();
  }

  /**
   * The time of block {@code height} when the clock says {@code now}: truncated to ms, strictly
   * after the last block's (last + 1 ms when the clock did not advance or went back), never before
   * genesis for the first block.
   */
  public Instant blockTime(long height, Instant now) {
    Instant t = now.truncatedTo(ChronoUnit.MILLIS);
    if (height == initialHeight || lastTime == null) {
      return t.isBefore(genesisTime) ? genesisTime : t;
    }
    return t.isAfter(lastTime) ? t : lastTime.plusMillis(1);
  }

  /** Moves the tip to a committed block. */
  public void advance(
      byte[] hash, Instant time, Commit commit, List<TxResult> results, byte[] newAppHash) {
    lastHash = hash.clone();
    lastTime = time;
    lastCommit = commit;
    lastResults = List.copyOf(results);
    appHash = newAppHash.clone();
  }

  /** Hash of the last block (empty before the first block). */
  public byte[] lastHash() {
    return lastHash.clone();
  }

  /** Time of the last block (empty before the first block). */
  public Optional<Instant> lastTime() {
    return Optional.ofNullable(lastTime);
  }

  /** The commit of the last block (the default instance before the first block). */
  public Commit lastCommit() {
    return lastCommit;
  }

  public List<TxResult> lastResults() {
    return lastResults;
  }

  /** The app hash after the last block (the genesis app hash before the first block). */
  public byte[] appHash() {
    return appHash.clone();
  }

  public long initialHeight() {
    return initialHeight;
  }

  public Instant genesisTime() {
    return genesisTime;
  }
}
