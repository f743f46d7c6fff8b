package io.lattice.xchain;

import static io.lattice.xchain.Refusals.ok;
import static io.lattice.xchain.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.proto.xchain.v1.Acknowledgement;
import io.lattice.proto.xchain.v1.MsgAcknowledgement;
import io.lattice.proto.xchain.v1.MsgRecvPacket;
import io.lattice.proto.xchain.v1.MsgTimeout;
import io.lattice.proto.xchain.v1.Packet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MsgRecvPacket, MsgAcknowledgement and MsgTimeout with every refusal of docs/spec/xchain.md §4:
 * forged and replayed packets, proofs for the wrong key or height, garbage, late packets.
 */
class PacketTest {
  private final XchainNet net = new XchainNet(21, 6, AtomicOperationTest.params(20));
  private final String chatSigner = net.chat.addresses.get(0);
  private final String currencySigner = net.currency.addresses.get(0);

  /** Starts two registrations and makes both provable on the chat chain; returns the packets. */
  private List<Packet> twoPackets() {
    ok(net.currency, 2, net.register(2, "erin", 1_000, net.validator));
    ok(net.currency, 3, net.register(3, "frank", 1_000, net.validator));
    net.currency.block();
    ok(net.chat, 0, Relay.update(net.currency, 0, net.currency.height(), chatSigner));
    return net.currency.xchain.packets().pending(net.currency.app.stateAt(0));
  }

  private long proofHeight() {
    return net.currency.height() - 1;
  }

  @Test
  void receivesAPacketOnceAndRefusesReplays() {
    List<Packet> ps = twoPackets();
    Packet p = ps.get(0);
    TxResult r = ok(net.chat, 0, Relay.recv(net.currency, p, proofHeight(), chatSigner));
    assertThat(r.getEventsList()).anyMatch(e -> e.getType().equals("xchain.recv"));
    assertThat(net.chat.query("receipt", "sequence", "1").get("received").asBoolean()).isTrue();
    assertThat(net.chat.query("ack", "sequence", "1").has("result")).isTrue();
    refused(
        net.chat,
        0,
        Relay.recv(net.currency, p, proofHeight(), chatSigner),
        XchainCodes.ALREADY_RECEIVED,
        "packet already received");
  }

  @Test
  void refusesForgedPacketsAndWrongProofs() {
    List<Packet> ps = twoPackets();
    Packet p = ps.get(0);
    MsgRecvPacket good = Relay.recv(net.currency, p, proofHeight(), chatSigner);
    // forged data: the proof is for the real commitment
    Packet forged = p.toBuilder().setData(ByteString.copyFromUtf8("forged")).build();
    refused(
        net.chat,
        0,
        good.toBuilder().setPacket(forged).build(),
        XchainCodes.INVALID_PROOF,
        "invalid commitment proof");
    // the proof of packet 2 presented for packet 1 (wrong key)
    refused(
        net.chat,
        0,
        good.toBuilder()
            .setProofCommitment(
                Relay.recv(net.currency, ps.get(1), proofHeight(), chatSigner).getProofCommitment())
            .build(),
        XchainCodes.INVALID_PROOF,
        "invalid commitment proof");
    // a proof of an earlier height claimed for this one (wrong height / root)
    refused(
        net.chat,
        0,
        good.toBuilder()
            .setProofCommitment(
                Relay.recv(net.currency, p, proofHeight(), chatSigner).getProofCommitment())
            .setProofHeight(proofHeight() - 1)
            .build(),
        XchainCodes.NO_CONSENSUS_STATE,
        "no consensus state for height");
    ok(net.chat, 0, Relay.update(net.currency, 0, proofHeight(), chatSigner));
    refused(
        net.chat,
        0,
        good.toBuilder().setProofHeight(proofHeight() - 1).build(),
        XchainCodes.INVALID_PROOF,
        "computed root does not match");
    // garbage bytes
    refused(
        net.chat,
        0,
        good.toBuilder().setProofCommitment(ByteString.copyFromUtf8("garbage!")).build(),
        XchainCodes.INVALID_PROOF,
        "malformed state proof");
    // unknown port comes before the proof
    refused(
        net.chat,
        0,
        good.toBuilder().setPacket(p.toBuilder().setDestinationPort("nosuch")).build(),
        XchainCodes.UNKNOWN_PORT,
        "unknown port 'nosuch'");
    // the real one still goes through
    ok(net.chat, 0, good);
  }

  @Test
  void refusesPacketsWithoutConsensusStateOrTimeoutOrSequence() {
    ok(net.currency, 2, net.register(2, "gina", 1_000, net.validator));
    net.currency.block();
    Packet p = net.currency.xchain.packets().pending(net.currency.app.stateAt(0)).get(0);
    refused(
        net.chat,
        0,
        Relay.recv(net.currency, p, proofHeight(), chatSigner),
        XchainCodes.NO_CONSENSUS_STATE,
        "update the client first");
    MsgRecvPacket noTimeout =
        Relay.recv(net.currency, p, proofHeight(), chatSigner).toBuilder()
            .setPacket(p.toBuilder().setTimeoutHeight(0).setTimeoutTimeMs(0))
            .build();
    refused(net.chat, 0, noTimeout, XchainCodes.INVALID_PACKET, "packet has no timeout");
    refused(
        net.chat,
        0,
        noTimeout.toBuilder().setPacket(p.toBuilder().setSequence(0)).build(),
        XchainCodes.INVALID_PACKET,
        "sequence must be at least 1");
  }

  @Test
  void refusesAPacketAfterItsTimeoutAndTimesItOutOnTheSource() {
    ok(net.currency, 2, net.register(2, "hank", 1_000, net.validator));
    net.currency.block();
    Packet p = net.currency.xchain.packets().pending(net.currency.app.stateAt(0)).get(0);
    long ph = proofHeight();
    ok(net.chat, 0, Relay.update(net.currency, 0, net.currency.height(), chatSigner));
    // before the timeout, the source refuses a timeout
    long h0 = net.chat.height();
    ok(net.currency, 0, Relay.update(net.chat, 0, h0, currencySigner));
    refused(
        net.currency,
        0,
        Relay.timeout(net.chat, p, net.chat.height() - 1, currencySigner),
        XchainCodes.NOT_TIMED_OUT,
        "has not timed out");
    while (net.chat.height() < p.getTimeoutHeight()) {
      net.chat.block();
    }
    refused(
        net.chat,
        0,
        Relay.recv(net.currency, p, ph, chatSigner),
        XchainCodes.PACKET_TIMED_OUT,
        "packet timed out at height " + p.getTimeoutHeight());
    long h = net.chat.height();
    ok(net.currency, 0, Relay.update(net.chat, h0, h, currencySigner));
    TxResult r = ok(net.currency, 0, Relay.timeout(net.chat, p, h - 1, currencySigner));
    assertThat(r.getEventsList()).anyMatch(e -> e.getType().equals("xchain.timeout"));
    assertThat(net.currency.xchain.packets().commitment(net.currency.app.stateAt(0), 1)).isEmpty();
    refused(
        net.currency,
        0,
        Relay.timeout(net.chat, p, h - 1, currencySigner),
        XchainCodes.NO_PENDING_PACKET,
        "no pending packet with sequence 1");
  }

  @Test
  void acknowledgementRefusals() {
    List<Packet> ps = twoPackets();
    Packet p = ps.get(0);
    ok(net.chat, 0, Relay.recv(net.currency, p, proofHeight(), chatSigner));
    net.chat.block();
    long h = net.chat.height();
    ok(net.currency, 0, Relay.update(net.chat, 0, h, currencySigner));
    Acknowledgement ack = net.chat.xchain.packets().ack(net.chat.app.stateAt(0), 1).orElseThrow();
    MsgAcknowledgement good = Relay.ack(net.chat, p, ack, h - 1, currencySigner);
    // a received packet cannot be timed out: the non-membership proof fails
    refused(
        net.currency,
        0,
        MsgTimeout.newBuilder()
            .setSigner(currencySigner)
            .setPacket(p.toBuilder().setTimeoutHeight(1))
            .setProofUnreceived(good.getProofAcked())
            .setProofHeight(h - 1)
            .build(),
        XchainCodes.PACKET_MISMATCH,
        "does not match its commitment");
    // a forged acknowledgement (error instead of result)
    refused(
        net.currency,
        0,
        good.toBuilder()
            .setAcknowledgement(Acknowledgement.newBuilder().setError("made up"))
            .build(),
        XchainCodes.INVALID_PROOF,
        "invalid acknowledgement proof");
    // packet altered
    refused(
        net.currency,
        0,
        good.toBuilder().setPacket(p.toBuilder().setTimeoutHeight(999)).build(),
        XchainCodes.PACKET_MISMATCH,
        "does not match its commitment");
    // an ack proven for sequence 2 (never received): proof of the wrong key
    refused(
        net.currency,
        0,
        good.toBuilder().setPacket(ps.get(1)).build(),
        XchainCodes.INVALID_PROOF,
        "invalid acknowledgement proof");
    refused(
        net.currency,
        0,
        good.toBuilder().setAcknowledgement(Acknowledgement.getDefaultInstance()).build(),
        XchainCodes.INVALID_PACKET,
        "neither result nor error");
    ok(net.currency, 0, good);
    refused(
        net.currency, 0, good, XchainCodes.NO_PENDING_PACKET, "no pending packet with sequence 1");
  }
}
