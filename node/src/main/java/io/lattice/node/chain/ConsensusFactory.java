package io.lattice.node.chain;

import io.lattice.common.Clock;
import io.lattice.consensus.ExecutorScheduler;
import io.lattice.consensus.app.Application;
import io.lattice.consensus.app.TxSource;
import io.lattice.consensus.privval.FilePrivValidator;
import io.lattice.consensus.privval.PrivValidatorVoteSigner;
import io.lattice.consensus.tendermint.ConsensusNetwork;
import io.lattice.consensus.tendermint.CoreConfig;
import io.lattice.consensus.tendermint.TendermintConfig;
import io.lattice.consensus.tendermint.TendermintEngine;
import io.lattice.consensus.tendermint.TimeoutConfig;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.node.config.Genesis;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeFiles;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.storage.KeyValueStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Builds the consensus engine: the Tendermint BFT engine on its own event-loop thread, signing
 * through a {@link FilePrivValidator} (last signed state in {@code
 * <home>/data/priv_validator_state.json}) with its write-ahead log in {@code <home>/data/cs.wal}.
 */
public final class ConsensusFactory {
  public static final String WAL_FILE = "cs.wal";
  public static final String SIGN_STATE_FILE = "priv_validator_state.json";

  private ConsensusFactory() {}

  /**
   * The engine's timeouts: {@code consensus.timeout_*} for the rounds, {@code
   * consensus.block_interval} as the commit timeout (the wait after a block, which paces blocks).
   */
  public static TimeoutConfig timeouts(NodeConfig config) {
    NodeConfig.Timeouts t = config.timeouts();
    return new TimeoutConfig(
        t.propose(),
        t.proposeDelta(),
        t.vote(),
        t.voteDelta(),
        t.vote(),
        t.voteDelta(),
        config.blockInterval());
  }

  public static TendermintConfig tendermintConfig(NodeConfig config, Genesis g, Path walFile) {
    CoreConfig defaults = CoreConfig.defaults(g.chainId());
    return new TendermintConfig(
        new CoreConfig(
            g.chainId(),
            timeouts(config),
            defaults.maxProposalBytes(),
            defaults.maxBufferedMessages()),
        g.initialHeight(),
        g.genesisTime(),
        config.blockMaxBytes().orElse(g.maxBlockBytes()),
        config.blockMaxGas().orElse(g.maxBlockGas()),
        walFile);
  }

  /**
   * Opens the validator's signer over its last-signed-state file.
   *
   * @throws UncheckedIOException when the state file cannot be read, is corrupt, or cannot be
   *     created (it is never reset)
   */
  public static PrivValidatorVoteSigner signer(PrivateKeySigner key, Path stateFile) {
    try {
      return new PrivValidatorVoteSigner(FilePrivValidator.open(key, stateFile));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open the validator's sign state " + stateFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The engine of the node whose files are {@code files}, talking to peers over {@code network}.
   */
  public static TendermintEngine create(
      NodeFiles files,
      Application app,
      TxSource txs,
      KeyValueStore db,
      StoredChain chain,
      Clock clock,
      ConsensusNetwork network) {
    Path data = files.home().dataDir();
    return create(
        tendermintConfig(files.config(), files.genesis(), data.resolve(WAL_FILE)),
        files.validatorSet(),
        signer(files.validatorKey(), data.resolve(SIGN_STATE_FILE)),
        app,
        txs,
        db,
        chain,
        clock,
        network,
        "consensus");
  }

  public static TendermintEngine create(
      TendermintConfig config,
      ValidatorSet genesisValidators,
      PrivValidatorVoteSigner signer,
      Application app,
      TxSource txs,
      KeyValueStore db,
      StoredChain chain,
      Clock clock,
      ConsensusNetwork network,
      String threadName) {
    return new TendermintEngine(
        config,
        genesisValidators,
        signer,
        app,
        txs,
        db,
        chain,
        clock,
        new ExecutorScheduler(threadName),
        network);
  }
}
