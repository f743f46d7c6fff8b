package io.lattice.xchain;

import static io.lattice.xchain.Refusals.ok;
import static io.lattice.xchain.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.lattice.consensus.block.Votes;
import io.lattice.proto.consensus.v1.SignedHeader;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.xchain.v1.MisbehaviourHeader;
import io.lattice.proto.xchain.v1.MsgSubmitMisbehaviour;
import io.lattice.proto.xchain.v1.MsgUpdateClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** MsgUpdateClient and MsgSubmitMisbehaviour on the chat chain's client of the currency chain. */
class LightClientTest {
  private final XchainNet net = new XchainNet(11, 4, AtomicOperationTest.params(100));
  private final String signer = net.chat.addresses.get(0);

  private void blocks(SimChain c, int n) {
    for (int i = 0; i < n; i++) {
      c.block();
    }
  }

  private long clientHeight() {
    return net.chat.query("client").get("latest_height").asLong();
  }

  @Test
  void adjacentAndSkippingUpdatesAddConsensusStates() {
    blocks(net.currency, 5);
    ok(net.chat, 0, Relay.update(net.currency, 0, 1, signer));
    assertThat(clientHeight()).isEqualTo(1);
    ok(net.chat, 0, Relay.update(net.currency, 1, 6, signer));
    assertThat(clientHeight()).isEqualTo(6);
    // heights may arrive in any order
    ok(net.chat, 0, Relay.update(net.currency, 1, 3, signer));
    assertThat(clientHeight()).isEqualTo(6);
    JsonNode cs = net.chat.query("consensus_state", "height", "3");
    assertThat(cs.get("exists").asBoolean()).isTrue();
    assertThat(cs.get("app_hash").asText())
        .isEqualTo(
            io.lattice.common.Hex.encode(
                net.currency.lightBlock(3).signedHeader().getHeader().getAppHash().toByteArray()));
  }

  @Test
  void keepsTheMostRecentConsensusStatesOnly() {
    int n = LightClientKeeper.MAX_CONSENSUS_STATES + 5;
    blocks(net.currency, n);
    for (int h = 1; h <= n; h++) {
      ok(net.chat, 0, Relay.update(net.currency, h - 1, h, signer));
    }
    var state = net.chat.app.stateAt(0);
    assertThat(net.chat.xchain.keys().consensusStates.entries(state))
        .hasSize(LightClientKeeper.MAX_CONSENSUS_STATES);
    assertThat(net.chat.xchain.client().consensusState(state, 5)).isEmpty();
    assertThat(net.chat.xchain.client().consensusState(state, 6)).isPresent();
    assertThat(clientHeight()).isEqualTo(n);
  }

  @Test
  void refusesUnknownTrustedHeightAndWrongTrustedSet() {
    blocks(net.currency, 4);
    refused(
        net.chat,
        0,
        Relay.update(net.currency, 2, 4, signer),
        XchainCodes.UNKNOWN_TRUSTED_HEIGHT,
        "unknown trusted height 2");
    MsgUpdateClient wrongSet =
        Relay.update(net.currency, 0, 4, signer).toBuilder()
            .setTrustedValidatorSet(net.chat.validatorSet(1))
            .build();
    refused(net.chat, 0, wrongSet, XchainCodes.INVALID_TRUSTED_VALIDATORS, "trusted validator set");
  }

  @Test
  void refusesAHeaderOfAnotherChain() {
    SimChain other =
        new SimChain("lattice-other", XchainNet.GENESIS, 11, 4, 4, (k, s) -> {}, false);
    other.genesis(other.genesisJson(Optional.empty(), AtomicOperationTest.params(100)));
    blocks(other, 3);
    // same validator keys (same seed), another chain id
    refused(
        net.chat,
        0,
        Relay.update(other, 0, 3, signer),
        XchainCodes.WRONG_CHAIN_ID,
        "is for chain lattice-other");
  }

  @Test
  void refusesInsufficientVotingPower() {
    net.currency.signers = h -> net.currency.validatorsAt(h).subList(0, 2);
    blocks(net.currency, 2);
    long h = net.currency.height();
    refused(
        net.chat,
        0,
        Relay.update(net.currency, 0, h, signer),
        XchainCodes.INSUFFICIENT_VOTING_POWER,
        "more than 2/3 is required");
  }

  @Test
  void refusesAfterTheTrustingPeriod() {
    XchainNet shortTrust =
        new XchainNet(12, 4, AtomicOperationTest.params(100).put("trusting_period_seconds", "30"));
    blocks(shortTrust.currency, 2);
    shortTrust.chat.skipTime(Duration.ofSeconds(60));
    shortTrust.chat.block();
    refused(
        shortTrust.chat,
        0,
        Relay.update(shortTrust.currency, 0, 2, shortTrust.chat.addresses.get(0)),
        XchainCodes.TRUSTING_PERIOD_EXPIRED,
        "expired");
  }

  @Test
  void refusesAHeaderFromTheFuture() {
    net.currency.skew(Duration.ofMinutes(5));
    net.currency.block();
    refused(
        net.chat,
        0,
        Relay.update(net.currency, 0, net.currency.height(), signer),
        XchainCodes.HEADER_FROM_FUTURE,
        "beyond now");
  }

  @Test
  void aSecondUpdateOfTheSameHeightIsRefusedAsDone() {
    blocks(net.currency, 1);
    ok(net.chat, 0, Relay.update(net.currency, 0, 2, signer));
    refused(
        net.chat,
        0,
        Relay.update(net.currency, 0, 2, signer),
        XchainCodes.CONSENSUS_STATE_EXISTS,
        "already exists");
  }

  /** A header of {@code height} with another app hash, signed by the real validators. */
  private SignedHeader forkedHeader(long height) {
    Header h =
        net.currency.lightBlock(height).signedHeader().getHeader().toBuilder()
            .setAppHash(ByteString.copyFrom(new byte[32]))
            .build();
    return SignedHeader.newBuilder()
        .setHeader(h)
        .setCommit(
            SimChain.commit(
                net.currency.chainId,
                h,
                net.currency.validatorSet(height),
                net.currency.validatorsAt(height)))
        .build();
  }

  @Test
  void aConflictingUpdateFreezesTheClientWhichThenRefusesEverything() {
    blocks(net.currency, 3);
    ok(net.chat, 0, Relay.update(net.currency, 0, 3, signer));
    MsgUpdateClient fork =
        Relay.update(net.currency, 0, 3, signer).toBuilder()
            .setSignedHeader(forkedHeader(3))
            .build();
    var r = ok(net.chat, 0, fork);
    assertThat(r.getEventsList()).anyMatch(e -> e.getType().equals("xchain.client_frozen"));
    JsonNode client = net.chat.query("client");
    assertThat(client.get("frozen").asBoolean()).isTrue();
    assertThat(client.get("frozen_reason").asText()).contains("two valid headers for height 3");
    refused(
        net.chat,
        0,
        Relay.update(net.currency, 3, 4, signer),
        XchainCodes.CLIENT_FROZEN,
        "is frozen");
    refused(
        net.chat,
        0,
        io.lattice.proto.xchain.v1.MsgRecvPacket.newBuilder()
            .setSigner(signer)
            .setPacket(
                io.lattice.proto.xchain.v1.Packet.newBuilder()
                    .setSequence(1)
                    .setSourcePort("xchain")
                    .setDestinationPort("identity")
                    .setTimeoutHeight(1000))
            .setProofHeight(2)
            .build(),
        XchainCodes.CLIENT_FROZEN,
        "is frozen");
  }

  @Test
  void governanceRecoversAFrozenClientFromANewTrustRoot() throws Exception {
    blocks(net.currency, 5);
    ok(net.chat, 0, Relay.update(net.currency, 0, 3, signer));
    ok(
        net.chat,
        0,
        Relay.update(net.currency, 0, 3, signer).toBuilder()
            .setSignedHeader(forkedHeader(3))
            .build());
    var state = new io.lattice.runtime.store.CacheStore(net.chat.app.stateAt(0));
    var ctx =
        new io.lattice.runtime.module.Context(
            state,
            io.lattice.runtime.gas.GasMeter.unlimited(),
            net.chat.chainId,
            net.chat.height() + 1,
            net.chat.time().plusSeconds(1));
    var root = LightClientKeeper.toConsensusState(net.currency.lightBlock(4).signedHeader());
    var recover =
        io.lattice.proto.xchain.v1.MsgRecoverClient.newBuilder()
            .setAuthority(signer)
            .setConsensusState(root)
            .build();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> net.chat.xchain.client().recover(ctx, recover))
        .hasMessageContaining("unauthorized: authority must be the gov module account");
    net.chat
        .xchain
        .client()
        .recover(ctx, recover.toBuilder().setAuthority(LightClientKeeper.GOV_AUTHORITY).build());
    var client = net.chat.xchain.client().client(state).orElseThrow();
    assertThat(client.getFrozen()).isFalse();
    assertThat(client.getLatestHeight()).isEqualTo(4);
    assertThat(net.chat.xchain.client().consensusState(state, 3)).isEmpty();
    net.chat.xchain.client().update(ctx, Relay.update(net.currency, 4, 6, signer));
    assertThat(net.chat.xchain.client().client(state).orElseThrow().getLatestHeight()).isEqualTo(6);
  }

  @Test
  void misbehaviourFreezesAndNonConflictingHeadersAreRefused() {
    blocks(net.currency, 3);
    MisbehaviourHeader honest = header(Relay.update(net.currency, 0, 3, signer));
    MisbehaviourHeader other = header(Relay.update(net.currency, 0, 4, signer));
    refused(
        net.chat,
        0,
        MsgSubmitMisbehaviour.newBuilder()
            .setSigner(signer)
            .setHeader1(honest)
            .setHeader2(other)
            .build(),
        XchainCodes.NOT_MISBEHAVIOUR,
        "not misbehaviour");
    MisbehaviourHeader forked = honest.toBuilder().setSignedHeader(forkedHeader(3)).build();
    ok(
        net.chat,
        0,
        MsgSubmitMisbehaviour.newBuilder()
            .setSigner(signer)
            .setHeader1(honest)
            .setHeader2(forked)
            .build());
    assertThat(net.chat.query("client").get("frozen").asBoolean()).isTrue();
  }

  @Test
  void timesGoingBackwardsAreMisbehaviour() {
    blocks(net.currency, 4);
    ok(net.chat, 0, Relay.update(net.currency, 0, 3, signer));
    // a validly signed header 5 whose time is before header 3's
    Header h5 =
        net.currency.lightBlock(5).signedHeader().getHeader().toBuilder()
            .setTime(
                Votes.timestamp(
                    Votes.instant(net.currency.lightBlock(3).signedHeader().getHeader().getTime())
                        .minusMillis(1)))
            .build();
    SignedHeader sh =
        SignedHeader.newBuilder()
            .setHeader(h5)
            .setCommit(
                SimChain.commit(
                    net.currency.chainId,
                    h5,
                    net.currency.validatorSet(5),
                    net.currency.validatorsAt(5)))
            .build();
    ok(
        net.chat,
        0,
        Relay.update(net.currency, 0, 5, signer).toBuilder().setSignedHeader(sh).build());
    assertThat(net.chat.query("client").get("frozen").asBoolean()).isTrue();
  }

  private static MisbehaviourHeader header(MsgUpdateClient u) {
    return MisbehaviourHeader.newBuilder()
        .setSignedHeader(u.getSignedHeader())
        .setValidatorSet(u.getValidatorSet())
        .setTrustedHeight(u.getTrustedHeight())
        .setTrustedValidatorSet(u.getTrustedValidatorSet())
        .build();
  }

  @Test
  void aChainWithoutCounterpartyRefusesXchainMessages() {
    SimChain alone =
        new SimChain("lattice-alone", XchainNet.GENESIS, 13, 4, 4, (k, s) -> {}, false);
    alone.genesis(alone.genesisJson(Optional.empty(), AtomicOperationTest.params(100)));
    blocks(net.currency, 1);
    refused(
        alone,
        0,
        Relay.update(net.currency, 0, 1, alone.addresses.get(0)),
        XchainCodes.NO_COUNTERPARTY,
        "no counterparty chain configured");
    assertThat(alone.query("client").get("configured").asBoolean()).isFalse();
    assertThat(List.of(alone.app.checkInvariants())).containsExactly(List.of());
  }
}
