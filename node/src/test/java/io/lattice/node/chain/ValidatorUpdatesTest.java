package io.lattice.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.lattice.common.Clock;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.node.api.ChainView.AccountView;
import io.lattice.node.api.ChainView.CommittedTx;
import io.lattice.node.api.ChainView.ValidatorView;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeHome;
import io.lattice.proto.staking.v1.MsgCreateValidator;
import io.lattice.proto.tx.v1.PublicKey;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.types.v1.Validator;
import io.lattice.runtime.tx.TxBuilder;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staking's validator updates reach the BFT engine's validator set two heights later. */
class ValidatorUpdatesTest {
  private static final String CHAIN = "lattice-valupd-1";

  @TempDir Path tmp;

  @Test
  void aCreatedValidatorJoinsTheSetTwoHeightsLater() throws Exception {
    NodeHome home = new NodeHome(tmp.resolve("home"));
    new HomeInitializer(Clock.system(), new SecureRandom()).init(home, CHAIN, "node0", false);
    PrivateKeySigner faucet =
        Keyring.open(home.root(), Backend.TEST, PassphraseSource.none())
            .signer(HomeInitializer.FAUCET_KEY_NAME);
    PrivateKeySigner consensusKey = KeyPairs.generate(KeyAlgorithm.ED25519, new SecureRandom());
    LatticeNode.Options options =
        LatticeNode.Options.defaults().withoutApi().withBlockInterval(Duration.ofMillis(100));
    try (LatticeNode node = LatticeNode.start(home, options)) {
      ChainNode chain = node.chain();
      await().atMost(Duration.ofSeconds(30)).until(() -> chain.latestHeight() >= 1);
      // init bonded the genesis validator in staking: the API shows it with its power
      List<ValidatorView> before = chain.validators();
      assertThat(before).extracting(ValidatorView::votingPower).containsExactly(10L);

      AccountView account = chain.account(faucet.publicKey().address().toString()).orElseThrow();
      byte[] tx =
          TxBuilder.forChain(CHAIN)
              .addMessage(
                  MsgCreateValidator.newBuilder()
                      .setOperatorAddress(faucet.publicKey().address().toString())
                      .setPubKey(
                          PublicKey.newBuilder()
                              .setAlgorithm("ed25519")
                              .setKey(ByteString.copyFrom(consensusKey.publicKey().encoded())))
                      .setMoniker("joiner")
                      .setCommissionRate("0.05")
                      .setCommissionMaxRate("0.2")
                      .setCommissionMaxChangeRate("0.01")
                      .setMinSelfDelegation("1")
                      .setAmount(Transfers.coin(3_000_000))
                      .build())
              .fee(List.of(Transfers.coin(5000)))
              .gasLimit(500_000)
              .signer(faucet, account.accountNumber(), account.sequence())
              .buildBytes();
      CheckTxResult admitted = chain.submit(tx);
      assertThat(admitted.isOk()).as(admitted.log()).isTrue();
      CommittedTx committed = chain.awaitCommit(TxBuilder.hash(tx)).get(30, TimeUnit.SECONDS);
      assertThat(committed.result().getCode()).as(committed.result().getLog()).isZero();
      long h = committed.height();
      await().atMost(Duration.ofSeconds(30)).until(() -> chain.latestHeight() >= h + 2);

      Header atH = chain.block(h).orElseThrow().block().getHeader();
      Header next = chain.block(h + 1).orElseThrow().block().getHeader();
      Header afterNext = chain.block(h + 2).orElseThrow().block().getHeader();
      // H+1 is still decided by the old set, but commits to the new one as its next set
      assertThat(next.getValidatorsHash()).isEqualTo(atH.getValidatorsHash());
      assertThat(next.getNextValidatorsHash()).isNotEqualTo(next.getValidatorsHash());
      assertThat(afterNext.getValidatorsHash()).isEqualTo(next.getNextValidatorsHash());

      ValidatorHistory history = node.validatorHistory();
      ByteString joiner = ByteString.copyFrom(consensusKey.publicKey().address().bytes());
      assertThat(history.validatorSet(h + 1).orElseThrow().getValidatorsList())
          .extracting(Validator::getAddress)
          .doesNotContain(joiner);
      assertThat(history.validatorSet(h + 2).orElseThrow().getValidatorsList())
          .filteredOn(v -> v.getAddress().equals(joiner))
          .extracting(Validator::getVotingPower)
          .containsExactly(3L);
      // the API's current set has both (the new validator never signs: 10 of 13 is still > 2/3)
      assertThat(chain.validators())
          .extracting(ValidatorView::votingPower)
          .containsExactlyInAnyOrder(10L, 3L);
    }
  }
}
