package io.lattice.node.chain;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.Genesis;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** genesis.json's validators must be the active set its staking section implies. */
class StakingGenesisCheckTest {
  private static final PrivateKeySigner KEY = key((byte) 1);
  private static final String ADDRESS = KEY.publicKey().address().toString();

  private static PrivateKeySigner key(byte b) {
    byte[] sk = new byte[32];
    sk[0] = b;
    try {
      return KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, sk);
    } catch (io.lattice.crypto.CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Genesis genesis(long listedPower, String appState) {
    return new Genesis(
        "c-1",
        Instant.EPOCH,
        1,
        Genesis.DEFAULT_MAX_BLOCK_BYTES,
        Genesis.DEFAULT_MAX_BLOCK_GAS,
        List.of(
            new Genesis.GenesisValidator(
                ADDRESS, "ed25519", KEY.publicKey().encoded(), listedPower, "v")),
        appState.getBytes(StandardCharsets.UTF_8));
  }

  private static String staking(long tokens) {
    return "{\"staking\":{\"validators\":[{\"operator_address\":\""
        + ADDRESS
        + "\",\"pub_key\":{\"algorithm\":\"ed25519\",\"key\":\""
        + Base64.getEncoder().encodeToString(KEY.publicKey().encoded())
        + "\"},\"consensus_address\":\""
        + ADDRESS
        + "\",\"tokens\":\""
        + tokens
        + "\",\"delegator_shares\":\"1\",\"min_self_delegation\":\"1\"}]}}";
  }

  @Test
  void matchingPowersPass() {
    assertThatCode(() -> AppFactory.checkStakingGenesis(genesis(3, staking(3_000_000))))
        .doesNotThrowAnyException();
  }

  @Test
  void noStakingValidatorsLeaveTheEngineSetAlone() {
    assertThatCode(() -> AppFactory.checkStakingGenesis(genesis(10, "{}")))
        .doesNotThrowAnyException();
    assertThatCode(() -> AppFactory.checkStakingGenesis(genesis(10, "{\"staking\":{}}")))
        .doesNotThrowAnyException();
  }

  @Test
  void disagreementIsRefusedNamingBothSets() {
    assertThatThrownBy(() -> AppFactory.checkStakingGenesis(genesis(10, staking(3_000_000))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("disagree")
        .hasMessageContaining(ADDRESS + "=10")
        .hasMessageContaining(ADDRESS + "=3");
  }
}
