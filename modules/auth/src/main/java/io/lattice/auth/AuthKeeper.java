package io.lattice.auth;

import io.lattice.proto.auth.v1.BaseAccount;
import io.lattice.proto.auth.v1.Params;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Item;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.state.Sequence;
import io.lattice.runtime.state.StateMap;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.AccountKeeper;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accounts and auth params. State layout (prefix {@code "auth/"}): {@code 0x01 ‖ len ‖ address →
 * BaseAccount}, {@code 0x02 → Params}, {@code 0x03 → next account number (uint64 BE)}.
 */
public final class AuthKeeper implements AccountKeeper {
  public static final String NAME = "auth";

  /** Defaults in gas units; signature costs scale roughly with verification time. */
  public static final Params DEFAULT_PARAMS =
      Params.newBuilder()
          .setMaxMemoCharacters(256)
          .setTxSizeCostPerByte(10)
          .setSigVerifyCostEd25519(590)
          .setSigVerifyCostSecp256K1(1000)
          .setSigVerifyCostMlDsa(2000)
          .setSigVerifyCostFalcon(1500)
          .setSigVerifyCostSlhDsa(10000)
          .setSigVerifyCostHybrid(2590)
          .build();

  private final Schema schema = new Schema(NAME);
  private final StateMap<String, BaseAccount> accounts =
      schema.map(1, "accounts", Codecs.STRING_KEY, Codecs.proto(BaseAccount.parser()));
  private final Item<Params> params = schema.item(2, "params", Codecs.proto(Params.parser()));
  private final Sequence accountNumbers = schema.sequence(3, "account_number");

  public Schema schema() {
    return schema;
  }

  @Override
  public Optional<BaseAccount> account(KVStore state, String address) {
    return accounts.get(state, address);
  }

  @Override
  public void setAccount(KVStore state, BaseAccount account) {
    accounts.set(state, account.getAddress(), account);
  }

  @Override
  public Params params(KVStore state) {
    return params.getOrDefault(state, DEFAULT_PARAMS);
  }

  public void setParams(KVStore state, Params p) {
    params.set(state, p);
  }

  @Override
  public byte[] accountKey(String address) {
    return accounts.stateKey(address);
  }

  /**
   * Creates the account of {@code address} with the next account number unless it exists (the bank
   * calls this when an address first receives funds). The address must already be validated.
   */
  public BaseAccount ensureAccount(KVStore state, String address) {
    Optional<BaseAccount> existing = accounts.get(state, address);
    if (existing.isPresent()) {
      return existing.get();
    }
    BaseAccount created =
        BaseAccount.newBuilder()
            .setAddress(address)
            .setAccountNumber(accountNumbers.next(state))
            .build();
    accounts.set(state, address, created);
    return created;
  }

  /** All accounts ascending by key (length-prefixed address). */
  public List<BaseAccount> allAccounts(KVStore state) {
    return accounts.entries(state).stream().map(Map.Entry::getValue).toList();
  }

  public long nextAccountNumber(KVStore state) {
    return accountNumbers.peek(state);
  }

  void setNextAccountNumber(KVStore state, long next) {
    accountNumbers.set(state, next);
  }
}
