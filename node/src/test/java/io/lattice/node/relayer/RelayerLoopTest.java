package io.lattice.node.relayer;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The relayer process's loop against chains that are down. */
class RelayerLoopTest {
  @Test
  void waitsForAChainThatIsDownRetryingWithBackoffAndStopsWhenAsked() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closed;
    PrivateKeySigner key = KeyPairs.generate(KeyAlgorithm.ED25519, new SecureRandom());
    RestChainEndpoint.Fees fees = new RestChainEndpoint.Fees(1000, "ulat", BigInteger.TEN);
    StringWriter log = new StringWriter();
    RelayerLoop loop =
        new RelayerLoop(
            url,
            url,
            u -> RestChainEndpoint.connect(u, key, fees, Duration.ofSeconds(5)),
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            new PrintWriter(log, true));
    Thread t =
        Thread.ofPlatform()
            .start(() -> {
              try {
                loop.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (log.toString().lines().filter(l -> l.contains("waiting:")).count() < 2
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    loop.stop();
    t.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(t.isAlive()).isFalse();
    String out = log.toString();
    assertThat(out)
        .contains("waiting: " + url + "/v1/status: unreachable")
        .contains("retrying in 0.05 s")
        .contains("retrying in 0.2 s")
        .contains("stopped after 0 round(s)")
        .doesNotContain("connected:");
  }
}
