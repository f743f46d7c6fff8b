package io.lattice.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrProfileTest {
  @TempDir Path dir;

  @Test
  void aMethodThatBurnsTheCpuLeadsTheProfile() throws Exception {
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      r.start();
      long sink = 0;
      long until = System.nanoTime() + 1_500_000_000L;
      while (System.nanoTime() < until) {
        sink += burn(sink);
      }
      r.stop();
      java.nio.file.Files.createDirectories(dir.resolve("sub"));
      r.dump(dir.resolve("sub/test.jfr"));
      assertThat(sink).isNotEqualTo(42);
    }

    JfrProfile p = JfrProfile.read(dir, 5);

    assertThat(p.samples()).isPositive();
    assertThat(p.byLatticeFrame().get(0).method())
        .startsWith("io.lattice.bench.report.JfrProfileTest.");
    assertThat(p.byLatticeFrame().get(0).share()).isGreaterThan(0.5);
    assertThat(p.byLeaf()).isNotEmpty();
    assertThat(p.byLeafPackage().get(0).method()).isEqualTo("io.lattice.bench");
    assertThat(JfrProfile.packageOf("java.util.concurrent.locks.LockSupport"))
        .isEqualTo("java.util.concurrent");
    assertThat(JfrProfile.packageOf("Main")).isEqualTo("(default package)");
    assertThat(JfrProfile.threadKind("tx-gossip-3f9a0c1d22e4b5a6")).isEqualTo("tx-gossip-ID");
    assertThat(JfrProfile.threadKind("JettyServerThreadPool-41"))
        .isEqualTo("JettyServerThreadPool-N");
    assertThat(p.byThread()).isNotEmpty();
  }

  private static long burn(long seed) {
    long x = seed | 1;
    for (int i = 0; i < 100_000; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
    }
    return x;
  }
}
