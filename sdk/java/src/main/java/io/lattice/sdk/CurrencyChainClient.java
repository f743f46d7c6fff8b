package io.lattice.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.distribution.v1.MsgWithdrawDelegatorReward;
import io.lattice.proto.staking.v1.MsgDelegate;
import io.lattice.proto.staking.v1.MsgUndelegate;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The currency chain ({@code lattice-currency-1}): wallets, balances, transfers, staking with a
 * lock, rewards. Every transaction method signs with the given wallet, waits for the block and
 * returns its result, or throws {@link TxRejectedException} / {@link TxFailedException} with the
 * node's reason.
 */
public final class CurrencyChainClient {
  private final TxSender sender;

  /** A client of the currency chain's API node, e.g. {@code http://127.0.0.1:8546}. */
  public CurrencyChainClient(String nodeUrl) {
    this(new NodeClient(nodeUrl), FeePolicy.DEFAULT);
  }

  public CurrencyChainClient(NodeClient node, FeePolicy fees) {
    this.sender = new TxSender(node, fees);
  }

  public NodeClient node() {
    return sender.node();
  }

  public TxSender txSender() {
    return sender;
  }

  /** A new wallet with a fresh 24-word mnemonic: write the mnemonic down, it restores the key. */
  public Wallet createWallet() {
    return Wallet.create();
  }

  /** The balance of {@code denom}; zero for an address the chain has never seen. */
  public BigInteger getBalance(String address, String denom) throws NodeException {
    String a = Addresses.check("address", address);
    return sender.node().account(a).map(i -> i.balance(denom)).orElse(BigInteger.ZERO);
  }

  /** The balance of {@code ulat}, the chains' fee and staking denomination. */
  public BigInteger getBalance(String address) throws NodeException {
    return getBalance(address, "ulat");
  }

  /** Sends {@code amount} from {@code from} to {@code to} ({@code bank.MsgSend}). */
  public TxResult transfer(Wallet from, String to, Amount amount) throws LatticeException {
    return sender.send(from, List.of(transferMsg(from, to, amount)));
  }

  static MsgSend transferMsg(Wallet from, String to, Amount amount) {
    return MsgSend.newBuilder()
        .setFromAddress(from.address())
        .setToAddress(Addresses.check("to", to))
        .addAmount(Addresses.positive("amount", amount).toProto())
        .build();
  }

  /**
   * Delegates {@code amount} to validator operator {@code validator} ({@code staking.MsgDelegate}).
   * With a non-zero {@code lock}, the stake cannot be undelegated before the block time reaches the
   * delegation's time plus the lock.
   */
  public TxResult stake(Wallet delegator, String validator, Amount amount, Duration lock)
      throws LatticeException {
    return sender.send(delegator, List.of(stakeMsg(delegator, validator, amount, lock)));
  }

  static MsgDelegate stakeMsg(Wallet delegator, String validator, Amount amount, Duration lock) {
    if (lock.isNegative()) {
      throw new IllegalArgumentException("lock: must not be negative, got " + lock);
    }
    return MsgDelegate.newBuilder()
        .setDelegatorAddress(delegator.address())
        .setValidatorAddress(Addresses.check("validator", validator))
        .setAmount(Addresses.positive("amount", amount).toProto())
        .setLockSeconds(lock.toSeconds())
        .build();
  }

  /** {@link #stake(Wallet, String, Amount, Duration)} without a lock. */
  public TxResult stake(Wallet delegator, String validator, Amount amount) throws LatticeException {
    return stake(delegator, validator, amount, Duration.ZERO);
  }

  /** Starts unbonding {@code amount} from {@code validator} ({@code staking.MsgUndelegate}). */
  public TxResult unstake(Wallet delegator, String validator, Amount amount)
      throws LatticeException {
    MsgUndelegate msg =
        MsgUndelegate.newBuilder()
            .setDelegatorAddress(delegator.address())
            .setValidatorAddress(Addresses.check("validator", validator))
            .setAmount(Addresses.positive("amount", amount).toProto())
            .build();
    return sender.send(delegator, List.of(msg));
  }

  /**
   * Withdraws the rewards of every delegation of {@code delegator}, one {@code
   * distribution.MsgWithdrawDelegatorReward} per validator in one transaction.
   *
   * @throws LatticeException when the wallet has no delegation
   */
  public TxResult claimRewards(Wallet delegator) throws LatticeException {
    List<Message> msgs = new ArrayList<>();
    for (Delegation d : getDelegations(delegator.address())) {
      msgs.add(
          MsgWithdrawDelegatorReward.newBuilder()
              .setDelegatorAddress(delegator.address())
              .setValidatorAddress(d.validator())
              .build());
    }
    if (msgs.isEmpty()) {
      throw new LatticeException(
          "no rewards to claim: " + delegator.address() + " has no delegation");
    }
    return sender.send(delegator, msgs);
  }

  /** Withdraws the rewards of the delegation to {@code validator}. */
  public TxResult claimRewards(Wallet delegator, String validator) throws LatticeException {
    return sender.send(
        delegator,
        List.of(
            MsgWithdrawDelegatorReward.newBuilder()
                .setDelegatorAddress(delegator.address())
                .setValidatorAddress(Addresses.check("validator", validator))
                .build()));
  }

  /** The delegations of {@code delegator} ({@code GET /v1/query/staking/delegations}). */
  public List<Delegation> getDelegations(String delegator) throws NodeException {
    String d = Addresses.check("delegator", delegator);
    JsonNode arr = sender.node().query("staking", "delegations", Map.of("delegator", d));
    List<Delegation> out = new ArrayList<>();
    for (JsonNode o : arr) {
      out.add(
          new Delegation(
              o.path("delegator_address").asText(),
              o.path("validator_address").asText(),
              o.path("shares").asText(),
              new BigInteger(o.path("tokens").asText("0"))));
    }
    return out;
  }

  /**
   * The total pending rewards of {@code delegator} ({@code GET /v1/query/distribution/rewards}).
   */
  public BigInteger getPendingRewards(String delegator) throws NodeException {
    String d = Addresses.check("delegator", delegator);
    JsonNode out = sender.node().query("distribution", "rewards", Map.of("delegator", d));
    return new BigInteger(out.path("total").asText("0"));
  }

  /** Transactions that involve {@code address}, newest first (at most {@code limit}). */
  public List<TxResult> getTransactionHistory(String address, int limit) throws NodeException {
    return sender.node().accountTxs(Addresses.check("address", address), limit);
  }

  /**
   * @see NodeClient#waitForConfirmation
   */
  public TxResult waitForConfirmation(String txHash, int blocks, Duration timeout)
      throws LatticeException {
    return sender.node().waitForConfirmation(txHash, blocks, timeout);
  }
}
