package io.lattice.node.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.common.Hex;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.node.api.ChainView.AccountView;
import io.lattice.node.api.ChainView.CommittedBlock;
import io.lattice.node.api.ChainView.CommittedTx;
import io.lattice.node.api.ChainView.StateProofView;
import io.lattice.node.api.ChainView.ValidatorView;
import io.lattice.proto.bank.v1.Input;
import io.lattice.proto.bank.v1.MsgMultiSend;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.bank.v1.Output;
import io.lattice.proto.tx.v1.Any;
import io.lattice.proto.tx.v1.AuthInfo;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.tx.v1.PublicKey;
import io.lattice.proto.tx.v1.SignerInfo;
import io.lattice.proto.tx.v1.TxBody;
import io.lattice.proto.tx.v1.TxRaw;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.CommitSig;
import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.EventAttribute;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.types.v1.Timestamp;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorSet;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders chain values as the API's JSON: hashes in hex, byte strings in base64, amounts as
 * strings.
 */
final class JsonViews {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String MSG_SEND = "/lattice.bank.v1.MsgSend";
  static final String MSG_MULTI_SEND = "/lattice.bank.v1.MsgMultiSend";

  private JsonViews() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ObjectNode error(int code, String message) {
    return object().put("code", code).put("message", message);
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static String hex(com.google.protobuf.ByteString bytes) {
    return Hex.encode(bytes.toByteArray());
  }

  static byte[] txHash(byte[] txBytes) {
    return io.lattice.crypto.Hashes.sha256(txBytes);
  }

  static String time(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
  }

  static ObjectNode block(CommittedBlock committed) {
    Block block = committed.block();
    Header h = block.getHeader();
    ObjectNode out = object();
    out.put("height", h.getHeight());
    out.put("hash", Hex.encode(committed.hash()));
    out.set("header", header(h));
    ArrayNode txs = out.putArray("txs");
    ArrayNode results = out.putArray("tx_results");
    List<com.google.protobuf.ByteString> raw = block.getData().getTxsList();
    for (int i = 0; i < raw.size(); i++) {
      String hash = Hex.encode(txHash(raw.get(i).toByteArray()));
      txs.add(hash);
      if (i < committed.results().size()) {
        TxResult r = committed.results().get(i);
        results
            .addObject()
            .put("hash", hash)
            .put("code", r.getCode())
            .put("log", r.getLog())
            .put("gas_wanted", r.getGasWanted())
            .put("gas_used", r.getGasUsed());
      }
    }
    out.put("num_txs", raw.size());
    out.put("num_evidence", block.getEvidence().getEvidenceCount());
    out.set("last_commit", commit(block.getLastCommit()));
    return out;
  }

  static ObjectNode header(Header h) {
    ObjectNode header = object();
    header.put("chain_id", h.getChainId());
    header.put("height", h.getHeight());
    header.put("time", time(h.getTime()));
    header.put("last_block_hash", hex(h.getLastBlockId().getHash()));
    header.put("data_hash", hex(h.getDataHash()));
    header.put("validators_hash", hex(h.getValidatorsHash()));
    header.put("next_validators_hash", hex(h.getNextValidatorsHash()));
    header.put("app_hash", hex(h.getAppHash()));
    header.put("last_results_hash", hex(h.getLastResultsHash()));
    header.put("evidence_hash", hex(h.getEvidenceHash()));
    header.put("last_commit_hash", hex(h.getLastCommitHash()));
    header.put("proposer_address", hex(h.getProposerAddress()));
    return header;
  }

  /** A validator set with its hash (what a header's {@code validators_hash} names). */
  static ObjectNode validatorSet(ValidatorSet set) {
    ObjectNode out = object();
    out.put("hash", Hex.encode(BlockHashes.validators(set)));
    long total = 0;
    ArrayNode vals = out.putArray("validators");
    for (Validator v : set.getValidatorsList()) {
      total += v.getVotingPower();
      vals.addObject()
          .put("address", hex(v.getAddress()))
          .put("voting_power", v.getVotingPower())
          .set(
              "public_key",
              object()
                  .put("algorithm", v.getPubKey().getAlgorithm())
                  .put("key", base64(v.getPubKey().getKey().toByteArray())));
    }
    out.put("total_voting_power", total);
    return out;
  }

  static ObjectNode commit(Commit c) {
    ObjectNode out = object();
    out.put("height", c.getHeight());
    out.put("round", c.getRound());
    out.put("block_hash", hex(c.getBlockId().getHash()));
    ArrayNode sigs = out.putArray("signatures");
    for (CommitSig s : c.getSignaturesList()) {
      ObjectNode sig = sigs.addObject();
      sig.put("block_id_flag", s.getBlockIdFlag().name());
      sig.put("validator_address", hex(s.getValidatorAddress()));
      sig.put("timestamp", time(s.getTimestamp()));
      sig.put("signature", base64(s.getSignature().toByteArray()));
    }
    return out;
  }

  static ObjectNode committedTx(CommittedTx tx) {
    ObjectNode out = object();
    out.put("hash", Hex.encode(tx.hash()));
    out.put("height", tx.height());
    out.put("index", tx.index());
    txResult(out, tx.result());
    out.set("tx", decodedTx(tx.txBytes()));
    out.put("tx_bytes", base64(tx.txBytes()));
    return out;
  }

  static void txResult(ObjectNode out, TxResult r) {
    out.put("code", r.getCode());
    out.put("codespace", r.getCodespace());
    out.put("log", r.getLog());
    out.put("gas_wanted", r.getGasWanted());
    out.put("gas_used", r.getGasUsed());
    ArrayNode events = out.putArray("events");
    for (Event e : r.getEventsList()) {
      ObjectNode ev = events.addObject();
      ev.put("type", e.getType());
      ArrayNode attrs = ev.putArray("attributes");
      for (EventAttribute a : e.getAttributesList()) {
        attrs.addObject().put("key", a.getKey()).put("value", a.getValue());
      }
    }
  }

  /**
   * The transaction's body, signers and fee; {@code {"undecodable": reason}} if it cannot be
   * parsed.
   */
  static ObjectNode decodedTx(byte[] txBytes) {
    ObjectNode out = object();
    try {
      TxRaw raw = TxRaw.parseFrom(txBytes);
      TxBody body = TxBody.parseFrom(raw.getBodyBytes());
      AuthInfo auth = AuthInfo.parseFrom(raw.getAuthInfoBytes());
      ArrayNode msgs = out.putArray("messages");
      for (Any any : body.getMessagesList()) {
        msgs.add(message(any));
      }
      out.put("memo", body.getMemo());
      out.put("timeout_height", body.getTimeoutHeight());
      out.put("chain_id", body.getChainId());
      ArrayNode signers = out.putArray("signers");
      for (SignerInfo s : auth.getSignerInfosList()) {
        ObjectNode signer = signers.addObject();
        signer.set("public_key", publicKey(s.getPublicKey()));
        address(s.getPublicKey()).ifPresent(a -> signer.put("address", a));
        signer.put("sequence", s.getSequence());
      }
      ObjectNode fee = out.putObject("fee");
      fee.set("amount", coins(auth.getFee().getAmountList()));
      fee.put("gas_limit", auth.getFee().getGasLimit());
      out.put("signatures", raw.getSignaturesCount());
    } catch (InvalidProtocolBufferException e) {
      out.removeAll();
      out.put("undecodable", e.getMessage());
    }
    return out;
  }

  static ObjectNode message(Any any) throws InvalidProtocolBufferException {
    ObjectNode m = object();
    m.put("@type", any.getTypeUrl());
    switch (any.getTypeUrl()) {
      case MSG_SEND -> {
        MsgSend send = MsgSend.parseFrom(any.getValue());
        m.put("from_address", send.getFromAddress());
        m.put("to_address", send.getToAddress());
        m.set("amount", coins(send.getAmountList()));
      }
      case MSG_MULTI_SEND -> {
        MsgMultiSend multi = MsgMultiSend.parseFrom(any.getValue());
        ArrayNode inputs = m.putArray("inputs");
        for (Input in : multi.getInputsList()) {
          inputs.addObject().put("address", in.getAddress()).set("coins", coins(in.getCoinsList()));
        }
        ArrayNode outputs = m.putArray("outputs");
        for (Output o : multi.getOutputsList()) {
          outputs.addObject().put("address", o.getAddress()).set("coins", coins(o.getCoinsList()));
        }
      }
      default -> {
        java.util.Optional<ObjectNode> decoded = ProtoMessages.decode(any);
        if (decoded.isPresent()) {
          m.setAll(decoded.get());
        } else {
          m.put("value", base64(any.getValue().toByteArray()));
        }
      }
    }
    return m;
  }

  /**
   * Every bech32 address a transaction touches: its signers and the addresses named by its bank
   * messages. Used to route transactions to account subscribers.
   */
  static Set<String> involvedAddresses(byte[] txBytes) {
    Set<String> out = new LinkedHashSet<>();
    try {
      TxRaw raw = TxRaw.parseFrom(txBytes);
      AuthInfo auth = AuthInfo.parseFrom(raw.getAuthInfoBytes());
      for (SignerInfo s : auth.getSignerInfosList()) {
        address(s.getPublicKey()).ifPresent(out::add);
      }
      for (Any any : TxBody.parseFrom(raw.getBodyBytes()).getMessagesList()) {
        if (any.getTypeUrl().equals(MSG_SEND)) {
          MsgSend send = MsgSend.parseFrom(any.getValue());
          out.add(send.getFromAddress());
          out.add(send.getToAddress());
        } else if (any.getTypeUrl().equals(MSG_MULTI_SEND)) {
          MsgMultiSend multi = MsgMultiSend.parseFrom(any.getValue());
          multi.getInputsList().forEach(in -> out.add(in.getAddress()));
          multi.getOutputsList().forEach(o -> out.add(o.getAddress()));
        }
      }
    } catch (InvalidProtocolBufferException e) {
      return out;
    }
    return out;
  }

  static java.util.Optional<String> address(PublicKey key) {
    try {
      return java.util.Optional.of(
          io.lattice.crypto.PublicKey.decode(
                  KeyAlgorithm.fromId(key.getAlgorithm()), key.getKey().toByteArray())
              .address()
              .toString());
    } catch (CryptoException e) {
      return java.util.Optional.empty();
    }
  }

  static ObjectNode publicKey(PublicKey key) {
    return object()
        .put("algorithm", key.getAlgorithm())
        .put("key", base64(key.getKey().toByteArray()));
  }

  static ArrayNode coins(List<Coin> coins) {
    ArrayNode out = MAPPER.createArrayNode();
    for (Coin c : coins) {
      out.addObject().put("denom", c.getDenom()).put("amount", c.getAmount());
    }
    return out;
  }

  static ObjectNode account(AccountView a) {
    ObjectNode out = object();
    out.put("address", a.address());
    out.put("account_number", a.accountNumber());
    out.put("sequence", a.sequence());
    if (a.publicKey().isPresent()) {
      out.set("public_key", publicKey(a.publicKey().get()));
    } else {
      out.putNull("public_key");
    }
    out.set("balances", coins(a.balances()));
    return out;
  }

  static ObjectNode validator(ValidatorView v) {
    ObjectNode out = object();
    out.put("address", v.address());
    out.set("public_key", publicKey(v.publicKey()));
    out.put("voting_power", v.votingPower());
    return out;
  }

  static ObjectNode proof(StateProofView p) {
    ObjectNode out = object();
    out.put("key", Hex.encode(p.key()));
    out.put("exists", p.value().isPresent());
    if (p.value().isPresent()) {
      out.put("value", base64(p.value().get()));
    } else {
      out.putNull("value");
    }
    out.put("height", p.height());
    out.put("root", Hex.encode(p.rootHash()));
    out.put("proof", base64(p.proof()));
    return out;
  }
}
