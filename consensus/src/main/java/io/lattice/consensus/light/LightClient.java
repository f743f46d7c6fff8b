package io.lattice.consensus.light;

import io.lattice.proto.consensus.v1.LightBlock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Bisection (CometBFT's skipping verification with {@code verifySkipping}): from a trusted block,
 * try the target directly; when the trusted validators cannot vouch for it ({@link
 * LightVerification.Reason#INSUFFICIENT_TRUSTED_POWER}), fetch the header halfway between and try
 * that, and so on; every header verified becomes the new trusted one. Adjacent headers are verified
 * by the next-validators rule, so the search always ends.
 */
public final class LightClient {
  private final HeaderProvider provider;
  private final LightOptions options;

  public LightClient(HeaderProvider provider, LightOptions options) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * The outcome of a bisection.
   *
   * @param outcome {@link LightVerification.Verified} when the target was reached
   * @param trace the blocks verified on the way, starting with the trusted one and ending with the
   *     target on success
   */
  public record Bisection(LightVerification outcome, List<LightBlock> trace) {
    public Bisection {
      trace = List.copyOf(trace);
    }
  }

  /** Verifies the block at {@code targetHeight} starting from {@code trusted}. */
  public Bisection bisect(LightBlock trusted, long targetHeight, Instant now) {
    List<LightBlock> trace = new ArrayList<>();
    trace.add(trusted);
    Optional<LightBlock> target = fetch(targetHeight);
    if (target.isEmpty()) {
      return new Bisection(missing(targetHeight), trace);
    }
    // pending.get(depth) is the block being tried; pending.get(0) is the target
    List<LightBlock> pending = new ArrayList<>();
    pending.add(target.get());
    LightBlock verified = trusted;
    int depth = 0;
    while (true) {
      LightBlock candidate = pending.get(depth);
      LightVerification v = LightVerifier.verify(verified, candidate, now, options);
      if (v.isVerified()) {
        trace.add(candidate);
        if (depth == 0) {
          return new Bisection(v, trace);
        }
        verified = candidate;
        pending.subList(depth, pending.size()).clear();
        depth = 0;
      } else if (v instanceof LightVerification.Failed f
          && f.reason() == LightVerification.Reason.INSUFFICIENT_TRUSTED_POWER) {
        if (depth == pending.size() - 1) {
          long from = LightVerifier.height(verified);
          long pivot = from + (LightVerifier.height(candidate) - from) / 2;
          Optional<LightBlock> interim = fetch(pivot);
          if (interim.isEmpty()) {
            return new Bisection(missing(pivot), trace);
          }
          pending.add(interim.get());
        }
        depth++;
      } else {
        return new Bisection(v, trace);
      }
    }
  }

  /** The provider's block at {@code height}; a block for another height counts as missing. */
  private Optional<LightBlock> fetch(long height) {
    return provider.lightBlock(height).filter(b -> LightVerifier.height(b) == height);
  }

  private static LightVerification missing(long height) {
    return new LightVerification.Failed(
        LightVerification.Reason.PROVIDER_MISSING_BLOCK,
        "the header provider has no light block at height " + height);
  }
}
