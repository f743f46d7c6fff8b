package io.lattice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.node.config.KeyFile;
import io.lattice.node.config.NodeHome;
import io.lattice.proto.staking.v1.MsgCreateValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consensus key {@code tx staking create-validator} puts in its message. */
class CreateValidatorKeyTest {
  @TempDir Path dir;

  private StakingTxCommand.CreateValidator command() {
    StakingTxCommand.CreateValidator c = new StakingTxCommand.CreateValidator();
    c.keyring.home = dir;
    c.amount = "1000ulat";
    c.moniker = "m";
    return c;
  }

  @Test
  void defaultsToTheNodesValidatorKey() throws Exception {
    PrivateKeySigner key = KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, new byte[32]);
    NodeHome home = new NodeHome(dir);
    Files.createDirectories(home.configDir());
    KeyFile.write(home.validatorKey(), key);
    MsgCreateValidator m = (MsgCreateValidator) command().messages("lat1operator").get(0);
    assertThat(m.getPubKey().getAlgorithm()).isEqualTo("ed25519");
    assertThat(m.getPubKey().getKey().toByteArray()).isEqualTo(key.publicKey().encoded());
    assertThat(m.getAmount().getAmount()).isEqualTo("1000");
    assertThat(m.getCommissionRate()).isEqualTo("0.1");
  }

  @Test
  void explicitKeyWinsAndIsChecked() throws Exception {
    PrivateKeySigner key = KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, new byte[32]);
    StakingTxCommand.CreateValidator c = command();
    c.pubkey = Base64.getEncoder().encodeToString(key.publicKey().encoded());
    MsgCreateValidator m = (MsgCreateValidator) c.messages("lat1operator").get(0);
    assertThat(m.getPubKey().getKey().toByteArray()).isEqualTo(key.publicKey().encoded());
    c.pubkey = "AAAA";
    assertThatThrownBy(() -> c.messages("lat1operator")).hasMessageContaining("--pubkey");
  }

  @Test
  void withoutKeyFileNamesTheProblem() {
    assertThatThrownBy(() -> command().messages("lat1operator"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("no --pubkey and no readable validator key");
  }
}
