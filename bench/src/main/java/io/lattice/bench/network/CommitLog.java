package io.lattice.bench.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code committed block height=H hash=X txs=N} lines a node logs (LatticeNode's block log, at
 * INFO, millisecond timestamps from the machine's one clock): when this node committed each height.
 * A node restarted later keeps its first commit of a height.
 */
record CommitLog(String node, Map<Long, Commit> commits) {
  private static final Pattern LINE =
      Pattern.compile("^(\\S+) .*committed block height=(\\d+) hash=(\\w+) txs=(\\d+)");

  /** One committed height as logged. */
  record Commit(long height, Instant at, String hash, int txs) {}

  static CommitLog read(String node, Path log) throws IOException {
    Map<Long, Commit> commits = new TreeMap<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher m = LINE.matcher(line);
      if (!m.find()) {
        continue;
      }
      try {
        long h = Long.parseLong(m.group(2));
        commits.putIfAbsent(
            h, new Commit(h, Instant.parse(m.group(1)), m.group(3), Integer.parseInt(m.group(4))));
      } catch (DateTimeParseException | NumberFormatException e) {
        // a line cut by a kill, or another format: not a commit record
      }
    }
    return new CommitLog(node, commits);
  }
}
