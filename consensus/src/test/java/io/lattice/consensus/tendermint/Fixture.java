package io.lattice.consensus.tendermint;

import com.google.protobuf.ByteString;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.Votes;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.consensus.v1.BlockPart;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.PartSetHeader;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.Data;
import io.lattice.proto.types.v1.EvidenceList;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorPubKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys, validator sets, blocks and signed messages for scripted-peer tests. Keys are derived from
 * fixed seeds and sorted by address, so key {@code i} has the i-th smallest address.
 */
final class Fixture {
  static final String CHAIN = "test-chain";
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final List<PrivateKeySigner> keys;
  final long[] powers;
  final ValidatorSet validators;
  final ValidatorSet next;

  /** Bytes cut into parts, by part-set hash, for {@link #parts}. */
  private final Map<ByteString, byte[]> encodings = new HashMap<>();

  Fixture(long... powers) {
    this.powers = powers.clone();
    this.keys = sortedKeys(powers.length);
    List<Validator> list = new ArrayList<>();
    for (int i = 0; i < powers.length; i++) {
      list.add(validator(keys.get(i), powers[i]));
    }
    this.validators =
        ValidatorSet.genesis(
            io.lattice.proto.types.v1.ValidatorSet.newBuilder().addAllValidators(list).build());
    this.next = validators.incrementPriority(1);
  }

  static List<PrivateKeySigner> sortedKeys(int n) {
    List<PrivateKeySigner> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] seed = new byte[32];
      Arrays.fill(seed, (byte) (i + 1));
      try {
        keys.add(KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, seed));
      } catch (CryptoException e) {
        throw new IllegalStateException(e);
      }
    }
    keys.sort(Comparator.comparing(k -> k.publicKey().address()));
    return keys;
  }

  static Validator validator(PrivateKeySigner key, long power) {
    return Validator.newBuilder()
        .setAddress(ByteString.copyFrom(key.publicKey().address().bytes()))
        .setPubKey(
            ValidatorPubKey.newBuilder()
                .setAlgorithm(key.publicKey().algorithm().id())
                .setKey(ByteString.copyFrom(key.publicKey().encoded())))
        .setVotingPower(power)
        .build();
  }

  Address address(int i) {
    return keys.get(i).publicKey().address();
  }

  /** Index of the proposer of {@code round} at the first height. */
  int proposer(int round) {
    return validators.indexOf(validators.proposer(round).address());
  }

  /** A valid block at {@code height} (with default last commit at the first height). */
  Block block(long height, Commit lastCommit, int proposer, String tx) {
    List<byte[]> txs = List.of(tx.getBytes(StandardCharsets.UTF_8));
    Header header =
        Header.newBuilder()
            .setChainId(CHAIN)
            .setHeight(height)
            .setTime(Votes.timestamp(T0.plusSeconds(height)))
            .setLastBlockId(lastCommit.getBlockId())
            .setDataHash(ByteString.copyFrom(BlockHashes.data(txs)))
            .setValidatorsHash(ByteString.copyFrom(validators.hash()))
            .setNextValidatorsHash(ByteString.copyFrom(next.hash()))
            .setAppHash(ByteString.copyFrom(new byte[32]))
            .setLastResultsHash(ByteString.copyFrom(BlockHashes.results(List.of())))
            .setEvidenceHash(ByteString.copyFrom(BlockHashes.evidence(List.of())))
            .setLastCommitHash(ByteString.copyFrom(BlockHashes.commit(lastCommit)))
            .setProposerAddress(ByteString.copyFrom(address(proposer).bytes()))
            .build();
    return Block.newBuilder()
        .setHeader(header)
        .setData(Data.newBuilder().addTxs(ByteString.copyFrom(txs.get(0))))
        .setEvidence(EvidenceList.getDefaultInstance())
        .setLastCommit(lastCommit)
        .build();
  }

  Block block(int proposer, String tx) {
    return block(1, Commit.getDefaultInstance(), proposer, tx);
  }

  static ByteString id(Block b) {
    return ByteString.copyFrom(BlockHashes.header(b.getHeader()));
  }

  Proposal proposal(int signer, Block block, long height, int round, int polRound) {
    return proposal(signer, block, height, round, polRound, block.toByteArray());
  }

  /**
   * A signed proposal of {@code block} whose part set is cut from {@code partBytes} (the block's
   * encoding, or other bytes for a proposer that lies about its block).
   */
  Proposal proposal(
      int signer, Block block, long height, int round, int polRound, byte[] partBytes) {
    PartSetHeader header = BlockPartSet.of(height, round, partBytes).header();
    encodings.put(header.getHash(), partBytes.clone());
    Proposal unsigned =
        Proposal.newBuilder()
            .setHeight(height)
            .setRound(round)
            .setPolRound(polRound)
            .setBlockId(BlockId.newBuilder().setHash(id(block)))
            .setTimestamp(block.getHeader().getTime())
            .setPartSetHeader(header)
            .setProposerAddress(ByteString.copyFrom(address(signer).bytes()))
            .setChainId(CHAIN)
            .build();
    return unsigned.toBuilder()
        .setSignature(
            ByteString.copyFrom(keys.get(signer).sign(SignBytes.proposal(CHAIN, unsigned))))
        .build();
  }

  /** The parts of a proposal made by this fixture, in index order. */
  List<BlockPart> parts(Proposal p) {
    byte[] bytes = encodings.get(p.getPartSetHeader().getHash());
    if (bytes == null) {
      throw new IllegalArgumentException("not a proposal of this fixture");
    }
    return BlockPartSet.of(p.getHeight(), p.getRound(), bytes).parts();
  }

  Proposal proposal(int signer, Block block, int round, int polRound) {
    return proposal(signer, block, 1, round, polRound);
  }

  /** A signed vote of validator {@code signer}; {@code block} null = nil. */
  Vote vote(int signer, int type, long height, int round, Block block) {
    Vote.Builder b =
        Vote.newBuilder()
            .setType(type)
            .setHeight(height)
            .setRound(round)
            .setValidatorAddress(ByteString.copyFrom(address(signer).bytes()))
            .setChainId(CHAIN);
    if (block == null) {
      b.setBlockId(BlockId.getDefaultInstance());
    } else {
      b.setBlockId(BlockId.newBuilder().setHash(id(block)))
          .setTimestamp(block.getHeader().getTime());
    }
    Vote unsigned = b.build();
    return unsigned.toBuilder()
        .setSignature(ByteString.copyFrom(keys.get(signer).sign(SignBytes.vote(CHAIN, unsigned))))
        .build();
  }

  Vote prevote(int signer, int round, Block block) {
    return vote(signer, Votes.PREVOTE, 1, round, block);
  }

  Vote precommit(int signer, int round, Block block) {
    return vote(signer, Votes.PRECOMMIT, 1, round, block);
  }

  /** Signer test double: signs everything with its key and records what it signed. */
  static final class RecordingSigner implements VoteSigner {
    final PrivateKeySigner key;
    final List<ConsensusMessage> signed = new ArrayList<>();

    RecordingSigner(PrivateKeySigner key) {
      this.key = key;
    }

    @Override
    public Address address() {
      return key.publicKey().address();
    }

    @Override
    public Vote signVote(String chainId, Vote vote) {
      Vote v =
          vote.toBuilder()
              .setSignature(ByteString.copyFrom(key.sign(SignBytes.vote(chainId, vote))))
              .build();
      signed.add(ConsensusMessage.newBuilder().setVote(v).build());
      return v;
    }

    @Override
    public Proposal signProposal(String chainId, Proposal proposal) {
      Proposal p =
          proposal.toBuilder()
              .setSignature(ByteString.copyFrom(key.sign(SignBytes.proposal(chainId, proposal))))
              .build();
      signed.add(ConsensusMessage.newBuilder().setProposal(p).build());
      return p;
    }
  }
}
