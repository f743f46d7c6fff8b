package io.lattice.node.config;

import java.nio.file.Path;

/**
 * The layout of a node's home directory:
 *
 * <pre>
 * &lt;home&gt;/config/config.toml              node configuration (TOML)
 * &lt;home&gt;/config/genesis.json             the chain's genesis document
 * &lt;home&gt;/config/node_key.json            the node's identity key (ed25519)
 * &lt;home&gt;/config/priv_validator_key.json  the validator's consensus key (ed25519)
 * &lt;home&gt;/data/                           RocksDB: blocks, state, indexes
 * &lt;home&gt;/keyring-test/                   test keyring: keys "validator" and "faucet"
 * &lt;home&gt;/node.lock                        held while a node runs on this home
 * &lt;home&gt;/node.pid                         process id of the running node
 * &lt;home&gt;/logs/                           log files of nodes started by {@code lattice up}
 * </pre>
 */
public record NodeHome(Path root) {
  public NodeHome {
    root = root.toAbsolutePath().normalize();
  }

  public Path configDir() {
    return root.resolve("config");
  }

  public Path configToml() {
    return configDir().resolve("config.toml");
  }

  public Path genesisJson() {
    return configDir().resolve("genesis.json");
  }

  public Path nodeKey() {
    return configDir().resolve("node_key.json");
  }

  public Path validatorKey() {
    return configDir().resolve("priv_validator_key.json");
  }

  public Path dataDir() {
    return root.resolve("data");
  }

  /** The directory the {@code test} keyring backend uses under this home. */
  public Path keyringTestDir() {
    return root.resolve("keyring-test");
  }

  public Path lockFile() {
    return root.resolve("node.lock");
  }

  public Path pidFile() {
    return root.resolve("node.pid");
  }

  public Path logsDir() {
    return root.resolve("logs");
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
