package io.lattice.xchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.common.Hex;
import io.lattice.consensus.block.Votes;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.xchain.v1.Acknowledgement;
import io.lattice.proto.xchain.v1.ClientState;
import io.lattice.proto.xchain.v1.ConsensusState;
import io.lattice.proto.xchain.v1.Op;
import io.lattice.proto.xchain.v1.OpStatus;
import io.lattice.proto.xchain.v1.OpStep;
import io.lattice.proto.xchain.v1.Packet;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.QueryRoute;
import io.lattice.runtime.store.KVStore;
import java.util.Base64;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The module's query routes (docs/spec/xchain.md §6), served by the node at {@code GET
 * /v1/query/xchain/<path>}: {@code op {id}}, {@code client {}}, {@code consensus_state {height}},
 * {@code packets {pending}}, {@code commitment|receipt|ack {sequence}}.
 */
final class XchainQueries {
  private final XchainKeeper keeper;

  XchainQueries(XchainKeeper keeper) {
    this.keeper = keeper;
  }

  List<QueryRoute> routes() {
    return List.of(
        new QueryRoute("op", this::op),
        new QueryRoute("client", (s, r) -> client(s)),
        new QueryRoute("consensus_state", this::consensusState),
        new QueryRoute("packets", (s, r) -> packets(s)),
        new QueryRoute("commitment", this::commitment),
        new QueryRoute("receipt", this::receipt),
        new QueryRoute("ack", this::ack),
        new QueryRoute("params", (s, r) -> ParamsKeeper.toJson(keeper.params().get(s))));
  }

  /** The API name of a status: "Pending", "ChatChainConfirmed", "AtomicSuccess", ... */
  static String statusName(OpStatus s) {
    return switch (s) {
      case OP_STATUS_PENDING -> "Pending";
      case OP_STATUS_CHAT_CHAIN_CONFIRMED -> "ChatChainConfirmed";
      case OP_STATUS_CURRENCY_CHAIN_CONFIRMED -> "CurrencyChainConfirmed";
      case OP_STATUS_ATOMIC_SUCCESS -> "AtomicSuccess";
      case OP_STATUS_ROLLED_BACK -> "RolledBack";
      case OP_STATUS_FAILED -> "Failed";
      default -> "Unspecified";
    };
  }

  private JsonNode op(KVStore state, JsonNode req) {
    String id = text(req, "id");
    Op op =
        keeper
            .ops()
            .op(state, id)
            .orElseThrow(() -> new NoSuchElementException("no operation with id '" + id + "'"));
    return opJson(op);
  }

  static ObjectNode opJson(Op op) {
    ObjectNode o = GenesisJson.object();
    o.put("id", op.getId());
    o.put("kind", op.getKind());
    o.put("status", statusName(op.getStatus()));
    o.put("reason", op.getReason());
    o.put("owner", op.getOwner());
    o.put("source_chain_id", op.getSourceChainId());
    o.put("source_height", op.getSourceHeight());
    o.put("sequence", op.getSequence());
    ArrayNode escrow = o.putArray("escrow");
    for (Coin c : op.getEscrowList()) {
      escrow.addObject().put("denom", c.getDenom()).put("amount", c.getAmount());
    }
    ArrayNode steps = o.putArray("steps");
    for (OpStep s : op.getStepsList()) {
      steps
          .addObject()
          .put("status", statusName(s.getStatus()))
          .put("chain_id", s.getChainId())
          .put("height", s.getHeight())
          .put("time_ms", s.getTimeMs());
    }
    return o;
  }

  private JsonNode client(KVStore state) {
    ObjectNode o = GenesisJson.object();
    Optional<ClientState> c = keeper.client().client(state);
    o.put("configured", c.isPresent());
    if (c.isEmpty()) {
      return o;
    }
    ClientState cs = c.get();
    o.put("chain_id", cs.getChainId());
    o.put("latest_height", cs.getLatestHeight());
    o.put("frozen", cs.getFrozen());
    o.put("frozen_reason", cs.getFrozenReason());
    o.put("trusting_period_seconds", cs.getTrustingPeriodSeconds());
    keeper
        .client()
        .consensusState(state, cs.getLatestHeight())
        .ifPresent(s -> {
          long t = Votes.instant(s.getTime()).toEpochMilli();
          o.put("latest_time_ms", t);
          o.put("trusted_until_ms", t + cs.getTrustingPeriodSeconds() * 1000);
        });
    return o;
  }

  private JsonNode consensusState(KVStore state, JsonNode req) {
    long h = number(req, "height");
    ObjectNode o = GenesisJson.object();
    o.put("height", h);
    Optional<ConsensusState> cs = keeper.client().consensusState(state, h);
    o.put("exists", cs.isPresent());
    cs.ifPresent(s -> {
      o.put("time_ms", Votes.instant(s.getTime()).toEpochMilli());
      o.put("header_hash", Hex.encode(s.getHeaderHash().toByteArray()));
      o.put("app_hash", Hex.encode(s.getAppHash().toByteArray()));
      o.put("next_validators_hash", Hex.encode(s.getNextValidatorsHash().toByteArray()));
    });
    return o;
  }

  private JsonNode packets(KVStore state) {
    ObjectNode o = GenesisJson.object();
    o.put("next_sequence", keeper.packets().nextSequence(state));
    ArrayNode list = o.putArray("packets");
    for (Packet p : keeper.packets().pending(state)) {
      list.add(packetJson(p));
    }
    return o;
  }

  static ObjectNode packetJson(Packet p) {
    ObjectNode o = GenesisJson.object();
    o.put("sequence", p.getSequence());
    o.put("source_port", p.getSourcePort());
    o.put("destination_port", p.getDestinationPort());
    o.put("timeout_height", p.getTimeoutHeight());
    o.put("timeout_time_ms", p.getTimeoutTimeMs());
    o.put("data", Base64.getEncoder().encodeToString(p.getData().toByteArray()));
    o.put("encoded", Base64.getEncoder().encodeToString(p.toByteArray()));
    return o;
  }

  private JsonNode commitment(KVStore state, JsonNode req) {
    long seq = number(req, "sequence");
    ObjectNode o = GenesisJson.object();
    o.put("sequence", seq);
    o.put("key", Hex.encode(XchainKeys.commitmentKey(seq)));
    Optional<byte[]> c = keeper.packets().commitment(state, seq);
    if (c.isPresent()) {
      o.put("commitment", Hex.encode(c.get()));
    } else {
      o.putNull("commitment");
    }
    return o;
  }

  private JsonNode receipt(KVStore state, JsonNode req) {
    long seq = number(req, "sequence");
    ObjectNode o = GenesisJson.object();
    o.put("sequence", seq);
    o.put("key", Hex.encode(XchainKeys.receiptKey(seq)));
    o.put("received", keeper.packets().received(state, seq));
    return o;
  }

  private JsonNode ack(KVStore state, JsonNode req) {
    long seq = number(req, "sequence");
    ObjectNode o = GenesisJson.object();
    o.put("sequence", seq);
    o.put("key", Hex.encode(XchainKeys.ackKey(seq)));
    Optional<Acknowledgement> a = keeper.packets().ack(state, seq);
    o.put("exists", a.isPresent());
    a.ifPresent(ack -> {
      if (ack.hasError()) {
        o.put("error", ack.getError());
      } else {
        o.put("result", Base64.getEncoder().encodeToString(ack.getResult().toByteArray()));
      }
      o.put("hash", Hex.encode(PacketKeeper.ackHash(ack)));
      o.put("encoded", Base64.getEncoder().encodeToString(ack.toByteArray()));
    });
    return o;
  }

  private static String text(JsonNode req, String field) {
    JsonNode n = req.get(field);
    if (n == null || n.isNull() || n.asText().isEmpty()) {
      throw new IllegalArgumentException(field + " is required");
    }
    return n.asText();
  }

  private static long number(JsonNode req, String field) {
    String s = text(req, field);
    if (!s.matches("[0-9]{1,19}")) {
      throw new IllegalArgumentException(
          field + " must be a non-negative integer, got '" + s + "'");
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " is out of range: " + s, e);
    }
  }
}
