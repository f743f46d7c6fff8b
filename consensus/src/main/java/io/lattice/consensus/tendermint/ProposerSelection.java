package io.lattice.consensus.tendermint;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Weighted round-robin proposer selection by priorities (docs/spec/consensus.md, "Proposer
 * selection", lines P1–P9), the algorithm CometBFT uses: each step every validator's priority grows
 * by its power, the highest priority (ties: lower address) proposes and loses the total power.
 * Before the steps, priorities are scaled so that their spread stays within twice the total power
 * and centred on their average. All arithmetic is exact and integer; the result depends only on the
 * set, its priorities and the number of steps.
 */
final class ProposerSelection {
  /** Priorities are kept within {@code WINDOW * total power} of each other (line P2). */
  static final long WINDOW = 2;

  private ProposerSelection() {}

  /**
   * Runs {@code times} steps on {@code priorities} in place and returns the index of the last
   * proposer.
   */
  static int increment(long[] powers, byte[][] addresses, long[] priorities, int times) {
    long total = 0;
    for (long p : powers) {
      total += p;
    }
    rescaleAndCenter(powers, priorities); // lines P2–P3
    int proposer = -1;
    for (int t = 0; t < times; t++) {
      for (int i = 0; i < priorities.length; i++) {
        priorities[i] = saturatedAdd(priorities[i], powers[i]); // line P5
      }
      proposer = highest(addresses, priorities); // line P6
      priorities[proposer] = saturatedAdd(priorities[proposer], -total); // line P7
    }
    return proposer;
  }

  /** Lines P2–P3: scale the spread down to at most {@code WINDOW * total}, centre on the mean. */
  static void rescaleAndCenter(long[] powers, long[] priorities) {
    long total = 0;
    for (long p : powers) {
      total += p;
    }
    long diffMax = WINDOW * total;
    long max = Arrays.stream(priorities).max().orElse(0);
    long min = Arrays.stream(priorities).min().orElse(0);
    long diff = max - min;
    if (diffMax > 0 && diff > diffMax) {
      long ratio = (diff + diffMax - 1) / diffMax;
      for (int i = 0; i < priorities.length; i++) {
        priorities[i] = priorities[i] / ratio; // truncation toward zero
      }
    }
    BigInteger sum = BigInteger.ZERO;
    for (long p : priorities) {
      sum = sum.add(BigInteger.valueOf(p));
    }
    BigInteger n = BigInteger.valueOf(priorities.length);
    BigInteger[] qr = sum.divideAndRemainder(n);
    BigInteger avg = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0]; // floor
    long a = avg.longValueExact();
    for (int i = 0; i < priorities.length; i++) {
      priorities[i] = saturatedAdd(priorities[i], -a);
    }
  }

  private static int highest(byte[][] addresses, long[] priorities) {
    int best = 0;
    for (int i = 1; i < priorities.length; i++) {
      if (priorities[i] > priorities[best]
          || (priorities[i] == priorities[best]
              && Arrays.compareUnsigned(addresses[i], addresses[best]) < 0)) {
        best = i;
      }
    }
    return best;
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }
}
