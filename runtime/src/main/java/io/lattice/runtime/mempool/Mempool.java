package io.lattice.runtime.mempool;

import io.lattice.consensus.app.Application;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.consensus.app.TxSource;
import io.lattice.crypto.Hashes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactions waiting for a block.
 *
 * <p>Rules, in the order a submitted transaction meets them:
 *
 * <ol>
 *   <li>larger than {@link MempoolConfig#maxTxBytes()}: refused ("tx too large");
 *   <li>same hash (SHA-256 of the bytes) as one of the last {@value #COMMITTED_KEPT} committed
 *       transactions: refused ("tx already committed"), before its signatures are verified;
 *   <li>same hash as a waiting transaction: refused ("tx already in mempool");
 *   <li>{@link Application#checkTx} against the latest committed state; its refusal is returned as
 *       is;
 *   <li>same sender and sequence as a waiting transaction: refused;
 *   <li>when the count or byte limit would be exceeded, waiting transactions of strictly lower
 *       priority are evicted, lowest priority first and, among equals, newest first; when that
 *       cannot free enough room the transaction is refused ("mempool is full: N txs / B bytes").
 * </ol>
 *
 * <p>{@link #reap} returns a sender's transactions in sequence order and stops at a gap (a missing
 * sequence waits for its transaction); across senders the next transaction is the one of highest
 * priority, earliest admitted first among equals. After each block {@link #update} drops the
 * committed transactions, those older than the TTL, and re-checks the rest with {@code checkTx(tx,
 * true)}, dropping the ones that no longer pass.
 *
 * <p>Rules 4 and 5 are decided inside the application's check ({@link Application#checkTx(byte[],
 * boolean, java.util.function.Predicate)}), so a transaction they refuse leaves the check state as
 * it was: the sender's retry of the same sequence, after a full mempool made room, is admitted.
 *
 * <p>Thread-safe: every operation holds one lock, so {@code checkTx} calls made here never overlap.
 */
public final class Mempool implements TxSource {
  public static final String CODESPACE = "mempool";
  public static final int CODE_DUPLICATE = 19;
  public static final int CODE_FULL = 20;
  public static final int CODE_TOO_LARGE = 21;
  public static final int CODE_SEQUENCE_TAKEN = 22;

  private static final Logger log = LoggerFactory.getLogger(Mempool.class);
  private static final HexFormat HEX = HexFormat.of();

  /** Eviction order: lowest priority first, then newest first. */
  private static final Comparator<Entry> EVICTION =
      Comparator.comparingLong(Entry::priority)
          .thenComparing(Comparator.comparingLong(Entry::arrival).reversed());

  /** Reaping order between senders' next transactions: highest priority, then oldest. */
  private static final Comparator<Entry> REAP =
      Comparator.comparingLong(Entry::priority).reversed().thenComparingLong(Entry::arrival);

  private final Application app;
  private final MempoolConfig config;
  private final Object lock = new Object();
  private final Map<String, Entry> byHash = new HashMap<>();
  private final Map<String, TreeMap<Long, Entry>> bySender = new HashMap<>();
  private final TreeSet<Entry> evictionOrder = new TreeSet<>(EVICTION);

  /**
   * Hashes of the last {@value #COMMITTED_KEPT} committed transactions, read without the lock (by
   * {@link #add}, before it verifies signatures) and written under it (by {@link #update}).
   */
  static final int COMMITTED_KEPT = 100_000;

  private final Set<String> recentlyCommitted = ConcurrentHashMap.newKeySet();
  private final ArrayDeque<String> committedOrder = new ArrayDeque<>();

  /** A sender's next sequence as learned from its committed transactions. */
  private final Map<String, Long> nextSequence = new HashMap<>();

  private long bytes;
  private long height;
  private long arrivals;

  /**
   * @param committedHeight height of the last committed block; TTLs count from it
   */
  public Mempool(Application app, MempoolConfig config, long committedHeight) {
    this.app = app;
    this.config = config;
    this.height = committedHeight;
  }

  private record Entry(
      byte[] tx,
      String hash,
      String sender,
      long sequence,
      long priority,
      long gasWanted,
      long admittedAt,
      long arrival) {}

  /** Admits {@code tx} or says why not; see the class documentation for the rules. */
  public CheckTxResult add(byte[] tx) {
    if (tx.length > config.maxTxBytes()) {
      return CheckTxResult.rejected(
          CODE_TOO_LARGE,
          CODESPACE,
          "tx too large: " + tx.length + " bytes > max " + config.maxTxBytes());
    }
    String hash = HEX.formatHex(Hashes.sha256(tx));
    if (recentlyCommitted.contains(hash)) {
      // a late gossiped copy of a transaction already in a block: refused before its signature
      // is verified again
      return CheckTxResult.rejected(CODE_DUPLICATE, CODESPACE, "tx already committed");
    }
    // signatures are verified before the lock, so admissions do not queue behind each other's
    // (or a block's) verification; checkTx then finds them verified
    app.preverify(tx);
    synchronized (lock) {
      if (byHash.containsKey(hash)) {
        return CheckTxResult.rejected(CODE_DUPLICATE, CODESPACE, "tx already in mempool");
      }
      // the mempool's own refusals are decided inside the check, so that a refused transaction
      // leaves no trace in the check state (its sender's sequence stays where it was)
      Admission admission = new Admission();
      CheckTxResult result = app.checkTx(tx, false, passed -> admission.decide(tx, hash, passed));
      if (!result.isOk()) {
        return result;
      }
      if (admission.refusal != null) {
        return admission.refusal;
      }
      Entry entry = admission.entry;
      for (Entry victim : admission.victims) {
        remove(victim);
        log.debug("evicted tx {} (priority {}) for {}", victim.hash, victim.priority, hash);
      }
      insert(entry);
      return result;
    }
  }

  /** What {@link #add} decided about a transaction that passed the application's check. */
  private final class Admission {
    Entry entry;
    List<Entry> victims = List.of();
    CheckTxResult refusal;

    /** Called under the lock with a passing result: true if the transaction will be inserted. */
    boolean decide(byte[] tx, String hash, CheckTxResult result) {
      TreeMap<Long, Entry> queue = bySender.get(result.sender());
      if (queue != null && queue.containsKey(result.sequence())) {
        refusal =
            CheckTxResult.rejected(
                CODE_SEQUENCE_TAKEN,
                CODESPACE,
                "sender "
                    + result.sender()
                    + " already has a tx with sequence "
                    + result.sequence()
                    + " in the mempool");
        return false;
      }
      Entry e =
          new Entry(
              tx.clone(),
              hash,
              result.sender(),
              result.sequence(),
              result.priority(),
              result.gasWanted(),
              height,
              arrivals);
      List<Entry> evict = victimsFor(e);
      if (evict == null) {
        refusal =
            CheckTxResult.rejected(
                CODE_FULL,
                CODESPACE,
                "mempool is full: " + config.maxTxs() + " txs / " + config.maxBytes() + " bytes");
        return false;
      }
      arrivals++;
      entry = e;
      victims = evict;
      return true;
    }
  }

  /** The transactions to evict so that {@code entry} fits, or null when it cannot fit. */
  private List<Entry> victimsFor(Entry entry) {
    long excessCount = byHash.size() + 1L - config.maxTxs();
    long excessBytes = bytes + entry.tx.length - config.maxBytes();
    List<Entry> victims = new ArrayList<>();
    Iterator<Entry> lowestFirst = evictionOrder.iterator();
    while (excessCount > 0 || excessBytes > 0) {
      if (!lowestFirst.hasNext()) {
        return null;
      }
      Entry candidate = lowestFirst.next();
      if (candidate.priority >= entry.priority) {
        return null;
      }
      if (candidate.sender.equals(entry.sender) && candidate.sequence < entry.sequence) {
        continue; // evicting it would leave the new transaction behind a gap
      }
      victims.add(candidate);
      excessCount--;
      excessBytes -= candidate.tx.length;
    }
    return victims;
  }

  private void insert(Entry entry) {
    byHash.put(entry.hash, entry);
    bySender.computeIfAbsent(entry.sender, s -> new TreeMap<>()).put(entry.sequence, entry);
    evictionOrder.add(entry);
    bytes += entry.tx.length;
  }

  private void remove(Entry entry) {
    byHash.remove(entry.hash);
    TreeMap<Long, Entry> queue = bySender.get(entry.sender);
    if (queue != null) {
      queue.remove(entry.sequence);
      if (queue.isEmpty()) {
        bySender.remove(entry.sender);
        nextSequence.remove(entry.sender);
      }
    }
    evictionOrder.remove(entry);
    bytes -= entry.tx.length;
  }

  @Override
  public List<byte[]> reap(long maxBytes, long maxGas) {
    synchronized (lock) {
      PriorityQueue<Entry> heads = new PriorityQueue<>(REAP);
      for (TreeMap<Long, Entry> queue : bySender.values()) {
        Entry first = queue.firstEntry().getValue();
        Long expected = nextSequence.get(first.sender);
        if (expected == null || first.sequence <= expected) {
          heads.add(first);
        }
      }
      List<byte[]> out = new ArrayList<>();
      long usedBytes = 0;
      long usedGas = 0;
      while (!heads.isEmpty()) {
        Entry e = heads.poll();
        if (usedBytes + e.tx.length > maxBytes || (maxGas >= 0 && usedGas + e.gasWanted > maxGas)) {
          continue; // this sender's later transactions depend on this one
        }
        out.add(e.tx.clone());
        usedBytes += e.tx.length;
        usedGas += e.gasWanted;
        Entry next = bySender.get(e.sender).get(e.sequence + 1);
        if (next != null) {
          heads.add(next);
        }
      }
      return out;
    }
  }

  @Override
  public void update(long committedHeight, List<byte[]> committedTxs, Runnable stateSwitch) {
    synchronized (lock) {
      stateSwitch.run();
      height = committedHeight;
      for (byte[] tx : committedTxs) {
        String hash = HEX.formatHex(Hashes.sha256(tx));
        rememberCommitted(hash);
        Entry e = byHash.get(hash);
        if (e != null) {
          remove(e);
          if (bySender.containsKey(e.sender)) {
            nextSequence.merge(e.sender, e.sequence + 1, Math::max);
          }
        }
      }
      List<Entry> remaining = new ArrayList<>(byHash.size());
      bySender.values().stream()
          .sorted(Comparator.comparingLong(q -> q.firstEntry().getValue().arrival))
          .forEach(q -> remaining.addAll(q.values()));
      int expired = 0;
      int invalid = 0;
      for (Entry e : remaining) {
        if (config.ttlBlocks() > 0 && committedHeight - e.admittedAt >= config.ttlBlocks()) {
          remove(e);
          expired++;
          continue;
        }
        CheckTxResult result = app.checkTx(e.tx, true);
        if (!result.isOk()) {
          remove(e);
          invalid++;
          log.debug("dropped tx {} on re-check: {}", e.hash, result.log());
        }
      }
      if (expired + invalid > 0) {
        log.debug(
            "after block {}: {} expired, {} no longer valid, {} waiting",
            committedHeight,
            expired,
            invalid,
            byHash.size());
      }
    }
  }

  /** Remembers {@code hash} as committed, forgetting the oldest beyond {@link #COMMITTED_KEPT}. */
  private void rememberCommitted(String hash) {
    if (recentlyCommitted.add(hash)) {
      committedOrder.add(hash);
      if (committedOrder.size() > COMMITTED_KEPT) {
        recentlyCommitted.remove(committedOrder.poll());
      }
    }
  }

  /** Whether a transaction with this SHA-256 hash is waiting. */
  public boolean contains(byte[] hash) {
    synchronized (lock) {
      return byHash.containsKey(HEX.formatHex(hash));
    }
  }

  public int size() {
    synchronized (lock) {
      return byHash.size();
    }
  }

  public long totalBytes() {
    synchronized (lock) {
      return bytes;
    }
  }
}
