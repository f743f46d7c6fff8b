package io.lattice.bank;

import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.Hashes;
import io.lattice.proto.bank.v1.Params;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Codecs.StringPair;
import io.lattice.runtime.state.Item;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.state.StateMap;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Coins;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Balances and supply, with full rights (mint for genesis, fee collection). Other modules get a
 * narrower view of it: {@link BankView} (read) or {@link BankSender} (read and send). State layout
 * (prefix {@code "bank/"}): {@code 0x01 ‖ len ‖ address ‖ len ‖ denom → amount} (decimal ASCII),
 * {@code 0x02 ‖ len ‖ denom → supply} (decimal ASCII), {@code 0x03 → Params}. Only non-zero
 * balances are stored: a balance spent to zero is deleted, so exported and re-imported state hashes
 * the same.
 */
public final class BankKeeper implements BankSender, io.lattice.runtime.tx.BankKeeper {
  public static final String NAME = "bank";

  /** Module codespace and codes of bank failures. */
  public static final int CODE_INSUFFICIENT_FUNDS = 5;

  public static final int CODE_SEND_DISABLED = 20;

  /** The account collecting fees: the address whose bytes are SHA-256("fee_collector")[0..20). */
  public static final String FEE_COLLECTOR = moduleAddress("fee_collector");

  public static final Params DEFAULT_PARAMS = Params.newBuilder().setSendEnabled(true).build();

  private final Schema schema = new Schema(NAME);
  private final StateMap<StringPair, BigInteger> balances =
      schema.map(1, "balances", Codecs.STRING_PAIR_KEY, Codecs.BIG_UINT);
  private final StateMap<String, BigInteger> supply =
      schema.map(2, "supply", Codecs.STRING_KEY, Codecs.BIG_UINT);
  private final Item<Params> params = schema.item(3, "params", Codecs.proto(Params.parser()));
  private final ExpectedAccounts accounts;

  public BankKeeper(ExpectedAccounts accounts) {
    this.accounts = accounts;
  }

  /** The address of a module account named {@code name}: no key can sign for it. */
  public static String moduleAddress(String name) {
    byte[] h = Hashes.sha256(name.getBytes(StandardCharsets.UTF_8));
    try {
      return Address.fromBytes(Arrays.copyOf(h, Address.LENGTH)).toString();
    } catch (CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  public Schema schema() {
    return schema;
  }

  public Params params(KVStore state) {
    return params.getOrDefault(state, DEFAULT_PARAMS);
  }

  public void setParams(KVStore state, Params p) {
    params.set(state, p);
  }

  @Override
  public BigInteger balance(KVStore state, String address, String denom) {
    return balances.get(state, new StringPair(address, denom)).orElse(BigInteger.ZERO);
  }

  @Override
  public List<Coin> balances(KVStore state, String address) {
    List<Coin> out = new ArrayList<>();
    for (Map.Entry<StringPair, BigInteger> e :
        balances.entriesWithKeyPrefix(state, Codecs.STRING_KEY.encode(address))) {
      if (e.getValue().signum() > 0) {
        out.add(Coins.coin(e.getKey().second(), e.getValue()));
      }
    }
    out.sort((a, b) -> a.getDenom().compareTo(b.getDenom()));
    return out;
  }

  /** Every stored (non-zero) balance, ascending by (address, denom) key. */
  public List<Map.Entry<StringPair, BigInteger>> allBalances(KVStore state) {
    return balances.entries(state);
  }

  @Override
  public Coin supply(KVStore state, String denom) {
    return Coins.coin(denom, supply.get(state, denom).orElse(BigInteger.ZERO));
  }

  @Override
  public SortedMap<String, BigInteger> allSupply(KVStore state) {
    SortedMap<String, BigInteger> out = new TreeMap<>();
    for (Map.Entry<String, BigInteger> e : supply.entries(state)) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  @Override
  public byte[] balanceKey(String address, String denom) {
    return balances.stateKey(new StringPair(address, denom));
  }

  public byte[] supplyKey(String denom) {
    return supply.stateKey(denom);
  }

  /**
   * Moves validated {@code coins} from {@code from} to {@code to}; creates {@code to}'s account on
   * first receipt.
   *
   * @throws TxException insufficient funds, naming the balance and the amount
   */
  @Override
  public void send(Context ctx, String from, String to, List<Coin> coins) throws TxException {
    subtract(ctx.store(), from, coins, "insufficient funds");
    add(ctx.store(), to, coins);
    ctx.emit("transfer", "sender", from, "recipient", to, "amount", Coins.format(coins));
  }

  /** Removes validated {@code coins} from {@code address}; reason prefix names the purpose. */
  void subtract(KVStore state, String address, List<Coin> coins, String reasonPrefix)
      throws TxException {
    for (Coin c : coins) {
      BigInteger have = balance(state, address, c.getDenom());
      BigInteger want = new BigInteger(c.getAmount());
      if (have.compareTo(want) < 0) {
        throw new TxException(
            NAME,
            CODE_INSUFFICIENT_FUNDS,
            reasonPrefix
                + ": "
                + address
                + " has "
                + have
                + c.getDenom()
                + ", needs "
                + want
                + c.getDenom());
      }
      BigInteger left = have.subtract(want);
      if (left.signum() == 0) {
        balances.remove(state, new StringPair(address, c.getDenom()));
      } else {
        balances.set(state, new StringPair(address, c.getDenom()), left);
      }
    }
  }

  void add(KVStore state, String address, List<Coin> coins) {
    accounts.ensureAccount(state, address);
    for (Coin c : coins) {
      StringPair key = new StringPair(address, c.getDenom());
      BigInteger have = balances.get(state, key).orElse(BigInteger.ZERO);
      balances.set(state, key, have.add(new BigInteger(c.getAmount())));
    }
  }

  /** Creates coins (genesis): credits {@code address} and raises supply. */
  void mint(KVStore state, String address, List<Coin> coins) {
    add(state, address, coins);
    for (Coin c : coins) {
      BigInteger s = supply.get(state, c.getDenom()).orElse(BigInteger.ZERO);
      supply.set(state, c.getDenom(), s.add(new BigInteger(c.getAmount())));
    }
  }

  @Override
  public void deductFee(Context ctx, String payer, List<Coin> fee) throws TxException {
    StringBuilder balance = new StringBuilder();
    for (Coin c : fee) {
      BigInteger have = balance(ctx.store(), payer, c.getDenom());
      if (have.compareTo(new BigInteger(c.getAmount())) < 0) {
        balance.append(have).append(c.getDenom());
        throw new TxException(
            io.lattice.runtime.tx.Codes.CODESPACE,
            io.lattice.runtime.tx.Codes.INSUFFICIENT_FUNDS,
            "insufficient funds for fee: balance " + balance + " < fee " + Coins.format(fee));
      }
    }
    subtract(ctx.store(), payer, fee, "insufficient funds for fee");
    add(ctx.store(), FEE_COLLECTOR, fee);
  }
}
