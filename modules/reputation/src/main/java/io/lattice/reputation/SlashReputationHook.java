package io.lattice.reputation;

import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.EventAttribute;
import io.lattice.runtime.module.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes {@code slash_penalty} reputation from the operator account of every validator slashed in a
 * block.
 *
 * <p>Staking has no hook that fires on a slash, so this observes the slash the narrowest way the
 * runtime allows: staking's {@code StakingSlasher.slash} emits an event {@code "slash"} with
 * attribute {@code "validator"} = the operator address, into the block context that every module's
 * begin block shares. {@link ReputationModule#beginBlock} (and {@code endBlock}) call {@link
 * #onBlockEvents}, so the module must come after {@code slashing} (and {@code staking}) in the
 * application's module order. The slashing module's own {@code "slash"} event names the consensus
 * address under {@code "address"} and carries no {@code "validator"}, so each slash counts once.
 * Should staking gain an after-slash hook, wire {@link #onSlash} to it instead.
 */
public final class SlashReputationHook {
  /** Source named in the {@value ReputationKeeper#EVENT_CHANGED} event of a slash penalty. */
  public static final String SOURCE = "slash";

  private final ReputationKeeper keeper;

  public SlashReputationHook(ReputationKeeper keeper) {
    this.keeper = keeper;
  }

  /** Penalizes the operator of every validator a {@code "slash"} event of {@code ctx} names. */
  public void onBlockEvents(Context ctx) {
    for (String operator : slashedOperators(ctx.events())) {
      onSlash(ctx, operator);
    }
  }

  /** Penalizes {@code operator} (a validator's operator account) for one slash. */
  public void onSlash(Context ctx, String operator) {
    long penalty = keeper.params(ctx.store()).getSlashPenalty();
    if (penalty > 0) {
      keeper.adjust(ctx, operator, -penalty, SOURCE);
    }
  }

  /** Operator addresses of staking's {@code "slash"} events, in order, one per event. */
  static List<String> slashedOperators(List<Event> events) {
    List<String> out = new ArrayList<>();
    for (Event e : events) {
      if (!e.getType().equals("slash")) {
        continue;
      }
      for (EventAttribute a : e.getAttributesList()) {
        if (a.getKey().equals("validator") && !a.getValue().isEmpty()) {
          out.add(a.getValue());
          break;
        }
      }
    }
    return out;
  }
}
