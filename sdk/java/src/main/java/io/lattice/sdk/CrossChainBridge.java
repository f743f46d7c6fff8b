package io.lattice.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.proto.xchain.v1.MsgCreateChannelWithFee;
import io.lattice.proto.xchain.v1.MsgRegisterWithStake;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Atomic operations across the two chains (docs/spec/xchain.md §5). They start on the currency
 * chain, where the stake or fee is escrowed; the relayer carries the packet to the chat chain and
 * its acknowledgement back; the operation ends {@code AtomicSuccess} on both chains, or {@code
 * RolledBack} (escrow refunded, nothing left on the chat chain), or {@code Failed}.
 */
public final class CrossChainBridge {
  private final TxSender currency;
  private final NodeClient chat;

  /** A bridge over the currency chain's and the chat chain's API nodes. */
  public CrossChainBridge(String currencyNodeUrl, String chatNodeUrl) {
    this(new NodeClient(currencyNodeUrl), new NodeClient(chatNodeUrl), FeePolicy.DEFAULT);
  }

  public CrossChainBridge(NodeClient currency, NodeClient chat, FeePolicy fees) {
    this.currency = new TxSender(currency, fees);
    this.chat = chat;
  }

  /**
   * Starts {@code register_user_with_stake}: escrows {@code stake} on the currency chain, registers
   * {@code username} (with the wallet's identity key) on the chat chain, then bonds the stake to
   * {@code validator} locked for {@code lock}. Returns the operation id once the first step is
   * committed; follow it with {@link #getStatus} or {@link #waitForAtomicCompletion}.
   *
   * @throws TxRejectedException / TxFailedException when the currency chain refuses to start it
   *     (bad username or keys, insufficient funds, no counterparty configured)
   */
  public String registerUserWithStake(
      Wallet owner, String username, Amount stake, String validator, Duration lock)
      throws LatticeException {
    if (lock.isNegative()) {
      throw new IllegalArgumentException("lock: must not be negative, got " + lock);
    }
    MsgRegisterWithStake msg =
        MsgRegisterWithStake.newBuilder()
            .setOwner(owner.address())
            .setUsername(username)
            .setKeys(ChatChainClient.encryptionKeys(owner))
            .setStake(Addresses.positive("stake", stake).toProto())
            .setValidator(Addresses.check("validator", validator))
            .setLockSeconds(lock.toSeconds())
            .build();
    return opId(currency.send(owner, List.of(msg)));
  }

  /**
   * Starts {@code create_channel_with_fee}: the fee is escrowed on the currency chain and paid once
   * the chat chain created the channel, refunded otherwise.
   */
  public String createChannelWithFee(Wallet owner, String name, boolean inviteOnly, Amount fee)
      throws LatticeException {
    MsgCreateChannelWithFee msg =
        MsgCreateChannelWithFee.newBuilder()
            .setOwner(owner.address())
            .setName(name)
            .setInviteOnly(inviteOnly)
            .setFee(Addresses.positive("fee", fee).toProto())
            .build();
    return opId(currency.send(owner, List.of(msg)));
  }

  /**
   * The operation's record on the currency chain (where it started).
   *
   * @throws NodeException 404 when no operation has this id
   */
  public CrossChainOp getStatus(String opId) throws NodeException {
    return find(currency.node(), opId)
        .orElseThrow(() -> new NodeException(404, "no cross-chain operation " + opId));
  }

  /** The operation's record on the chat chain; empty until its packet arrived there. */
  public Optional<CrossChainOp> getStatusOnChatChain(String opId) throws NodeException {
    return find(chat, opId);
  }

  /**
   * Waits until the operation reached a final status on the currency chain and the chat chain
   * reports the same (so that its outcome is visible on both), and returns it. A rolled-back or
   * failed operation is returned, not thrown: check {@link CrossChainOp#isSuccess()} and {@link
   * CrossChainOp#reason()}. An operation that failed before sending a packet ({@code Failed}) has
   * no chat-chain record and is returned at once.
   *
   * @throws LatticeTimeoutException when that does not happen within {@code timeout}, naming the
   *     last status seen on each chain
   */
  public CrossChainOp waitForAtomicCompletion(String opId, Duration timeout)
      throws LatticeException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Optional<CrossChainOp> source = find(currency.node(), opId);
      Optional<CrossChainOp> dest = Optional.empty();
      if (source.isPresent() && source.get().status().isFinal()) {
        if (source.get().status() == OpStatus.FAILED) {
          return source.get();
        }
        dest = find(chat, opId);
        if (dest.isPresent() && dest.get().status() == source.get().status()) {
          return source.get();
        }
      }
      NodeClient.pause(
          deadline,
          "cross-chain operation "
              + opId
              + " did not complete within "
              + timeout
              + ": currency chain "
              + source.map(o -> o.status().name()).orElse("has no record")
              + ", chat chain "
              + dest.map(o -> o.status().name()).orElse("not final or no record"));
    }
  }

  private static Optional<CrossChainOp> find(NodeClient node, String opId) throws NodeException {
    if (opId == null || opId.isEmpty()) {
      throw new IllegalArgumentException("op id is missing");
    }
    try {
      return Optional.of(op(node.query("xchain", "op", Map.of("id", opId))));
    } catch (NodeException e) {
      // The xchain module reports an unknown id as a refused request (400 "no operation ...").
      if (e.httpStatus() == 404 || (e.httpStatus() == 400 && e.reason().contains("no operation"))) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The operation id a starting transaction reports: attribute {@code id} of its {@code xchain.op}
   * event.
   */
  static String opId(TxResult result) throws LatticeException {
    for (TxResult.Event e : result.events()) {
      if (e.type().equals("xchain.op")) {
        Optional<String> id = e.attribute("id");
        if (id.isPresent()) {
          return id.get();
        }
      }
    }
    throw new LatticeException(
        "transaction " + result.txHash() + " was committed but started no cross-chain operation");
  }

  static CrossChainOp op(JsonNode o) {
    JsonNode rec = o.has("op") ? o.get("op") : o;
    List<CrossChainOp.Step> steps = new ArrayList<>();
    for (JsonNode s : rec.path("steps")) {
      steps.add(
          new CrossChainOp.Step(
              OpStatus.parse(s.path("status").asText()),
              s.path("chain_id").asText(s.path("chain").asText()),
              s.path("height").asLong()));
    }
    return new CrossChainOp(
        rec.path("id").asText(),
        rec.path("kind").asText(),
        OpStatus.parse(rec.path("status").asText()),
        steps,
        rec.path("reason").asText(""));
  }
}
