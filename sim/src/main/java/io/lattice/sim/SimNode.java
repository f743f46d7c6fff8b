package io.lattice.sim;

import io.lattice.consensus.privval.FilePrivValidator;
import io.lattice.consensus.tendermint.TendermintEngine;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.runtime.LatticeApp;
import io.lattice.storage.MemoryKeyValueStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * One simulated validator: what survives a crash (its store, WAL file, signer state file and key)
 * and its current incarnation (application, mempool, ledger, engine), if running.
 */
final class SimNode {
  final int index;
  final PrivateKeySigner key;
  final long power;
  final boolean byzantine;
  final long skewMillis;
  final MemoryKeyValueStore db = new MemoryKeyValueStore();
  final Path walFile;
  final Path signerState;

  // the running incarnation
  LatticeApp app;
  SimMempool mempool;
  SimLedger ledger;
  TendermintEngine engine;
  FilePrivValidator privValidator;
  boolean alive;
  boolean genesisDone;
  long height;

  /** Virtual time of this node's last block-sync request. */
  long lastSyncStep = Long.MIN_VALUE / 2;

  SimNode(
      int index, PrivateKeySigner key, long power, boolean byzantine, long skewMillis, Path dir) {
    this.index = index;
    this.key = key;
    this.power = power;
    this.byzantine = byzantine;
    this.skewMillis = skewMillis;
    this.walFile = dir.resolve("node-" + index + ".wal");
    this.signerState = dir.resolve("node-" + index + "-priv_validator_state.json");
  }

  /**
   * Tears the WAL's tail as a crash in the middle of a write leaves it: cuts the last record at a
   * random byte, or appends a random partial record. Returns whether anything changed.
   */
  boolean tearWal(Random random) throws IOException {
    if (!Files.exists(walFile)) {
      return false;
    }
    long size = Files.size(walFile);
    long last = -1;
    long lastLength = 0;
    try (FileChannel ch = FileChannel.open(walFile, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(8);
      long pos = 0;
      while (pos + 8 <= size) {
        header.clear();
        ch.read(header, pos);
        long length = Integer.toUnsignedLong(header.getInt(0));
        if (pos + 8 + length > size) {
          break;
        }
        last = pos;
        lastLength = 8 + length;
        pos += 8 + length;
      }
    }
    if (random.nextBoolean() && last >= 0) {
      long cut = last + 1 + (long) random.nextInt((int) Math.max(1, lastLength - 1));
      try (FileChannel ch = FileChannel.open(walFile, StandardOpenOption.WRITE)) {
        ch.truncate(cut);
      }
      return true;
    }
    byte[] garbage = new byte[1 + random.nextInt(12)];
    random.nextBytes(garbage);
    Files.write(walFile, garbage, StandardOpenOption.APPEND);
    return true;
  }
}
