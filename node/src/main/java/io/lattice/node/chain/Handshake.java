package io.lattice.node.chain;

import io.lattice.consensus.app.AppInfo;
import io.lattice.consensus.app.Application;
import io.lattice.crypto.Hashes;
import io.lattice.node.config.Genesis;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.runtime.store.CommitStore;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the application and the block store into agreement on start: loads genesis state (in one
 * synced batch, with a fingerprint of the genesis document) when the node has none, then checks
 * that genesis.json is still the document the chain started from, that the application's height
 * equals the block store's and that its app hash is the one recorded with the latest block.
 */
public final class Handshake {
  private static final Logger log = LoggerFactory.getLogger(Handshake.class);
  private static final HexFormat HEX = HexFormat.of();

  /** Where the genesis fingerprint is kept, next to the block store's keys. */
  private static final byte[] GENESIS_KEY = "b/genesis".getBytes(StandardCharsets.US_ASCII);

  private Handshake() {}

  /**
   * SHA-256 over the genesis fields that decide the chain: chain id, genesis time, initial height,
   * block limits, the canonical validator set and the app state (compact JSON).
   */
  public static byte[] fingerprint(Genesis genesis, ValidatorSet validators) {
    Instant time = genesis.genesisTime();
    ByteBuffer numbers = ByteBuffer.allocate(40);
    numbers
        .putLong(time.getEpochSecond())
        .putLong(time.getNano())
        .putLong(genesis.initialHeight())
        .putLong(genesis.maxBlockBytes())
        .putLong(genesis.maxBlockGas());
    byte[] chainId = genesis.chainId().getBytes(StandardCharsets.UTF_8);
    return Hashes.sha256(
        ByteBuffer.allocate(4).putInt(chainId.length).array(),
        chainId,
        numbers.array(),
        Hashes.sha256(validators.toByteArray()),
        Hashes.sha256(genesis.appStateJson()));
  }

  /**
   * Stages the genesis fingerprint of a node whose state comes from a snapshot instead of from
   * {@code genesis}' app state (state sync), so later starts check genesis.json as usual.
   */
  public static void stageFingerprint(WriteBatch batch, Genesis genesis, ValidatorSet validators) {
    batch.put(GENESIS_KEY, fingerprint(genesis, validators));
  }

  /**
   * @throws IllegalStateException naming the disagreement (blocks without state, different heights
   *     or hashes)
   * @throws IllegalArgumentException when genesis app state is rejected by the application
   */
  public static AppInfo run(
      Genesis genesis,
      ValidatorSet validators,
      CommitStore state,
      Application app,
      StoredChain chain,
      KeyValueStore db) {
    byte[] fingerprint = fingerprint(genesis, validators);
    long blocks = chain.latestHeight();
    if (state.version() < 0) {
      if (blocks > 0) {
        throw new IllegalStateException(
            "the block store is at height " + blocks + " but there is no application state");
      }
      try (WriteBatch batch = db.newBatch()) {
        byte[] hash = app.initChain(genesis.appStateJson(), batch);
        batch.put(GENESIS_KEY, fingerprint);
        db.write(batch, true);
        log.info("loaded genesis of {}: app hash {}", genesis.chainId(), HEX.formatHex(hash));
      }
    }
    Optional<byte[]> stored = db.get(GENESIS_KEY);
    if (stored.isEmpty()) {
      // A home written before fingerprints were recorded: adopt the current genesis.json.
      try (WriteBatch batch = db.newBatch()) {
        batch.put(GENESIS_KEY, fingerprint);
        db.write(batch, true);
      }
      log.info("recorded the genesis fingerprint {}", HEX.formatHex(fingerprint));
      stored = Optional.of(fingerprint);
    }
    byte[] recordedGenesis = stored.get();
    if (!Arrays.equals(recordedGenesis, fingerprint)) {
      throw new IllegalStateException(
          "genesis.json differs from the genesis this chain was started with (fingerprint "
              + HEX.formatHex(fingerprint)
              + ", recorded "
              + HEX.formatHex(recordedGenesis)
              + "); restore it, or start a new chain with `lattice init --overwrite`");
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
