package io.lattice.node.config;

import io.lattice.common.Clock;
import io.lattice.common.FileTrees;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.KeyInfo;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.KeyringException;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.distribution.app.PosGenesis;
import io.lattice.p2p.NodeId;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Creates a node home for a new one-validator chain ({@code lattice init}): consensus and node
 * keys, the operator key "validator" and the key "faucet" in the test keyring, a genesis that funds
 * both and bonds the validator in staking's genesis (consistent with genesis.json's validators),
 * and a default config.toml.
 */
public final class HomeInitializer {
  public static final String DENOM = PosGenesis.DENOM;
  public static final BigInteger FAUCET_FUNDS = new BigInteger("1000000000000000");
  public static final BigInteger VALIDATOR_FUNDS = new BigInteger("1000000000000");
  public static final long VALIDATOR_POWER = 10;
  public static final String VALIDATOR_KEY_NAME = "validator";
  public static final String FAUCET_KEY_NAME = "faucet";

  private static final Pattern CHAIN_ID = Pattern.compile("[a-zA-Z0-9._-]{1,50}");
  private static final Pattern MONIKER = Pattern.compile("[^\\p{Cntrl}]{1,70}");

  private final Clock clock;
  private final SecureRandom random;

  public HomeInitializer(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  /** What {@code init} created. */
  public record Result(
      NodeHome home,
      String chainId,
      String moniker,
      String nodeId,
      String consensusAddress,
      String validatorAddress,
      String faucetAddress) {}

  /**
   * @throws ConfigException for a bad chain id or moniker, an existing home without {@code
   *     overwrite}, a node running on the home, or a file that cannot be written
   */
  public Result init(NodeHome home, String chainId, String moniker, boolean overwrite)
      throws ConfigException {
    if (!CHAIN_ID.matcher(chainId).matches()) {
      throw new ConfigException(
          "invalid chain id '" + chainId + "': use 1..50 of a-z A-Z 0-9 . _ -");
    }
    if (!MONIKER.matcher(moniker).matches()) {
      throw new ConfigException("invalid moniker: use 1..70 printable characters");
    }
    if (Files.exists(home.configDir()) || Files.exists(home.dataDir())) {
      if (!overwrite) {
        throw new ConfigException(
            home
                + " already holds a node ("
                + home.configDir()
                + "); use --overwrite to replace it");
      }
    }
    try (NodeLock lock = NodeLock.acquire(home)) {
      if (overwrite) {
        for (Path p : List.of(home.configDir(), home.dataDir(), home.keyringTestDir())) {
          FileTrees.delete(p);
        }
      }
      PrivateKeySigner consensusKey = KeyPairs.generate(KeyAlgorithm.ED25519, random);
      PrivateKeySigner nodeKey = KeyPairs.generate(KeyAlgorithm.ED25519, random);
      KeyFile.write(home.validatorKey(), consensusKey);
      KeyFile.write(home.nodeKey(), nodeKey);

      Keyring keyring = Keyring.open(home.root(), Backend.TEST, PassphraseSource.none());
      KeyInfo operator = keyring.add(VALIDATOR_KEY_NAME, KeyAlgorithm.ED25519).info();
      KeyInfo faucet = keyring.add(FAUCET_KEY_NAME, KeyAlgorithm.ED25519).info();

      Genesis genesis =
          new Genesis(
              chainId,
              clock.now().truncatedTo(ChronoUnit.SECONDS),
              1,
              Genesis.DEFAULT_MAX_BLOCK_BYTES,
              Genesis.DEFAULT_MAX_BLOCK_GAS,
              List.of(
                  new Genesis.GenesisValidator(
                      consensusKey.publicKey().address().toString(),
                      consensusKey.algorithm().id(),
                      consensusKey.publicKey().encoded(),
                      VALIDATOR_POWER,
                      moniker)),
              new byte[0]);
      GenesisFile.write(
          home.genesisJson(),
          genesis,
          PosGenesis.appState(
              List.of(
                  new PosGenesis.StakedValidator(
                      operator.address().toString(),
                      consensusKey.publicKey(),
                      VALIDATOR_POWER,
                      moniker)),
              List.of(
                  new PosGenesis.Balance(faucet.address().toString(), FAUCET_FUNDS),
                  new PosGenesis.Balance(operator.address().toString(), VALIDATOR_FUNDS))));
      ConfigFile.write(home.configToml(), NodeConfig.defaults(moniker));
      Files.createDirectories(home.dataDir());
      return new Result(
          home,
          chainId,
          moniker,
          nodeId(nodeKey),
          consensusKey.publicKey().address().toString(),
          operator.address().toString(),
          faucet.address().toString());
    } catch (KeyringException e) {
      throw new ConfigException(home.keyringTestDir() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ConfigException("cannot write " + home + ": " + e.getMessage(), e);
    }
  }

  /** The node id: hex of the node key's address. */
  public static String nodeId(PrivateKeySigner nodeKey) {
    return NodeId.of(nodeKey.publicKey()).hex();
  }
}
