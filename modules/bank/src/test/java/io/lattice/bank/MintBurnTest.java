package io.lattice.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lattice.proto.bank.v1.Input;
import io.lattice.proto.bank.v1.MsgMultiSend;
import io.lattice.proto.bank.v1.Output;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.gas.GasMeter;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.Invariant;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.runtime.tx.Codes;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.storage.MemoryKeyValueStore;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Module accounts and their permissions: who may mint and burn, what a refused call leaves (nothing
 * changed), the supply after many mints, burns and sends, and that users cannot send to a module
 * account.
 */
class MintBurnTest {
  private static final ModuleAccount MINTER = new ModuleAccount("minter", Permission.MINTER);
  private static final ModuleAccount BURNER = new ModuleAccount("burner", Permission.BURNER);
  private static final ModuleAccount BOTH =
      new ModuleAccount("treasury", Permission.MINTER, Permission.BURNER);
  private static final ModuleAccount PLAIN = new ModuleAccount("plain");

  private final BankKeeper bank =
      new BankKeeper((s, a) -> {}, List.of(MINTER, BURNER, BOTH, PLAIN));
  private final BankModule module = new BankModule(bank);
  private final StateTreeStore store = StateTreeStore.open(new MemoryKeyValueStore());
  private final Context ctx = new Context(store, GasMeter.unlimited(), "c", 1, Instant.EPOCH);

  private static List<Coin> coins(long amount, String denom) {
    return List.of(Coins.coin(denom, amount));
  }

  private void assertInvariants() {
    for (Invariant i : module.invariants()) {
      assertThat(i.check().broken(store)).as(i.name()).isEmpty();
    }
  }

  private void assertRefused(ThrowingCall call, String codespace, int code, String reason) {
    byte[] root = store.workingRoot();
    int events = ctx.events().size();
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            TxException.class,
            e -> {
              assertThat(e.codespace()).isEqualTo(codespace);
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.reason()).contains(reason);
            });
    assertThat(store.workingRoot()).as("state unchanged").isEqualTo(root);
    assertThat(ctx.events()).hasSize(events);
  }

  @FunctionalInterface
  interface ThrowingCall {
    void run() throws TxException;
  }

  @Test
  void aMinterMintsIntoItsOwnAccountAndRaisesTheSupply() throws TxException {
    bank.mint(ctx, "minter", List.of(Coins.coin("stake", 7), Coins.coin("ulat", 1000)));
    assertThat(bank.balance(store, MINTER.address(), "ulat")).isEqualTo(1000);
    assertThat(bank.balance(store, MINTER.address(), "stake")).isEqualTo(7);
    assertThat(bank.supply(store, "ulat").getAmount()).isEqualTo("1000");
    assertThat(ctx.events().getLast().getType()).isEqualTo("mint");
    assertInvariants();
  }

  @Test
  void callsWithoutThePermissionOrWithBadCoinsAreRefusedAndChangeNothing() throws TxException {
    bank.mint(ctx, "treasury", coins(500, "ulat"));
    bank.send(ctx, BOTH.address(), BURNER.address(), coins(200, "ulat"));
    bank.send(ctx, BOTH.address(), PLAIN.address(), coins(100, "ulat"));
    int noPermission = BankKeeper.CODE_NO_PERMISSION;
    assertRefused(
        () -> bank.mint(ctx, "plain", coins(1, "ulat")),
        "bank",
        noPermission,
        "module account 'plain' has no minter permission");
    assertRefused(
        () -> bank.mint(ctx, "burner", coins(1, "ulat")),
        "bank",
        noPermission,
        "module account 'burner' has no minter permission");
    assertRefused(
        () -> bank.burn(ctx, "minter", coins(1, "ulat")),
        "bank",
        noPermission,
        "module account 'minter' has no burner permission");
    assertRefused(
        () -> bank.burn(ctx, "plain", coins(1, "ulat")),
        "bank",
        noPermission,
        "module account 'plain' has no burner permission");
    assertRefused(
        () -> bank.mint(ctx, "nobody", coins(1, "ulat")),
        "bank",
        BankKeeper.CODE_UNKNOWN_MODULE_ACCOUNT,
        "no module account named 'nobody'");
    assertRefused(
        () -> bank.mint(ctx, "minter", List.of()),
        Codes.CODESPACE,
        Codes.INVALID_COINS,
        "mint amount: no coins");
    assertRefused(
        () -> bank.mint(ctx, "minter", coins(0, "ulat")),
        Codes.CODESPACE,
        Codes.INVALID_COINS,
        "mint amount: zero amount of ulat");
    assertRefused(
        () -> bank.burn(ctx, "burner", List.of(Coins.coin("ulat", 5), Coins.coin("stake", 1))),
        Codes.CODESPACE,
        Codes.INVALID_COINS,
        "denoms must be sorted and unique");
    // The first denom is covered, the second is not: neither balance moves.
    bank.mint(ctx, "treasury", coins(3, "stake"));
    assertRefused(
        () -> bank.burn(ctx, "treasury", List.of(Coins.coin("stake", 3), Coins.coin("ulat", 201))),
        "bank",
        BankKeeper.CODE_INSUFFICIENT_FUNDS,
        "insufficient funds to burn: " + BOTH.address() + " has 200ulat, needs 201ulat");
    assertThat(bank.supply(store, "ulat").getAmount()).isEqualTo("500");
    assertInvariants();
  }

  @Test
  void aBurnerBurnsOnlyWhatItHolds() throws TxException {
    bank.mint(ctx, "treasury", coins(300, "ulat"));
    bank.send(ctx, BOTH.address(), BURNER.address(), coins(120, "ulat"));
    bank.burn(ctx, "burner", coins(20, "ulat"));
    assertThat(bank.balance(store, BURNER.address(), "ulat")).isEqualTo(100);
    assertThat(bank.supply(store, "ulat").getAmount()).isEqualTo("280");
    bank.burn(ctx, "treasury", coins(180, "ulat"));
    bank.burn(ctx, "burner", coins(100, "ulat"));
    // Burned to zero: the balance and supply entries are gone, as if never minted.
    assertThat(bank.allSupply(store)).isEmpty();
    assertThat(bank.allBalances(store)).isEmpty();
    assertInvariants();
  }

  @Test
  void supplyEqualsTheSumOfBalancesThroughRandomMintsBurnsAndSends() throws TxException {
    Random random = new Random(2026);
    List<String> holders = new ArrayList<>();
    for (ModuleAccount m : List.of(MINTER, BURNER, BOTH, PLAIN)) {
      holders.add(m.address());
    }
    holders.add(BankKeeper.moduleAddress("someone"));
    BigInteger expected = BigInteger.ZERO;
    int refused = 0;
    for (int i = 0; i < 2000; i++) {
      String module = List.of("minter", "burner", "treasury", "plain").get(random.nextInt(4));
      long amount = 1 + random.nextInt(1000);
      try {
        switch (random.nextInt(3)) {
          case 0 -> {
            bank.mint(ctx, module, coins(amount, "ulat"));
            expected = expected.add(BigInteger.valueOf(amount));
          }
          case 1 -> {
            bank.burn(ctx, module, coins(amount, "ulat"));
            expected = expected.subtract(BigInteger.valueOf(amount));
          }
          default ->
              bank.send(
                  ctx,
                  holders.get(random.nextInt(holders.size())),
                  holders.get(random.nextInt(holders.size())),
                  coins(amount, "ulat"));
        }
      } catch (TxException e) {
        refused++;
      }
      if (i % 100 == 0) {
        assertInvariants();
      }
    }
    assertInvariants();
    assertThat(refused).isPositive();
    assertThat(new BigInteger(bank.supply(store, "ulat").getAmount())).isEqualTo(expected);
  }

  @Test
  void moduleAccountsAreDeclaredOnceAndListed() {
    assertThatThrownBy(
            () -> new BankKeeper((s, a) -> {}, List.of(PLAIN, new ModuleAccount("plain"))))
        .hasMessageContaining("duplicate module account plain");
    assertThatThrownBy(() -> new ModuleAccount("Bad Name"))
        .hasMessageContaining("module account name");
    assertThat(bank.moduleAccounts().stream().map(ModuleAccount::name))
        .containsExactly("burner", "fee_collector", "minter", "plain", "treasury");
    assertThat(bank.isModuleAccount(BankKeeper.FEE_COLLECTOR)).isTrue();
    assertThat(bank.isModuleAccount(BankKeeper.moduleAddress("someone"))).isFalse();
    JsonNode listed =
        module.queries().stream()
            .filter(q -> q.path().equals("module_accounts"))
            .findFirst()
            .orElseThrow()
            .handler()
            .answer(store, new ObjectMapper().createObjectNode());
    assertThat(listed.get(4).get("name").asText()).isEqualTo("treasury");
    assertThat(listed.get(4).get("address").asText()).isEqualTo(BOTH.address());
    assertThat(listed.get(4).get("permissions").toString()).isEqualTo("[\"minter\",\"burner\"]");
  }

  // ---- through the pipeline (standard app: the fee collector is a module account) ----

  @Test
  void usersCannotSendToAModuleAccount() {
    TestChain chain = new TestChain(42, 3).genesis();
    TxResult r =
        chain.block(chain.sendTx(0, BankKeeper.FEE_COLLECTOR, 10).buildBytes()).txResults().get(0);
    assertThat(r.getCodespace()).isEqualTo("bank");
    assertThat(r.getCode()).isEqualTo(BankKeeper.CODE_BLOCKED_RECIPIENT);
    assertThat(r.getLog())
        .contains("to_address " + BankKeeper.FEE_COLLECTOR)
        .contains("is the module account 'fee_collector'");
    assertThat(chain.balance(0, "ulat")).isEqualTo(TestChain.INITIAL - TestChain.FEE);
    assertThat(chain.balance(BankKeeper.FEE_COLLECTOR, "ulat")).isEqualTo(TestChain.FEE);
    var a1 = chain.account(1);
    MsgMultiSend ms =
        MsgMultiSend.newBuilder()
            .addInputs(
                Input.newBuilder()
                    .setAddress(chain.addresses.get(1))
                    .addCoins(Coins.coin("ulat", 30)))
            .addOutputs(
                Output.newBuilder()
                    .setAddress(chain.addresses.get(2))
                    .addCoins(Coins.coin("ulat", 20)))
            .addOutputs(
                Output.newBuilder()
                    .setAddress(BankKeeper.FEE_COLLECTOR)
                    .addCoins(Coins.coin("ulat", 10)))
            .build();
    TxResult multi =
        chain
            .block(
                TxBuilder.forChain(TestChain.CHAIN_ID)
                    .addMessage(ms)
                    .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
                    .gasLimit(TestChain.GAS)
                    .signer(chain.keys.get(1), a1.getAccountNumber(), a1.getSequence())
                    .buildBytes())
            .txResults()
            .get(0);
    assertThat(multi.getCode()).isEqualTo(BankKeeper.CODE_BLOCKED_RECIPIENT);
    assertThat(multi.getLog()).contains("outputs[1].address");
    assertThat(chain.balance(2, "ulat")).isEqualTo(TestChain.INITIAL);
    assertThat(chain.app.checkInvariants()).isEmpty();
  }

  @Test
  void theSupplyQueryListsEveryDenomWithoutADenom() {
    TestChain chain = new TestChain(42, 3).genesis();
    JsonNode all = chain.app.query("bank/supply", new ObjectMapper().createObjectNode(), 0);
    assertThat(all.get("supply").toString())
        .isEqualTo(
            "[{\"denom\":\"stake\",\"amount\":\"3000\"},{\"denom\":\"ulat\",\"amount\":\""
                + 3 * TestChain.INITIAL
                + "\"}]");
    JsonNode one =
        chain.app.query(
            "bank/supply", new ObjectMapper().createObjectNode().put("denom", "ulat"), 0);
    assertThat(one.get("amount").asText()).isEqualTo(Long.toString(3 * TestChain.INITIAL));
  }
}
