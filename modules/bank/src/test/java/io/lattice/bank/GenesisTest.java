package io.lattice.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.runtime.store.CommitStore;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import io.lattice.storage.state.StateProof;
import io.lattice.storage.state.StateProofVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GenesisTest {
  @Test
  void genesisFundsAccountsAndSetsSupply() {
    TestChain chain = new TestChain(1, 3).genesis();
    assertThat(chain.app.info().height()).isZero();
    assertThat(chain.balance(0, "ulat")).isEqualTo(TestChain.INITIAL);
    assertThat(chain.app.supply("ulat").getAmount())
        .isEqualTo(Long.toString(3 * TestChain.INITIAL));
    assertThat(chain.app.supply("stake").getAmount()).isEqualTo("3000");
    assertThat(chain.account(0).getAccountNumber()).isZero();
    assertThat(chain.account(2).getAccountNumber()).isEqualTo(2);
    assertThat(chain.app.checkInvariants()).isEmpty();
    assertThat(chain.app.params("bank", 0).get("send_enabled").asBoolean()).isTrue();
    assertThat(chain.app.params("auth", 0).get("max_memo_characters").asText()).isEqualTo("256");
    assertThat(
            chain
                .app
                .query(
                    "bank/supply", new ObjectMapper().createObjectNode().put("denom", "stake"), 0)
                .get("amount")
                .asText())
        .isEqualTo("3000");
    assertThatThrownBy(() -> chain.app.query("bank/nothing", null, 0))
        .hasMessage("unknown query route 'bank/nothing'");
  }

  @Test
  void sendsCanBeDisabledByParams() {
    TestChain chain =
        new TestChain(8, 2)
            .genesis(
                new TestChain(8, 2)
                    .genesisJson()
                    .replace("{\"bank\":{", "{\"bank\":{\"params\":{\"send_enabled\":false},"));
    FinalizedBlock fb = chain.block(chain.sendBytes(0, 1, 5));
    assertThat(fb.txResults().getFirst().getLog()).endsWith("sends are disabled (bank params)");
    assertThat(chain.balance(1, "ulat")).isEqualTo(TestChain.INITIAL);
  }

  @Test
  void exportReimportsToTheSameAppHash() {
    TestChain chain = new TestChain(2, 4).genesis();
    for (int i = 0; i < 5; i++) {
      chain.block(
          chain.sendBytes(i % 4, (i + 1) % 4, 1000 + i), chain.sendBytes(3, 0, TestChain.INITIAL));
    }
    // spend a whole balance so a key is deleted
    chain.block(
        chain
            .sendTx(1, chain.addresses.get(2), 1000)
            .addMessage(
                TestChain.send(chain.addresses.get(1), chain.addresses.get(2), 1000, "stake"))
            .buildBytes());
    assertThat(chain.balance(1, "stake")).isZero();
    byte[] exported = chain.app.exportGenesis();

    TestChain copy = new TestChain(2, 4);
    copy.genesis(new String(exported, StandardCharsets.UTF_8));
    assertThat(HexFormat.of().formatHex(copy.app.info().appHash()))
        .isEqualTo(HexFormat.of().formatHex(chain.app.info().appHash()));
    assertThat(copy.account(0)).isEqualTo(chain.account(0));
    assertThat(copy.app.exportGenesis()).isEqualTo(exported);
    // and the imported chain keeps working: sequences carried over
    assertThat(copy.block(copy.sendBytes(0, 1, 1)).txResults().getFirst().getCode()).isZero();
  }

  @Test
  void badGenesisIsRefusedWithItsCause() {
    String a = new TestChain(3, 1).addresses.getFirst();
    assertThatThrownBy(() -> new TestChain(3, 1).genesis("{not json"))
        .hasMessageStartingWith("genesis app state is not valid JSON");
    assertThatThrownBy(() -> new TestChain(3, 1).genesis("{\"staking\":{}}"))
        .hasMessage("genesis app state has unknown module 'staking'");
    assertThatThrownBy(() ->
            new TestChain(3, 1)
                .genesis("{\"bank\":{\"balances\":[{\"address\":\"lat1xyz\",\"coins\":[]}]}}"))
        .hasMessageContaining("bank.balances[0].address: invalid address 'lat1xyz'");
    assertThatThrownBy(() ->
            new TestChain(3, 1)
                .genesis(
                    "{\"bank\":{\"balances\":[{\"address\":\""
                        + a
                        + "\",\"coins\":[{\"denom\":\"ulat\",\"amount\":\"-5\"}]}]}}"))
        .hasMessageContaining("invalid amount '-5'");
    assertThatThrownBy(() ->
            new TestChain(3, 1)
                .genesis(
                    "{\"bank\":{\"balances\":[{\"address\":\""
                        + a
                        + "\",\"coins\":[{\"denom\":\"ulat\",\"amount\":\"5\"}]}],"
                        + "\"supply\":[{\"denom\":\"ulat\",\"amount\":\"6\"}]}}"))
        .hasMessageContaining("bank.supply 6ulat != sum of balances 5ulat");
    assertThatThrownBy(() -> new TestChain(3, 1).genesis("{\"auth\":{\"params\":{\"foo\":1}}}"))
        .hasMessageContaining("auth.params has unknown field 'foo'");
  }

  @Test
  void genesisIsLoadedOnlyOnce() {
    TestChain chain = new TestChain(4, 1).genesis();
    try (WriteBatch b = chain.db.newBatch()) {
      assertThatThrownBy(() -> chain.app.initChain("{}".getBytes(StandardCharsets.UTF_8), b))
          .hasMessageContaining("genesis already loaded");
    }
  }

  @Test
  void restartResumesFromTheLastCommittedHeight() {
    MemoryKeyValueStore db = new MemoryKeyValueStore();
    TestChain chain =
        new TestChain(5, 2, io.lattice.runtime.AppConfig.defaults(TestChain.CHAIN_ID), db)
            .genesis();
    chain.block(chain.sendBytes(0, 1, 10));
    chain.block(chain.sendBytes(0, 1, 20));
    byte[] hash = chain.app.info().appHash();
    chain.restart();
    assertThat(chain.app.info().height()).isEqualTo(2);
    assertThat(Arrays.equals(chain.app.info().appHash(), hash)).isTrue();
    assertThat(chain.account(0).getSequence()).isEqualTo(2);
    assertThat(chain.block(chain.sendBytes(0, 1, 30)).txResults().getFirst().getCode()).isZero();
  }

  @Test
  void queriesAtPastHeightsAndProofs() {
    TestChain chain = new TestChain(6, 2).genesis();
    chain.block(chain.sendBytes(0, 1, 10));
    chain.block(chain.sendBytes(0, 1, 20));
    String a0 = chain.addresses.get(0);
    assertThat(chain.app.account(a0, 1).orElseThrow().getSequence()).isEqualTo(1);
    assertThat(chain.app.account(a0).orElseThrow().getSequence()).isEqualTo(2);
    assertThat(chain.app.balances(chain.addresses.get(1), 1))
        .anyMatch(c -> c.getAmount().equals(Long.toString(TestChain.INITIAL + 10)));

    byte[] key = chain.app.balanceKey(chain.addresses.get(1), "ulat");
    assertThat(new String(chain.app.stateValue(key, 1).orElseThrow(), StandardCharsets.US_ASCII))
        .isEqualTo(Long.toString(TestChain.INITIAL + 10));
    CommitStore.StateProof p = chain.app.stateProof(key, 0).orElseThrow();
    assertThat(p.version()).isEqualTo(2);
    assertThat(
            StateProofVerifier.verify(p.rootHash(), key, p.value(), StateProof.decode(p.proof())))
        .isTrue();
    assertThat(Arrays.equals(p.rootHash(), chain.app.info().appHash())).isTrue();
    byte[] absent = chain.app.balanceKey(chain.addresses.get(1), "nothing");
    CommitStore.StateProof np = chain.app.stateProof(absent, 0).orElseThrow();
    assertThat(np.value()).isEmpty();
    assertThat(
            StateProofVerifier.verify(
                np.rootHash(), absent, Optional.empty(), StateProof.decode(np.proof())))
        .isTrue();
    assertThat(chain.app.stateProof(key, 99)).isEmpty();
    assertThatThrownBy(() -> chain.app.stateValue(key, 99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("height 99 is above the latest committed height 2");
  }
}
