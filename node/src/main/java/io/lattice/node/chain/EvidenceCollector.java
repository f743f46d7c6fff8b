package io.lattice.node.chain;

import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.EngineListener;
import io.lattice.consensus.block.Votes;
import io.lattice.consensus.evidence.DuplicateVotes;
import io.lattice.consensus.evidence.EvidencePool;
import io.lattice.consensus.evidence.Verification;
import io.lattice.consensus.tendermint.Action;
import io.lattice.proto.consensus.v1.DuplicateVoteEvidence;
import io.lattice.proto.types.v1.ValidatorSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the engine's equivocations into duplicate-vote evidence in the {@link EvidencePool}.
 * Evidence names the time of the block at the votes' height, so an equivocation is held until that
 * block is committed and then verified and added; the pool keeps it (durably) for proposals. Both
 * callbacks run on the engine thread.
 */
public final class EvidenceCollector implements EngineListener, Consumer<Action.Equivocation> {
  private static final Logger log = LoggerFactory.getLogger(EvidenceCollector.class);

  private final EvidencePool pool;
  private final ValidatorHistory history;
  private final List<Action.Equivocation> waiting = new ArrayList<>();

  public EvidenceCollector(EvidencePool pool, ValidatorHistory history) {
    this.pool = pool;
    this.history = history;
  }

  @Override
  public synchronized void accept(Action.Equivocation e) {
    waiting.add(e);
  }

  @Override
  public synchronized void committed(BlockCommitted block) {
    Instant now = Votes.instant(block.block().getHeader().getTime());
    List<Action.Equivocation> later = new ArrayList<>();
    for (Action.Equivocation e : waiting) {
      long h = e.first().getHeight();
      if (h > block.height()) {
        later.add(e);
        continue;
      }
      Optional<ValidatorSet> set = history.validatorSet(h);
      Optional<Instant> time = history.blockTime(h);
      if (set.isEmpty() || time.isEmpty()) {
        log.warn("dropping an equivocation at height {}: no validator set or block time", h);
        continue;
      }
      DuplicateVoteEvidence evidence =
          DuplicateVotes.of(e.first(), e.second(), set.get(), Votes.timestamp(time.get()));
      Verification v = pool.add(evidence, block.height(), now);
      if (v instanceof Verification.Invalid invalid) {
        log.warn("equivocation at height {} not kept as evidence: {}", h, invalid.message());
      } else {
        log.warn("duplicate-vote evidence at height {} is pending", h);
      }
    }
    waiting.clear();
    waiting.addAll(later);
    pool.prune(block.height(), now);
  }

  @Override
  public void halted(Throwable cause) {}

  /** Evidence waiting for a proposal. */
  public List<DuplicateVoteEvidence> pending() {
    return pool.pending();
  }
}
