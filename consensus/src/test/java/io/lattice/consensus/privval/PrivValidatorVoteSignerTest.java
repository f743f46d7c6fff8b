package io.lattice.consensus.privval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.lattice.consensus.block.Votes;
import io.lattice.consensus.tendermint.SignBytes;
import io.lattice.consensus.tendermint.SigningRefusedException;
import io.lattice.proto.consensus.v1.PartSetHeader;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivValidatorVoteSignerTest {
  static final String CHAIN = FilePrivValidatorTest.CHAIN;

  @TempDir Path dir;

  private PrivValidatorVoteSigner signer() throws Exception {
    return new PrivValidatorVoteSigner(
        FilePrivValidator.open(FilePrivValidatorTest.key(3), dir.resolve("state.json")));
  }

  private static Vote vote(int type, long height, int round, long block, long seconds) {
    return Vote.newBuilder()
        .setType(type)
        .setHeight(height)
        .setRound(round)
        .setBlockId(FilePrivValidatorTest.block(block))
        .setTimestamp(FilePrivValidatorTest.time(seconds))
        .setValidatorAddress(ByteString.copyFrom(new byte[20]))
        .setChainId(CHAIN)
        .build();
  }

  @Test
  void signsVotesAndProposalsOverTheCoresSignBytes() throws Exception {
    PrivValidatorVoteSigner s = signer();
    Proposal proposal =
        Proposal.newBuilder()
            .setHeight(5)
            .setRound(0)
            .setPolRound(-1)
            .setBlockId(FilePrivValidatorTest.block(1))
            .setTimestamp(FilePrivValidatorTest.time(50))
            .setPartSetHeader(
                PartSetHeader.newBuilder().setTotal(2).setHash(ByteString.copyFrom(new byte[32])))
            .setChainId(CHAIN)
            .build();
    Proposal signedProposal = s.signProposal(CHAIN, proposal);
    assertThat(signedProposal.toBuilder().clearSignature().build()).isEqualTo(proposal);
    var key = FilePrivValidatorTest.key(3).publicKey();
    assertThat(
            key.verify(
                SignBytes.proposal(CHAIN, signedProposal),
                signedProposal.getSignature().toByteArray()))
        .isTrue();
    Vote prevote = vote(Votes.PREVOTE, 5, 0, 1, 50);
    Vote signed = s.signVote(CHAIN, prevote);
    assertThat(signed.toBuilder().clearSignature().build()).isEqualTo(prevote);
    assertThat(key.verify(SignBytes.vote(CHAIN, signed), signed.getSignature().toByteArray()))
        .isTrue();
    assertThat(s.address()).isEqualTo(key.address());
  }

  @Test
  void refusalsReachTheCoreAsSigningRefused() throws Exception {
    PrivValidatorVoteSigner s = signer();
    Vote first = s.signVote(CHAIN, vote(Votes.PRECOMMIT, 5, 0, 1, 50));
    assertThat(s.signVote(CHAIN, vote(Votes.PRECOMMIT, 5, 0, 1, 50)).getSignature())
        .isEqualTo(first.getSignature());
    assertThatThrownBy(() -> s.signVote(CHAIN, vote(Votes.PRECOMMIT, 5, 0, 2, 50)))
        .isInstanceOf(SigningRefusedException.class)
        .hasMessage("conflicting data at 5/0/precommit: refusing to double-sign");
    assertThatThrownBy(() -> s.signVote(CHAIN, vote(Votes.PREVOTE, 5, 0, 1, 50)))
        .isInstanceOf(SigningRefusedException.class)
        .hasMessage("step regression: last signed 5/0/precommit, asked 5/0/prevote");
    // same vote, other timestamp: the stored signature covers the old one, so nothing is returned
    assertThatThrownBy(() -> s.signVote(CHAIN, vote(Votes.PRECOMMIT, 5, 0, 1, 51)))
        .isInstanceOf(SigningRefusedException.class)
        .hasMessageContaining("with timestamp 50.0");
  }
}
