package io.lattice.xchain;

import com.google.protobuf.ByteString;
import io.lattice.common.Hex;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.proto.xchain.v1.Acknowledgement;
import io.lattice.proto.xchain.v1.MsgAcknowledgement;
import io.lattice.proto.xchain.v1.MsgRecvPacket;
import io.lattice.proto.xchain.v1.MsgTimeout;
import io.lattice.proto.xchain.v1.MsgUpdateClient;
import io.lattice.proto.xchain.v1.Packet;
import io.lattice.runtime.store.CommitStore;
import io.lattice.runtime.store.KVStore;
import java.util.Map;
import java.util.TreeMap;

/** Hand-built relay messages for the refusal tests (what a relayer, honest or not, would send). */
final class Relay {
  private Relay() {}

  static MsgUpdateClient update(SimChain from, long trusted, long target, String signer) {
    var lb = from.lightBlock(target);
    return MsgUpdateClient.newBuilder()
        .setSigner(signer)
        .setSignedHeader(lb.signedHeader())
        .setValidatorSet(lb.validators())
        .setTrustedHeight(trusted)
        .setTrustedValidatorSet(from.validatorSet(trusted + 1))
        .build();
  }

  static byte[] proof(SimChain chain, byte[] key, long height) {
    CommitStore.StateProof p = chain.app.stateProof(key, height).orElseThrow();
    return p.proof();
  }

  static MsgRecvPacket recv(SimChain src, Packet p, long proofHeight, String signer) {
    return MsgRecvPacket.newBuilder()
        .setSigner(signer)
        .setPacket(p)
        .setProofCommitment(
            ByteString.copyFrom(proof(src, XchainKeys.commitmentKey(p.getSequence()), proofHeight)))
        .setProofHeight(proofHeight)
        .build();
  }

  static MsgAcknowledgement ack(
      SimChain dst, Packet p, Acknowledgement ack, long proofHeight, String signer) {
    return MsgAcknowledgement.newBuilder()
        .setSigner(signer)
        .setPacket(p)
        .setAcknowledgement(ack)
        .setProofAcked(
            ByteString.copyFrom(proof(dst, XchainKeys.ackKey(p.getSequence()), proofHeight)))
        .setProofHeight(proofHeight)
        .build();
  }

  static MsgTimeout timeout(SimChain dst, Packet p, long proofHeight, String signer) {
    return MsgTimeout.newBuilder()
        .setSigner(signer)
        .setPacket(p)
        .setProofUnreceived(
            ByteString.copyFrom(proof(dst, XchainKeys.receiptKey(p.getSequence()), proofHeight)))
        .setProofHeight(proofHeight)
        .build();
  }

  /** Everything under {@code prefixes} plus the escrow balance: what a refusal must not change. */
  static Map<String, String> snapshot(SimChain chain, String... prefixes) {
    KVStore s = chain.app.stateAt(0);
    Map<String, String> out = new TreeMap<>();
    for (String prefix : prefixes) {
      for (KVStore.Entry e :
          s.scanPrefix(prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        out.put(Hex.encode(e.key()), Hex.encode(e.value()));
      }
    }
    out.put("escrow", Long.toString(chain.balance(OpKeeper.ESCROW_ADDRESS)));
    return out;
  }

  static String describe(TxResult r) {
    return r.getCodespace() + "/" + r.getCode() + ": " + r.getLog();
  }
}
