package io.lattice.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.storage.block.BlockStore;
import io.lattice.storage.state.StateTree;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link CrashWriter}) with SIGKILL at seeded random moments while it commits
 * blocks and state in synced batches, then checks the reopened store: readable, nothing reported as
 * committed is lost, block store and state tree agree on the height, and the state root equals the
 * root recomputed by replaying the same deterministic writes.
 */
class CrashSafetyTest {
  static final long SEED = 20261121L;

  @Test
  void survivesSigkillDuringSyncedCommits(@TempDir Path dir) throws Exception {
    Random rnd = new Random(SEED);
    Path db = dir.resolve("db");
    long previous = 0;
    for (int round = 0; round < 3; round++) {
      long lastReported = runAndKill(db, rnd.nextInt(400), round);
      assertThat(lastReported)
          .as("round %d resumes after the recovered height", round)
          .isGreaterThan(previous);
      verify(db, lastReported, round);
      previous = lastReported;
    }
  }

  private long runAndKill(Path db, int killDelayMs, int round) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            CrashWriter.class.getName(),
            db.toString(),
            Long.toString(SEED));
    pb.redirectError(new File(db.getParent().toFile(), "child-stderr-" + round + ".txt"));
    Process child = pb.start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(() -> {
          try (BufferedReader r =
              new BufferedReader(
                  new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
              lines.add(line);
            }
          } catch (java.io.IOException e) {
            // the stream closes when the child is killed
          }
        });
    reader.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (lines.isEmpty() && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(lines)
          .as(
              "round %d: child never reported a commit (alive=%s, stderr in %s)",
              round, child.isAlive(), db.getParent())
          .isNotEmpty();
      assertThatThrownBy(() -> RocksKeyValueStore.open(db))
          .as("round %d: the child holds the database lock", round)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("database at " + db + " is already open by another process");
      Thread.sleep(killDelayMs);
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
      reader.join(10_000);
    }
    String last = lines.get(lines.size() - 1);
    return Long.parseLong(last.substring("committed ".length(), last.indexOf(' ', 10)));
  }

  private void verify(Path db, long lastReported, int round) throws Exception {
    try (KeyValueStore store = RocksKeyValueStore.open(db)) {
      BlockStore blocks = new BlockStore(store);
      StateTree tree = StateTree.open(store, CrashWriter.STATE_PREFIX);
      long latest = blocks.latestHeight();
      assertThat(latest)
          .as("seed %d round %d: latest height vs last reported", SEED, round)
          .isGreaterThanOrEqualTo(lastReported);
      assertThat(tree.latestVersion())
          .as("seed %d round %d: state and blocks written in one batch", SEED, round)
          .isEqualTo(latest);
      Map<Long, String> replayed = replayRoots(latest);
      String root = HexFormat.of().formatHex(tree.rootHash(latest));
      assertThat(root)
          .as("seed %d round %d: root at %d vs replay", SEED, round, latest)
          .isEqualTo(replayed.get(latest));
      assertThat(blocks.block(latest))
          .hasValueSatisfying(b -> assertThat(b).isEqualTo(CrashWriter.blockBytes(SEED, latest)));
      assertThat(HexFormat.of().formatHex(blocks.results(lastReported).orElseThrow()))
          .isEqualTo(replayed.get(lastReported));
    }
  }

  private static Map<Long, String> replayRoots(long upTo) {
    Map<Long, String> roots = new HashMap<>();
    KeyValueStore mem = new MemoryKeyValueStore();
    StateTree tree = StateTree.open(mem, CrashWriter.STATE_PREFIX);
    for (long h = 1; h <= upTo; h++) {
      CrashWriter.applyBlock(tree, SEED, h);
      try (WriteBatch batch = mem.newBatch()) {
        roots.put(h, HexFormat.of().formatHex(tree.commit(h, batch)));
        mem.write(batch, false);
      }
    }
    return roots;
  }
}
