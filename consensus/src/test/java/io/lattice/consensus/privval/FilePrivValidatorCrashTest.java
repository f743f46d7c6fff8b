package io.lattice.consensus.privval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.common.Hex;
import io.lattice.consensus.block.Votes;
import io.lattice.proto.types.v1.Timestamp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A signer process is killed (SIGKILL) at a seeded random moment while it signs; after a restart
 * from its state file, every signature it released is covered: asking for different data at any
 * released position is refused, so no restart can lead to a double sign.
 */
class FilePrivValidatorCrashTest {
  private static final byte[] SEED = filled(7);

  @TempDir Path dir;

  private static byte[] filled(int b) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) b);
    return s;
  }

  record Released(long height, int round, int type, String signature) {}

  /**
   * Seeds 1..3 by default; a longer run: {@code -Dprivval.crash.seeds=200
   * -Dprivval.crash.firstSeed=1000}.
   */
  static LongStream seeds() {
    long first = Long.getLong("privval.crash.firstSeed", 1);
    return LongStream.range(first, first + Long.getLong("privval.crash.seeds", 3));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void killedSignerNeverDoubleSignsAfterRestart(long seed) throws Exception {
    Random random = new Random(seed);
    Path state = dir.resolve("data/priv_validator_state.json");
    List<Released> released = new ArrayList<>();
    // two crashes in a row: the second child resumes from the state the first one left
    for (int run = 0; run < 2; run++) {
      released.addAll(runAndKill(state, 1 + random.nextInt(60), random.nextInt(3)));
    }
    assertThat(released).isNotEmpty();

    FilePrivValidator restarted = FilePrivValidator.open(FilePrivValidatorTest.key(7), state);
    LastSignState last = restarted.lastSignState();
    Released newest = released.get(released.size() - 1);
    assertThat(last.compareTo(newest.height(), newest.round(), step(newest.type())))
        .as("persisted state %s covers the last released signature %s", last, newest)
        .isGreaterThanOrEqualTo(0);
    for (Released r : released) {
      // a different block at a released position is refused (as a regression or a conflict)
      assertThatThrownBy(() ->
              restarted.signVote(
                  FilePrivValidatorTest.CHAIN,
                  r.type(),
                  r.height(),
                  r.round(),
                  FilePrivValidatorTest.block(-1),
                  Timestamp.newBuilder().setSeconds(r.height()).build()))
          .isInstanceOf(SignRefusedException.class);
    }
    if (last.compareTo(newest.height(), newest.round(), step(newest.type())) == 0) {
      // the newest released vote, asked again, gets its released signature back
      SignedVote again =
          restarted.signVote(
              FilePrivValidatorTest.CHAIN,
              newest.type(),
              newest.height(),
              newest.round(),
              FilePrivValidatorTest.block(newest.height() * 10 + newest.round()),
              Timestamp.newBuilder().setSeconds(newest.height()).build());
      assertThat(Hex.encode(again.signature())).isEqualTo(newest.signature());
    }
  }

  private static SignStep step(int type) {
    return type == Votes.PREVOTE ? SignStep.PREVOTE : SignStep.PRECOMMIT;
  }

  /**
   * Starts a child, waits until it has released {@code lines} signatures, then kills it. The child
   * writes to a file, so everything it printed before dying is read back afterwards.
   */
  private static List<Released> runAndKill(Path state, int lines, int extraPauseMs)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path output = Files.createTempFile(state.getParent().getParent(), "child", ".out");
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                PrivValidatorCrashChild.class.getName(),
                state.toString(),
                Hex.encode(SEED))
            .redirectOutput(output.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      while (child.isAlive() && signedLines(output) < lines) {
        Thread.sleep(2);
      }
      assertThat(child.isAlive()).as("child is still signing").isTrue();
      // the kill lands at a varying point of the next sign / fsync / rename
      Thread.sleep(extraPauseMs);
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    List<Released> released = new ArrayList<>();
    for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
      // a line cut by the kill is not a released signature: the child prints after signing
      if (line.startsWith("SIGNED ")
          && line.split(" ").length == 5
          && line.split(" ")[4].length() == 128) {
        released.add(parse(line));
      }
    }
    return released;
  }

  private static long signedLines(Path output) throws Exception {
    return Files.readAllLines(output, StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith("SIGNED "))
        .count();
  }

  private static Released parse(String line) {
    String[] f = line.split(" ");
    assertThat(f).hasSize(5);
    return new Released(Long.parseLong(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4]);
  }
}
