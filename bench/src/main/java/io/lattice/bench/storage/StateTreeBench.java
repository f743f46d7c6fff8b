package io.lattice.bench.storage;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * State tree commit throughput: batches of 10,000 random updates (one synced version each) into a
 * tree of 1,000,000 keys, on the in-memory store and on RocksDB. The score is updates per second
 * (one operation = one key update). Run: {@code java -jar bench/target/benchmarks.jar
 * StateTreeBench} or through the JMH main with {@code -p store=rocksdb}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx4g", "--enable-native-access=ALL-UNNAMED"})
public class StateTreeBench {
  static final int BATCH = 10_000;

  @Param({"memory", "rocksdb"})
  public String store;

  @Param({"1000000"})
  public long keys;

  @Param({"1000000"})
  public int cacheNodes;

  private StateTreeWorkload workload;

  @Setup(Level.Trial)
  public void setUp() {
    workload = new StateTreeWorkload(store, keys, BATCH, cacheNodes, 1);
  }

  @Setup(Level.Iteration)
  public void pruneOldVersions() {
    workload.prune();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    workload.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public byte[] commitBatch() {
    return workload.updateBatch();
  }
}
