package io.lattice.consensus.light;

import com.google.protobuf.ByteString;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.Votes;
import io.lattice.consensus.evidence.TestValidators;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.consensus.v1.LightBlock;
import io.lattice.proto.consensus.v1.SignedHeader;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.BlockIdFlag;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.CommitSig;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.types.v1.Timestamp;
import io.lattice.proto.types.v1.ValidatorSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * A real signed chain for light-client tests: headers linked by hash, each with the validator set
 * of its height (keys of {@link TestValidators}, power 10 each unless given) and a commit in which
 * every member signs the precommit {@code CanonicalVote} of the header.
 */
final class TestChain implements HeaderProvider {
  static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration BLOCK_TIME = Duration.ofSeconds(10);

  final String chainId;
  private final LongFunction<int[]> membersAt;
  private final Map<Long, LightBlock> blocks = new TreeMap<>();
  final List<Long> fetched = new ArrayList<>();

  /** Heights 1..heights; {@code membersAt(h)} = key numbers of the validators of height h. */
  TestChain(String chainId, long heights, LongFunction<int[]> membersAt) {
    this.chainId = chainId;
    this.membersAt = membersAt;
    BlockId last = BlockId.getDefaultInstance();
    Commit lastCommit = Commit.getDefaultInstance();
    for (long h = 1; h <= heights; h++) {
      ValidatorSet vals = set(h);
      Header header =
          Header.newBuilder()
              .setChainId(chainId)
              .setHeight(h)
              .setTime(time(h))
              .setLastBlockId(last)
              .setDataHash(ByteString.copyFrom(BlockHashes.data(List.of())))
              .setValidatorsHash(ByteString.copyFrom(BlockHashes.validators(vals)))
              .setNextValidatorsHash(ByteString.copyFrom(BlockHashes.validators(set(h + 1))))
              .setAppHash(ByteString.copyFrom(new byte[32]))
              .setLastResultsHash(ByteString.copyFrom(BlockHashes.results(List.of())))
              .setEvidenceHash(ByteString.copyFrom(BlockHashes.evidence(List.of())))
              .setLastCommitHash(ByteString.copyFrom(BlockHashes.commit(lastCommit)))
              .setProposerAddress(vals.getValidators(0).getAddress())
              .build();
      Commit commit = commit(chainId, header, signers(h));
      blocks.put(h, lightBlock(header, commit, vals));
      last = commit.getBlockId();
      lastCommit = commit;
    }
  }

  static Timestamp time(long height) {
    return Votes.timestamp(GENESIS.plus(BLOCK_TIME.multipliedBy(height)));
  }

  ValidatorSet set(long height) {
    int[] members = membersAt.apply(height);
    long[] powers = new long[members.length];
    java.util.Arrays.fill(powers, 10);
    ValidatorSet.Builder b = ValidatorSet.newBuilder();
    for (int i = 0; i < members.length; i++) {
      b.addValidators(TestValidators.validator(TestValidators.key(members[i]), powers[i]));
    }
    return b.build();
  }

  List<PrivateKeySigner> signers(long height) {
    List<PrivateKeySigner> out = new ArrayList<>();
    for (int m : membersAt.apply(height)) {
      out.add(TestValidators.key(m));
    }
    return out;
  }

  LightBlock block(long height) {
    return blocks.get(height);
  }

  @Override
  public java.util.Optional<LightBlock> lightBlock(long height) {
    fetched.add(height);
    return java.util.Optional.ofNullable(blocks.get(height));
  }

  /** A commit of {@code header} signed (round 0) by {@code signers}, timestamps 1 s after it. */
  static Commit commit(String chainId, Header header, List<PrivateKeySigner> signers) {
    BlockId id =
        BlockId.newBuilder().setHash(ByteString.copyFrom(BlockHashes.header(header))).build();
    Timestamp ts = Votes.timestamp(Votes.instant(header.getTime()).plusSeconds(1));
    Commit.Builder c = Commit.newBuilder().setHeight(header.getHeight()).setRound(0).setBlockId(id);
    byte[] msg = Votes.signBytes(chainId, Votes.PRECOMMIT, header.getHeight(), 0, id, ts);
    for (PrivateKeySigner k : signers) {
      c.addSignatures(
          CommitSig.newBuilder()
              .setBlockIdFlag(BlockIdFlag.BLOCK_ID_FLAG_COMMIT)
              .setValidatorAddress(ByteString.copyFrom(k.publicKey().address().bytes()))
              .setTimestamp(ts)
              .setSignature(ByteString.copyFrom(k.sign(msg))));
    }
    return c.build();
  }

  static LightBlock lightBlock(Header header, Commit commit, ValidatorSet vals) {
    return LightBlock.newBuilder()
        .setSignedHeader(SignedHeader.newBuilder().setHeader(header).setCommit(commit))
        .setValidatorSet(vals)
        .build();
  }

  /** {@code block} with its header changed by {@code edit} and re-signed by {@code signers}. */
  static LightBlock resign(
      String chainId,
      LightBlock block,
      java.util.function.UnaryOperator<Header> edit,
      List<PrivateKeySigner> signers) {
    Header h = edit.apply(block.getSignedHeader().getHeader());
    return lightBlock(h, commit(chainId, h, signers), block.getValidatorSet());
  }
}
