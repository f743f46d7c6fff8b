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
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Balances and supply, with full rights (genesis, fee collection, minting and burning for module
 * accounts that hold the permission). Other modules get a narrower view of it: {@link BankView}
 * (read), {@link BankSender} (read and send) or {@link BankMinter} (also mint and burn, checked
 * against the {@link ModuleAccount}'s {@link Permission}s). State layout (prefix {@code "bank/"}):
 * {@code 0x01 ‖ len ‖ address ‖ len ‖ denom → amount} (decimal ASCII), {@code 0x02 ‖ len ‖ denom →
 * supply} (decimal ASCII), {@code 0x03 → Params}. Only non-zero balances are stored: a balance
 * spent to zero is deleted, so exported and re-imported state hashes the same.
 */
public final class BankKeeper implements BankMinter, io.lattice.runtime.tx.BankKeeper {
  public static final String NAME = "bank";

  /** Module codespace and codes of bank failures. */
  public static final int CODE_INSUFFICIENT_FUNDS = 5;

  public static final int CODE_SEND_DISABLED = 20;
  public static final int CODE_UNKNOWN_MODULE_ACCOUNT = 21;
  public static final int CODE_NO_PERMISSION = 22;
  public static final int CODE_BLOCKED_RECIPIENT = 23;

  /** The account collecting fees: the address whose bytes are SHA-256("fee_collector")[0..20). */
  public static final String FEE_COLLECTOR = ModuleAccount.FEE_COLLECTOR.address();

  public static final Params DEFAULT_PARAMS = Params.newBuilder().setSendEnabled(true).build();

  private final Schema schema = new Schema(NAME);
  private final StateMap<StringPair, BigInteger> balances =
      schema.map(1, "balances", Codecs.STRING_PAIR_KEY, Codecs.BIG_UINT);
  private final StateMap<String, BigInteger> supply =
      schema.map(2, "supply", Codecs.STRING_KEY, Codecs.BIG_UINT);
  private final Item<Params> params = schema.item(3, "params", Codecs.proto(Params.parser()));
  private final ExpectedAccounts accounts;
  private final SortedMap<String, ModuleAccount> moduleAccounts = new TreeMap<>();
  private final Map<String, ModuleAccount> moduleAccountsByAddress = new TreeMap<>();

  /** A bank whose only module account is the {@link ModuleAccount#FEE_COLLECTOR}. */
  public BankKeeper(ExpectedAccounts accounts) {
    this(accounts, List.of());
  }

  /**
   * A bank with the fee collector and {@code moduleAccounts}.
   *
   * @throws IllegalArgumentException when two module accounts have the same name
   */
  public BankKeeper(ExpectedAccounts accounts, List<ModuleAccount> moduleAccounts) {
    this.accounts = accounts;
    List<ModuleAccount> all = new ArrayList<>(moduleAccounts);
    if (moduleAccounts.stream()
        .noneMatch(m -> m.name().equals(ModuleAccount.FEE_COLLECTOR.name()))) {
      all.add(ModuleAccount.FEE_COLLECTOR);
    }
    for (ModuleAccount m : all) {
      if (this.moduleAccounts.putIfAbsent(m.name(), m) != null) {
        throw new IllegalArgumentException("duplicate module account " + m.name());
      }
      moduleAccountsByAddress.put(m.address(), m);
    }
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

  /** Every module account of this application, ascending by name. */
  public List<ModuleAccount> moduleAccounts() {
    return List.copyOf(moduleAccounts.values());
  }

  public Optional<ModuleAccount> moduleAccount(String name) {
    return Optional.ofNullable(moduleAccounts.get(name));
  }

  /** Whether {@code address} belongs to a module account (user messages may not send to it). */
  public boolean isModuleAccount(String address) {
    return moduleAccountsByAddress.containsKey(address);
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

  /**
   * Removes validated {@code coins} from {@code address}; reason prefix names the purpose. Every
   * denom is checked before any balance is written, so a refusal changes nothing.
   */
  void subtract(KVStore state, String address, List<Coin> coins, String reasonPrefix)
      throws TxException {
    List<BigInteger> left = new ArrayList<>(coins.size());
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
      left.add(have.subtract(want));
    }
    for (int i = 0; i < coins.size(); i++) {
      StringPair key = new StringPair(address, coins.get(i).getDenom());
      if (left.get(i).signum() == 0) {
        balances.remove(state, key);
      } else {
        balances.set(state, key, left.get(i));
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
  void mintGenesis(KVStore state, String address, List<Coin> coins) {
    add(state, address, coins);
    changeSupply(state, coins, true);
  }

  private void changeSupply(KVStore state, List<Coin> coins, boolean raise) {
    for (Coin c : coins) {
      BigInteger s = supply.get(state, c.getDenom()).orElse(BigInteger.ZERO);
      BigInteger amount = new BigInteger(c.getAmount());
      BigInteger next = raise ? s.add(amount) : s.subtract(amount);
      if (next.signum() == 0) {
        supply.remove(state, c.getDenom());
      } else {
        supply.set(state, c.getDenom(), next);
      }
    }
  }

  private ModuleAccount requirePermission(String module, Permission permission) throws TxException {
    ModuleAccount m = moduleAccounts.get(module);
    if (m == null) {
      throw new TxException(
          NAME, CODE_UNKNOWN_MODULE_ACCOUNT, "no module account named '" + module + "'");
    }
    if (!m.has(permission)) {
      throw new TxException(
          NAME,
          CODE_NO_PERMISSION,
          "module account '" + module + "' has no " + permission.text() + " permission");
    }
    return m;
  }

  @Override
  public void mint(Context ctx, String module, List<Coin> coins) throws TxException {
    ModuleAccount m = requirePermission(module, Permission.MINTER);
    Coins.validate(coins, "mint amount", false);
    add(ctx.store(), m.address(), coins);
    changeSupply(ctx.store(), coins, true);
    ctx.emit("mint", "minter", m.address(), "module", module, "amount", Coins.format(coins));
  }

  @Override
  public void burn(Context ctx, String module, List<Coin> coins) throws TxException {
    ModuleAccount m = requirePermission(module, Permission.BURNER);
    Coins.validate(coins, "burn amount", false);
    subtract(ctx.store(), m.address(), coins, "insufficient funds to burn");
    changeSupply(ctx.store(), coins, false);
    ctx.emit("burn", "burner", m.address(), "module", module, "amount", Coins.format(coins));
  }

  /**
   * @throws TxException codespace bank 23 when {@code recipient} is a module account
   */
  void requireNotModuleAccount(String recipient, String field) throws TxException {
    ModuleAccount m = moduleAccountsByAddress.get(recipient);
    if (m != null) {
      throw new TxException(
          NAME,
          CODE_BLOCKED_RECIPIENT,
          field + " " + recipient + " is the module account '" + m.name() + "'");
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
