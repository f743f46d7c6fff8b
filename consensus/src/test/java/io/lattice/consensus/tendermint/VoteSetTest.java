package io.lattice.consensus.tendermint;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lattice.proto.types.v1.Block;
import org.junit.jupiter.api.Test;

class VoteSetTest {
  private final Fixture f = new Fixture(1, 1, 1);

  @Test
  void quorumIsStrictlyMoreThanTwoThirdsOfThePower() {
    Block a = f.block(0, "a");
    VoteSet set = new VoteSet(f.validators);
    set.add(f.prevote(0, 0, a));
    assertThat(f.validators.isOneThird(set.totalPower())).isFalse(); // 1 of 3 is not > 1/3
    set.add(f.prevote(1, 0, a));
    assertThat(set.hasQuorumFor(Fixture.id(a))).isFalse(); // 2 of 3 is not > 2/3
    assertThat(set.majority()).isEmpty();
    set.add(f.prevote(2, 0, a));
    assertThat(set.hasQuorumFor(Fixture.id(a))).isTrue();
    assertThat(set.majority()).contains(Fixture.id(a));
  }

  @Test
  void nilAndBlocksAreTalliedApart() {
    Block a = f.block(0, "a");
    VoteSet set = new VoteSet(f.validators);
    set.add(f.prevote(0, 0, a));
    set.add(f.prevote(1, 0, null));
    set.add(f.prevote(2, 0, null));
    assertThat(set.power(ByteString.EMPTY)).isEqualTo(2);
    assertThat(set.power(Fixture.id(a))).isEqualTo(1);
    assertThat(set.hasQuorumAny()).isTrue();
    assertThat(set.majority()).isEmpty();
  }

  @Test
  void duplicatesAreIgnoredAndConflictsReported() {
    Block a = f.block(0, "a");
    VoteSet set = new VoteSet(f.validators);
    var first = f.prevote(0, 0, a);
    assertThat(set.add(first)).isInstanceOf(VoteSet.AddResult.Added.class);
    assertThat(set.add(first)).isInstanceOf(VoteSet.AddResult.Duplicate.class);
    assertThat(set.add(f.prevote(0, 0, null))).isEqualTo(new VoteSet.AddResult.Conflict(first));
    assertThat(set.totalPower()).isEqualTo(1);
    assertThat(set.size()).isEqualTo(1);
    // the equivocator's votes count for each block id, as in the paper, up to a bound
    assertThat(set.power(ByteString.EMPTY)).isEqualTo(1);
    assertThat(set.power(Fixture.id(a))).isEqualTo(1);
    assertThat(set.vote(f.address(0), ByteString.EMPTY)).isPresent();
    for (int i = 0; i < VoteSet.MAX_VOTES_PER_VALIDATOR + 2; i++) {
      set.add(f.prevote(0, 0, f.block(0, "other-" + i)));
    }
    long counted = 0;
    for (int i = 0; i < VoteSet.MAX_VOTES_PER_VALIDATOR + 2; i++) {
      counted += set.power(Fixture.id(f.block(0, "other-" + i)));
    }
    assertThat(counted).isEqualTo(VoteSet.MAX_VOTES_PER_VALIDATOR - 2);
  }
}
