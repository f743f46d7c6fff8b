package io.lattice.consensus.tendermint;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.proto.consensus.v1.BlockPart;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded byte mutations of valid proposals, block parts and votes: whatever still parses is handed
 * to the core, which must never throw, and a message of the current height it does not drop must
 * carry a valid signature (later heights are kept and checked when they start).
 */
class MutatedInputTest {
  private static final long SEED = 20261121L;

  @Test
  void mutatedMessagesNeverCrashTheCore() throws InvalidProtocolBufferException {
    Fixture f = new Fixture(10, 10, 10, 10);
    int p0 = f.proposer(0);
    int me = (p0 + 1) % 4;
    Block a = f.block(p0, "a");
    List<ConsensusMessage> valid = new ArrayList<>();
    Proposal proposal = f.proposal(p0, a, 0, -1);
    valid.add(ConsensusMessage.newBuilder().setProposal(proposal).build());
    for (BlockPart part : f.parts(proposal)) {
      valid.add(ConsensusMessage.newBuilder().setBlockPart(part).build());
    }
    for (int i = 0; i < 4; i++) {
      valid.add(ConsensusMessage.newBuilder().setVote(f.prevote(i, 0, a)).build());
      valid.add(ConsensusMessage.newBuilder().setVote(f.precommit(i, 1, null)).build());
    }
    Random random = new Random(SEED);
    int fed = 0;
    for (int iteration = 0; iteration < 3000; iteration++) {
      ConsensusCore core =
          new ConsensusCore(
              CoreConfig.defaults(Fixture.CHAIN),
              new Fixture.RecordingSigner(f.keys.get(me)),
              (h, r, last) -> f.block(h, last, me, "own"),
              b -> Optional.empty());
      core.handle(new Event.Start(1, f.validators, f.next, Commit.getDefaultInstance()));
      byte[] bytes = valid.get(random.nextInt(valid.size())).toByteArray();
      int flips = 1 + random.nextInt(3);
      for (int k = 0; k < flips; k++) {
        bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
      }
      ConsensusMessage m;
      try {
        m = ConsensusMessage.parseFrom(bytes);
      } catch (InvalidProtocolBufferException e) {
        continue;
      }
      fed++;
      if (m.hasBlockPart()) {
        // a mutated part arriving after its proposal: dropped, or (if the mutation missed the
        // part's content) accepted and the block assembled
        core.handle(new Event.ProposalReceived(proposal, "peer"));
      }
      Event e =
          switch (m.getMessageCase()) {
            case PROPOSAL -> new Event.ProposalReceived(m.getProposal(), "fuzz");
            case BLOCK_PART -> new Event.BlockPartReceived(m.getBlockPart(), "fuzz");
            default -> new Event.VoteReceived(m.getVote(), "fuzz");
          };
      List<Action> actions = core.handle(e);
      if (m.hasBlockPart()) {
        fed++;
        BlockPart original = f.parts(proposal).get(0);
        boolean accepted = actions.stream().noneMatch(x -> x instanceof Action.Dropped);
        if (accepted && m.getBlockPart().getHeight() == 1 && m.getBlockPart().getRound() == 0) {
          // a part of the current round that was not dropped proved to be the proposal's
          assertThat(m.getBlockPart().getBytes()).isEqualTo(original.getBytes());
        }
        continue;
      }
      boolean dropped = actions.stream().anyMatch(x -> x instanceof Action.Dropped);
      long height = m.hasProposal() ? m.getProposal().getHeight() : m.getVote().getHeight();
      if (!dropped && height == 1) {
        // accepted: then its signature really verifies under the sender's key
        Optional<String> check =
            m.hasProposal()
                ? MessageCheck.proposal(
                    Fixture.CHAIN,
                    CoreConfig.defaults(Fixture.CHAIN).maxParts(),
                    f.validators.proposer(m.getProposal().getRound()),
                    m.getProposal())
                : MessageCheck.vote(Fixture.CHAIN, f.validators, m.getVote());
        assertThat(check).as("seed %d iteration %d", SEED, iteration).isEmpty();
      }
    }
    assertThat(fed).isGreaterThan(1000);
  }
}
