package io.lattice.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * CPU samples ({@code jdk.ExecutionSample}) of JFR recordings summed over files: the top frames by
 * leaf method ("self" time) and by the innermost Lattice method on the stack ("which of our code
 * the time is spent under"), and by the leaf's package cut to three names ({@code
 * org.bouncycastle.math}, {@code java.util.concurrent}), and by {@link #threadKind} (a thread pool,
 * or one kind of thread of every node, is one entry). Samples without a stack are not counted.
 */
public record JfrProfile(
    long samples,
    List<Entry> byLeaf,
    List<Entry> byLeafPackage,
    List<Entry> byLatticeFrame,
    List<Entry> byThread) {

  /** One method and its share of the samples. */
  public record Entry(String method, long samples, double share) {}

  private static final String OURS = "io.lattice.";

  /** Reads every {@code *.jfr} file under {@code dir}; {@code top} entries per list. */
  public static JfrProfile read(Path dir, int top) throws IOException {
    Map<String, Long> leaf = new HashMap<>();
    Map<String, Long> leafPackage = new HashMap<>();
    Map<String, Long> threads = new HashMap<>();
    Map<String, Long> ours = new HashMap<>();
    long total = 0;
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
    }
    for (Path file : files) {
      for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")
            || e.getStackTrace() == null
            || e.getStackTrace().getFrames().isEmpty()) {
          continue;
        }
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        total++;
        RecordedMethod leafMethod = frames.get(0).getMethod();
        leaf.merge(name(leafMethod), 1L, Long::sum);
        leafPackage.merge(packageOf(leafMethod.getType().getName()), 1L, Long::sum);
        RecordedThread thread = e.getThread("sampledThread");
        String threadName = thread == null ? null : thread.getJavaName();
        threads.merge(threadName == null ? "(unnamed)" : threadKind(threadName), 1L, Long::sum);
        String mine = "(no Lattice frame: JVM and library threads)";
        for (RecordedFrame f : frames) {
          String n = name(f.getMethod());
          if (n.startsWith(OURS)) {
            mine = n;
            break;
          }
        }
        ours.merge(mine, 1L, Long::sum);
      }
    }
    return new JfrProfile(
        total,
        top(leaf, total, top),
        top(leafPackage, total, top),
        top(ours, total, top),
        top(threads, total, top));
  }

  /** A thread's name with node ids ({@code [0-9a-f]{8,}}) and numbers replaced: its kind. */
  static String threadKind(String name) {
    return name.replaceAll("[0-9a-f]{8,}", "ID").replaceAll("\\d+", "N");
  }

  static String packageOf(String className) {
    String[] parts = className.split("\\.", -1);
    int n = Math.min(3, parts.length - 1);
    return n <= 0 ? "(default package)" : String.join(".", java.util.Arrays.copyOf(parts, n));
  }

  private static String name(RecordedMethod m) {
    return m.getType().getName() + "." + m.getName();
  }

  private static List<Entry> top(Map<String, Long> counts, long total, int n) {
    List<Entry> out = new ArrayList<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(n)
        .forEach(e -> out.add(new Entry(e.getKey(), e.getValue(), e.getValue() / (double) total)));
    return out;
  }
}
