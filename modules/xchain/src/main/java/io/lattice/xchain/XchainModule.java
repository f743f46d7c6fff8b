package io.lattice.xchain;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.proto.xchain.v1.MisbehaviourHeader;
import io.lattice.proto.xchain.v1.MsgAcknowledgement;
import io.lattice.proto.xchain.v1.MsgRecoverClient;
import io.lattice.proto.xchain.v1.MsgRecvPacket;
import io.lattice.proto.xchain.v1.MsgSubmitMisbehaviour;
import io.lattice.proto.xchain.v1.MsgTimeout;
import io.lattice.proto.xchain.v1.MsgUpdateClient;
import io.lattice.proto.xchain.v1.Params;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.Invariant;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.QueryRoute;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Addresses;
import io.lattice.xchain.ops.AtomicOperation;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code xchain} module (docs/spec/xchain.md, modules/xchain/README.md): light client of the
 * counterparty, packet relay messages, atomic operations, queries and the escrow invariant.
 */
public final class XchainModule implements Module {
  public static final String MSG_UPDATE_CLIENT = "/lattice.xchain.v1.MsgUpdateClient";
  public static final String MSG_SUBMIT_MISBEHAVIOUR = "/lattice.xchain.v1.MsgSubmitMisbehaviour";
  public static final String MSG_RECV_PACKET = "/lattice.xchain.v1.MsgRecvPacket";
  public static final String MSG_ACKNOWLEDGEMENT = "/lattice.xchain.v1.MsgAcknowledgement";
  public static final String MSG_TIMEOUT = "/lattice.xchain.v1.MsgTimeout";
  public static final String MSG_RECOVER_CLIENT = "/lattice.xchain.v1.MsgRecoverClient";

  /** Proofs carry at most 256 siblings of 32 bytes plus a leaf (xchain.md §4.4). */
  static final int MAX_PROOF_BYTES = 4 + 64 + 32 + 256 * 32;

  private final XchainKeeper keeper;
  private final XchainGenesis genesis;

  public XchainModule(XchainKeeper keeper) {
    this.keeper = keeper;
    this.genesis = new XchainGenesis(keeper);
  }

  public XchainKeeper keeper() {
    return keeper;
  }

  @Override
  public Schema schema() {
    return keeper.schema();
  }

  @Override
  public List<MsgType<?>> messages() {
    List<MsgType<?>> out = new ArrayList<>();
    out.add(
        new MsgType<>(
            MSG_UPDATE_CLIENT,
            MsgUpdateClient.class,
            MsgUpdateClient.parser(),
            m -> List.of(m.getSigner()),
            m -> {
              Addresses.check(m.getSigner(), "signer");
              LightClientKeeper.checkSizes(
                  m.getSignedHeader(), m.getValidatorSet(), m.getTrustedValidatorSet());
            },
            (ctx, m) -> keeper.client().update(ctx, m)));
    out.add(
        new MsgType<>(
            MSG_SUBMIT_MISBEHAVIOUR,
            MsgSubmitMisbehaviour.class,
            MsgSubmitMisbehaviour.parser(),
            m -> List.of(m.getSigner()),
            XchainModule::checkMisbehaviour,
            (ctx, m) -> keeper.client().submitMisbehaviour(ctx, m)));
    out.add(
        new MsgType<>(
            MSG_RECV_PACKET,
            MsgRecvPacket.class,
            MsgRecvPacket.parser(),
            m -> List.of(m.getSigner()),
            m -> {
              Addresses.check(m.getSigner(), "signer");
              PacketKeeper.checkPacket(m.getPacket());
              checkProof(m.getProofCommitment().size(), "proof_commitment");
            },
            (ctx, m) -> keeper.packets().recv(ctx, m)));
    out.add(
        new MsgType<>(
            MSG_ACKNOWLEDGEMENT,
            MsgAcknowledgement.class,
            MsgAcknowledgement.parser(),
            m -> List.of(m.getSigner()),
            m -> {
              Addresses.check(m.getSigner(), "signer");
              PacketKeeper.checkPacket(m.getPacket());
              checkProof(m.getProofAcked().size(), "proof_acked");
            },
            (ctx, m) -> keeper.packets().acknowledge(ctx, m)));
    out.add(
        new MsgType<>(
            MSG_TIMEOUT,
            MsgTimeout.class,
            MsgTimeout.parser(),
            m -> List.of(m.getSigner()),
            m -> {
              Addresses.check(m.getSigner(), "signer");
              PacketKeeper.checkPacket(m.getPacket());
              checkProof(m.getProofUnreceived().size(), "proof_unreceived");
            },
            (ctx, m) -> keeper.packets().timeout(ctx, m)));
    out.add(
        new MsgType<>(
            MSG_RECOVER_CLIENT,
            MsgRecoverClient.class,
            MsgRecoverClient.parser(),
            m -> List.of(m.getAuthority()),
            m -> Addresses.check(m.getAuthority(), "authority"),
            (ctx, m) -> keeper.client().recover(ctx, m)));
    for (AtomicOperation op : keeper.ops().operations()) {
      out.addAll(op.messages(keeper.ops()));
    }
    return out;
  }

  private static void checkProof(int size, String field) throws TxException {
    if (size > MAX_PROOF_BYTES) {
      throw XchainCodes.error(
          XchainCodes.INVALID_PROOF, field + " too large: " + size + " bytes > " + MAX_PROOF_BYTES);
    }
  }

  private static void checkMisbehaviour(MsgSubmitMisbehaviour m) throws TxException {
    Addresses.check(m.getSigner(), "signer");
    for (MisbehaviourHeader h : List.of(m.getHeader1(), m.getHeader2())) {
      if (!h.hasSignedHeader() || !h.getSignedHeader().hasHeader()) {
        throw XchainCodes.error(
            XchainCodes.NOT_MISBEHAVIOUR, "misbehaviour needs two signed headers");
      }
      LightClientKeeper.checkSizes(
          h.getSignedHeader(), h.getValidatorSet(), h.getTrustedValidatorSet());
    }
  }

  @Override
  public void initGenesis(Context ctx, JsonNode section) {
    genesis.init(ctx, section);
  }

  @Override
  public JsonNode exportGenesis(Context ctx) {
    return genesis.export(ctx.store());
  }

  @Override
  public JsonNode defaultGenesis() {
    return GenesisJson.object().set("params", ParamsKeeper.toJson(ParamsKeeper.DEFAULTS));
  }

  @Override
  public JsonNode params(KVStore state) {
    return ParamsKeeper.toJson(keeper.params().get(state));
  }

  @Override
  public void setParams(Context ctx, JsonNode json) {
    Params p = ParamsKeeper.parse(json, keeper.params().get(ctx.store()), "xchain params");
    keeper.params().set(ctx.store(), p);
    keeper
        .client()
        .client(ctx.store())
        .ifPresent(c ->
            keeper
                .keys()
                .client
                .set(
                    ctx.store(),
                    c.toBuilder().setTrustingPeriodSeconds(p.getTrustingPeriodSeconds()).build()));
  }

  @Override
  public List<Invariant> invariants() {
    return List.of(new Invariant("escrow", state -> keeper.ops().escrowMismatch(state)));
  }

  @Override
  public List<QueryRoute> queries() {
    return new XchainQueries(keeper).routes();
  }
}
