package io.lattice.node.config;

import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.types.v1.ValidatorSet;

/**
 * Everything a node reads from its home before it opens the database: configuration, genesis with
 * its validator set, and the validator (consensus) and node keys.
 */
public record NodeFiles(
    NodeHome home,
    NodeConfig config,
    Genesis genesis,
    ValidatorSet validatorSet,
    PrivateKeySigner validatorKey,
    PrivateKeySigner nodeKey) {

  /**
   * @throws ConfigException naming the file and field that is missing or invalid
   */
  public static NodeFiles load(NodeHome home) throws ConfigException {
    NodeConfig config = ConfigFile.read(home.configToml());
    GenesisFile.Loaded genesis = GenesisFile.read(home.genesisJson());
    PrivateKeySigner validatorKey = KeyFile.read(home.validatorKey());
    PrivateKeySigner nodeKey = KeyFile.read(home.nodeKey());
    return new NodeFiles(
        home, config, genesis.genesis(), genesis.validatorSet(), validatorKey, nodeKey);
  }
}
