package io.lattice.node.chain;

import io.lattice.common.Clock;
import io.lattice.consensus.ExecutorScheduler;
import io.lattice.consensus.app.Application;
import io.lattice.consensus.app.TxSource;
import io.lattice.consensus.solo.SoloConfig;
import io.lattice.consensus.solo.SoloEngine;
import io.lattice.node.config.Genesis;
import io.lattice.node.config.NodeFiles;
import io.lattice.storage.KeyValueStore;

/** Builds the consensus engine: the single-validator engine on its own event-loop thread. */
public final class ConsensusFactory {
  private ConsensusFactory() {}

  public static SoloConfig soloConfig(NodeFiles files) {
    Genesis g = files.genesis();
    return new SoloConfig(
        g.chainId(),
        g.initialHeight(),
        g.genesisTime(),
        files.config().blockInterval(),
        files.config().blockMaxBytes().orElse(g.maxBlockBytes()),
        files.config().blockMaxGas().orElse(g.maxBlockGas()));
  }

  public static SoloEngine create(
      NodeFiles files,
      Application app,
      TxSource txs,
      KeyValueStore db,
      StoredChain chain,
      Clock clock) {
    return new SoloEngine(
        soloConfig(files),
        files.validatorSet(),
        files.validatorKey(),
        app,
        txs,
        db,
        chain,
        clock,
        new ExecutorScheduler("consensus"));
  }
}
