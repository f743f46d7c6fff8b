package io.lattice.storage;

import io.lattice.storage.block.BlockStore;
import io.lattice.storage.block.TxIndexEntry;
import io.lattice.storage.state.StateTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Child process of {@link CrashSafetyTest}: commits deterministic blocks and state, one synced
 * batch per height, to a RocksDB directory forever, printing "committed &lt;height&gt;
 * &lt;root&gt;" after each write returns. The parent kills it with SIGKILL.
 */
public final class CrashWriter {
  static final byte[] STATE_PREFIX = {'S'};

  private CrashWriter() {}

  /** The writes of block {@code height}: a pure function of (seed, height). */
  static void applyBlock(StateTree tree, long seed, long height) {
    Random rnd = new Random(seed * 1_000_003L + height);
    int ops = 20 + rnd.nextInt(60);
    for (int i = 0; i < ops; i++) {
      byte[] key = ("acct/" + rnd.nextInt(3000)).getBytes(StandardCharsets.UTF_8);
      if (rnd.nextInt(5) == 0) {
        tree.delete(key);
      } else {
        byte[] value = new byte[16 + rnd.nextInt(200)];
        rnd.nextBytes(value);
        tree.set(key, value);
      }
    }
  }

  static byte[] blockBytes(long seed, long height) {
    return ("block " + height + " of run " + seed).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    try (KeyValueStore store = RocksKeyValueStore.open(dir)) {
      StateTree tree = StateTree.open(store, STATE_PREFIX);
      BlockStore blocks = new BlockStore(store);
      long height = blocks.latestHeight() + 1;
      while (true) {
        applyBlock(tree, seed, height);
        byte[] block = blockBytes(seed, height);
        byte[] root;
        try (WriteBatch batch = store.newBatch()) {
          root = tree.commit(height, batch);
          blocks.stageBlock(
              batch,
              height,
              sha256(block),
              block,
              root,
              List.of(new TxIndexEntry(sha256(root), 0, List.of("lat1writer"))));
          store.write(batch, true);
        }
        System.out.println("committed " + height + " " + HexFormat.of().formatHex(root));
        System.out.flush();
        height++;
      }
    }
  }
}
