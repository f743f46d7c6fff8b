package io.lattice.p2p.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.p2p.ChannelDescriptor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of one encrypted connection on loopback, for p2p/README.md's figures. Off by default;
 * run with {@code ./mvnw -B test -pl p2p -Dtest=ThroughputProbeTest -Dp2p.probe=true}.
 */
@EnabledIfSystemProperty(named = "p2p.probe", matches = "true")
class ThroughputProbeTest {
  private static final int ROUNDS = 3;

  @Test
  void bulkAndSmallMessages() throws Exception {
    try (Nodes nodes = new Nodes()) {
      Switch b =
          nodes.start(
              2,
              c ->
                  c.receiveBytesPerSecond(1L << 40)
                      .sendBytesPerSecond(1L << 40)
                      .receiveMessagesPerSecond(100_000_000));
      Switch a = nodes.start(1, c -> c.sendBytesPerSecond(1L << 40));
      a.dial(b.selfAddress()).get(10, TimeUnit.SECONDS);
      AtomicLong bytes = new AtomicLong();
      AtomicLong messages = new AtomicLong();
      int bulk = ChannelDescriptor.BLOCK_SYNC.id();
      int small = ChannelDescriptor.CONSENSUS.id();
      var u1 = b.onReceive(bulk, (p, m) -> bytes.addAndGet(m.length));
      var u2 = b.onReceive(small, (p, m) -> messages.incrementAndGet());
      for (int round = 0; round < ROUNDS; round++) {
        bytes.set(0);
        long t0 = System.nanoTime();
        sendAll(a, b, bulk, 200, new byte[1 << 20]);
        await(() -> bytes.get() == 200L << 20);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("p2p probe: 200 x 1 MiB in %.2f s = %.0f MiB/s%n", s, 200 / s);
      }
      for (int round = 0; round < ROUNDS; round++) {
        messages.set(0);
        long t0 = System.nanoTime();
        sendAll(a, b, small, 100_000, new byte[200]);
        await(() -> messages.get() == 100_000);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("p2p probe: 100,000 x 200 B in %.2f s = %.0f msg/s%n", s, 100_000 / s);
      }
      assertThat(b.isConnected(a.nodeId())).isTrue();
    }
  }

  private static void sendAll(Switch a, Switch b, int channel, int count, byte[] m)
      throws InterruptedException {
    int sent = 0;
    while (sent < count) {
      if (a.send(b.nodeId(), channel, m)) {
        sent++;
      } else {
        Thread.sleep(1);
      }
    }
  }

  private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("all messages arrive").isLessThan(deadline);
      Thread.sleep(1);
    }
  }
}
