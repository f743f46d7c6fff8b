package io.lattice.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lattice.common.Clock;
import io.lattice.consensus.tendermint.TendermintEngine;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeHome;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Every log line of the consensus thread names the height and round being decided. */
class ConsensusLogContextTest {
  @TempDir Path tmp;

  @Test
  void committedBlockLinesCarryTheirHeightAndRound() throws Exception {
    NodeHome home = new NodeHome(tmp.resolve("home"));
    new HomeInitializer(Clock.system(), new SecureRandom())
        .init(home, "lattice-log-1", "node0", false);
    Logger nodeLog = (Logger) LoggerFactory.getLogger(LatticeNode.class);
    ListAppender<ILoggingEvent> lines =
        new ListAppender<>() {
          @Override
          protected void append(ILoggingEvent e) {
            e.prepareForDeferredProcessing(); // captures the logging thread's MDC now
            super.append(e);
          }
        };
    lines.start();
    nodeLog.addAppender(lines);
    ch.qos.logback.classic.Level before = nodeLog.getLevel();
    nodeLog.setLevel(ch.qos.logback.classic.Level.INFO);
    try (LatticeNode node =
        LatticeNode.start(
            home,
            LatticeNode.Options.defaults()
                .withoutApi()
                .withBlockInterval(Duration.ofMillis(100)))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> node.engine().committedHeight() >= 3);
    } finally {
      nodeLog.detachAppender(lines);
      nodeLog.setLevel(before);
    }
    List<ILoggingEvent> committed =
        lines.list.stream()
            .filter(e -> e.getFormattedMessage().startsWith("committed block height="))
            .toList();
    assertThat(committed).hasSizeGreaterThanOrEqualTo(3);
    for (ILoggingEvent e : committed) {
      String height = e.getFormattedMessage().split("height=")[1].split(" ")[0];
      assertThat(e.getMDCPropertyMap())
          .as("context of: %s", e.getFormattedMessage())
          .containsEntry(TendermintEngine.MDC_HEIGHT, height)
          .containsEntry(TendermintEngine.MDC_ROUND, "0");
    }
  }

  @Test
  void theTextPatternShowsTheContextOnlyWhenThereIsOne() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayout layout = new PatternLayout();
    layout.setContext(context);
    layout.setPattern(io.lattice.node.config.Logging.PATTERN);
    layout.start();
    Logger logger = context.getLogger("io.lattice.test");
    LoggingEvent consensus =
        new LoggingEvent("fqcn", logger, ch.qos.logback.classic.Level.INFO, "decided", null, null);
    consensus.setThreadName("consensus");
    consensus.setMDCPropertyMap(Map.of("height", "42", "round", "1"));
    LoggingEvent api =
        new LoggingEvent("fqcn", logger, ch.qos.logback.classic.Level.INFO, "request", null, null);
    api.setThreadName("api");
    api.setMDCPropertyMap(Map.of());
    assertThat(layout.doLayout(consensus)).contains("[consensus] h=42 r=1 test - decided");
    assertThat(layout.doLayout(api)).contains("[api] test - request");
  }
}
