package io.lattice.reputation;

import io.lattice.proto.reputation.v1.Params;
import io.lattice.proto.reputation.v1.Score;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Item;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.state.StateMap;
import io.lattice.runtime.store.KVStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reputation state: params and the stored score of each adjusted account. Layout: {@code
 * reputation/ 0x01 → Params}, {@code reputation/ 0x02 ‖ len ‖ address → Score}.
 */
public final class ReputationKeeper implements ReputationView {
  public static final String NAME = "reputation";

  public static final long MIN_SCORE = 0;
  public static final long MAX_SCORE = 100;

  public static final int CODE_DELTA_TOO_LARGE = 2;

  /** Event emitted by every {@link #adjust}. */
  public static final String EVENT_CHANGED = "reputation.changed";

  public static final Params DEFAULT_PARAMS =
      Params.newBuilder().setDefaultScore(50).setMaxDelta(50).setSlashPenalty(10).build();

  private final Schema schema = new Schema(NAME);
  private final Item<Params> params = schema.item(1, "params", Codecs.proto(Params.parser()));
  private final StateMap<String, Score> scores =
      schema.map(2, "scores", Codecs.STRING_KEY, Codecs.proto(Score.parser()));

  public Schema schema() {
    return schema;
  }

  public Params params(KVStore state) {
    return params.getOrDefault(state, DEFAULT_PARAMS);
  }

  /**
   * @throws IllegalArgumentException naming the invalid field; nothing is written
   */
  public void setParams(KVStore state, Params p) {
    checkParams(p);
    params.set(state, p);
  }

  static void checkParams(Params p) {
    if (p.getDefaultScore() < MIN_SCORE || p.getDefaultScore() > MAX_SCORE) {
      throw new IllegalArgumentException(
          "reputation.params.default_score must be 0..100, got " + p.getDefaultScore());
    }
    if (p.getMaxDelta() < 1 || p.getMaxDelta() > MAX_SCORE) {
      throw new IllegalArgumentException(
          "reputation.params.max_delta must be 1..100, got " + p.getMaxDelta());
    }
    if (p.getSlashPenalty() < 0 || p.getSlashPenalty() > MAX_SCORE) {
      throw new IllegalArgumentException(
          "reputation.params.slash_penalty must be 0..100, got " + p.getSlashPenalty());
    }
  }

  @Override
  public long reputation(KVStore state, String address) {
    return stored(state, address).orElse(params(state).getDefaultScore());
  }

  /** The score stored for {@code address}; empty when it was never adjusted. */
  public Optional<Long> stored(KVStore state, String address) {
    return scores.get(state, address).map(Score::getScore);
  }

  /**
   * Adds {@code delta} to the score of {@code address}, clamped to {@code 0..100}, stores it and
   * emits {@value #EVENT_CHANGED} with the address, the requested delta, the new score and {@code
   * source} (who changed it: "gov", "slash", a module name).
   *
   * @throws IllegalArgumentException for an empty address or source
   */
  public void adjust(Context ctx, String address, long delta, String source) {
    if (address == null || address.isEmpty()) {
      throw new IllegalArgumentException("reputation.adjust: address is missing");
    }
    if (source == null || source.isEmpty()) {
      throw new IllegalArgumentException("reputation.adjust: source is missing");
    }
    long before = reputation(ctx.store(), address);
    long after = clamp(before, delta);
    scores.set(
        ctx.store(), address, Score.newBuilder().setAddress(address).setScore(after).build());
    ctx.emit(
        EVENT_CHANGED,
        "address",
        address,
        "delta",
        Long.toString(delta),
        "score",
        Long.toString(after),
        "source",
        source);
  }

  /** {@code score + delta} clamped to {@code 0..100}, without overflow for any delta. */
  static long clamp(long score, long delta) {
    if (delta > 0) {
      return delta >= MAX_SCORE - score ? MAX_SCORE : score + delta;
    }
    return delta <= MIN_SCORE - score ? MIN_SCORE : score + delta;
  }

  /** Stores a score read from genesis. */
  void setScore(KVStore state, Score s) {
    scores.set(state, s.getAddress(), s);
  }

  /** Every stored score, ascending by address key. */
  public List<Score> scores(KVStore state) {
    return scores.entries(state).stream().map(Map.Entry::getValue).toList();
  }
}
