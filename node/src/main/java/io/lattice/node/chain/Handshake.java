package io.lattice.node.chain;

import io.lattice.consensus.app.AppInfo;
import io.lattice.consensus.app.Application;
import io.lattice.node.config.Genesis;
import io.lattice.runtime.store.CommitStore;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.WriteBatch;
import java.util.Arrays;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the application and the block store into agreement on start: loads genesis state (in one
 * synced batch) when the node has none, then checks that the application's height equals the block
 * store's and that its app hash is the one recorded with the latest block.
 */
public final class Handshake {
  private static final Logger log = LoggerFactory.getLogger(Handshake.class);
  private static final HexFormat HEX = HexFormat.of();

  private Handshake() {}

  /**
   * @throws IllegalStateException naming the disagreement (blocks without state, different heights
   *     or hashes)
   * @throws IllegalArgumentException when genesis app state is rejected by the application
   */
  public static AppInfo run(
      Genesis genesis, CommitStore state, Application app, StoredChain chain, KeyValueStore db) {
    long blocks = chain.latestHeight();
    if (state.version() < 0) {
      if (blocks > 0) {
        throw new IllegalStateException(
            "the block store is at height " + blocks + " but there is no application state");
      }
      try (WriteBatch batch = db.newBatch()) {
        byte[] hash = app.initChain(genesis.appStateJson(), batch);
        db.write(batch, true);
        log.info("loaded genesis of {}: app hash {}", genesis.chainId(), HEX.formatHex(hash));
      }
    }
    AppInfo info = app.info();
    if (info.height() != blocks) {
      throw new IllegalStateException(
          "application state is at height " + info.height() + " but the block store at " + blocks);
    }
    if (blocks > 0) {
      byte[] recorded =
          chain
              .appHash(blocks)
              .orElseThrow(
                  () -> new IllegalStateException("no app hash recorded for block " + blocks));
      if (!Arrays.equals(recorded, info.appHash())) {
        throw new IllegalStateException(
            "application state hash "
                + HEX.formatHex(info.appHash())
                + " differs from the one recorded with block "
                + blocks
                + ": "
                + HEX.formatHex(recorded));
      }
    }
    return info;
  }
}
