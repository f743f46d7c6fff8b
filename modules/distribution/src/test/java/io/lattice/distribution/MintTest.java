package io.lattice.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.bank.BankKeeper;
import io.lattice.bank.ModuleAccount;
import io.lattice.bank.Permission;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.distribution.app.PosApp;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.distribution.v1.MsgWithdrawDelegatorReward;
import io.lattice.proto.distribution.v1.MsgWithdrawValidatorCommission;
import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.EventAttribute;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.gas.GasMeter;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.runtime.tx.Coins;
import io.lattice.staking.Dec;
import io.lattice.staking.StakingKeeper;
import io.lattice.storage.MemoryKeyValueStore;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Inflation minting: the provision formula, its remainder, the chain's supply, and the payout. */
class MintTest {
  /**
   * The provision computed independently with {@link BigDecimal}: {@code supply × rate /
   * blocksPerYear} truncated to 18 decimals, plus the carried remainder; returns {tokens minted,
   * remainder in 10⁻¹⁸ units}.
   */
  static BigInteger[] expectedProvision(
      BigInteger supply, String rate, long blocksPerYear, Dec remainder) {
    BigDecimal exact =
        new BigDecimal(supply)
            .multiply(new BigDecimal(rate))
            .divide(BigDecimal.valueOf(blocksPerYear), 18, RoundingMode.DOWN)
            .add(new BigDecimal(remainder.units(), 18));
    BigDecimal whole = exact.setScale(0, RoundingMode.DOWN);
    return new BigInteger[] {
      whole.toBigIntegerExact(), exact.subtract(whole).movePointRight(18).toBigIntegerExact()
    };
  }

  @ParameterizedTest
  @CsvSource({
    // supply, rate, blocks per year, expected minted, expected remainder (10⁻¹⁸ units)
    "0, 0.07, 6311520, 0, 0",
    "1, 0.07, 6311520, 0, 11090830734",
    "6000000000, 0.1, 600000, 1000, 0",
    "1000000000000000, 0.07, 6311520, 11090830, 734910132582959413",
    "123456789012345678901234567890, 0.2, 1, 24691357802469135780246913578, 0",
    "987654321, 0, 6311520, 0, 0",
    "987654321, 1, 1, 987654321, 0",
  })
  void provisionMatchesTheFormulaForSeveralSupplies(
      String supply, String rate, long blocksPerYear, String minted, String remainder) {
    Inflation inflation = new Inflation(Dec.parse(rate, "rate"), blocksPerYear);
    Inflation.Provision p = inflation.provision(new BigInteger(supply), Dec.ZERO);
    assertThat(p.minted()).isEqualTo(new BigInteger(minted));
    assertThat(p.remainder().units()).isEqualTo(new BigInteger(remainder));
    BigInteger[] independent =
        expectedProvision(new BigInteger(supply), rate, blocksPerYear, Dec.ZERO);
    assertThat(p.minted()).isEqualTo(independent[0]);
    assertThat(p.remainder().units()).isEqualTo(independent[1]);
  }

  @Test
  void theRemainderCarriesSoAYearMintsTheAnnualAmount() {
    // 999 × 0.07 / 1000 = 0.06993 per block: truncating each block would mint nothing at all.
    Inflation inflation = new Inflation(Dec.parse("0.07", "rate"), 1000);
    BigInteger supply = BigInteger.valueOf(999);
    Dec remainder = Dec.ZERO;
    BigInteger total = BigInteger.ZERO;
    for (int b = 0; b < 1000; b++) {
      Inflation.Provision p = inflation.provision(supply, remainder);
      assertThat(p.remainder()).isLessThan(Dec.ONE);
      total = total.add(p.minted());
      remainder = p.remainder();
    }
    assertThat(inflation.annualProvisions(supply)).isEqualTo(69);
    assertThat(total).isEqualTo(69);
    // A year at 10^12 and the default parameters: within one token of supply × rate.
    Inflation dflt = Inflation.DEFAULT;
    BigInteger big = BigInteger.TEN.pow(12).add(BigInteger.valueOf(12_345));
    Inflation.Provision one = dflt.provision(big, Dec.ZERO);
    BigInteger units =
        one.minted()
            .multiply(Dec.SCALE)
            .add(one.remainder().units())
            .multiply(BigInteger.valueOf(dflt.blocksPerYear()));
    BigInteger year = units.divide(Dec.SCALE);
    assertThat(dflt.annualProvisions(big).subtract(year))
        .isBetween(BigInteger.ZERO, BigInteger.ONE);
  }

  @Test
  void inflationParamsAreValidated() {
    assertThatThrownBy(() -> new Inflation(Dec.parse("1.5", "rate"), 10))
        .hasMessageContaining("inflation_rate must be <= 1");
    assertThatThrownBy(() -> new Inflation(Dec.parse("0.1", "rate"), 0))
        .hasMessageContaining("blocks_per_year must be at least 1");
    assertThat(Inflation.DEFAULT.blocksPerYear()).isEqualTo(365_25L * 24 * 3600 / 100 / 5);
  }

  private static String attribute(Event e, String key) {
    for (EventAttribute a : e.getAttributesList()) {
      if (a.getKey().equals(key)) {
        return a.getValue();
      }
    }
    throw new AssertionError("event " + e.getType() + " has no " + key);
  }

  private static List<Event> events(FinalizedBlock fb, String type) {
    return fb.events().stream().filter(e -> e.getType().equals(type)).toList();
  }

  @Test
  void eachRewardedBlockMintsItsProvisionIntoTheDistributionAccount() {
    PosChain chain = new PosChain(11, 4).genesis();
    long blocksPerYear = PosChain.blocksPerYear(4);
    assertThat(chain.deliver(0, chain.createValidator(0, 300_000, "0.1")).getCode()).isZero();
    assertThat(chain.deliver(1, chain.createValidator(1, 100_000, "0.05")).getCode()).isZero();
    // Blocks without votes reward nobody and mint nothing.
    assertThat(chain.supply()).isEqualTo(4 * PosChain.INITIAL);
    BigInteger supply = chain.supply();
    Dec remainder = Dec.ZERO;
    for (int b = 0; b < 40; b++) {
      FinalizedBlock fb = chain.block(chain.votes(List.of(0, 1), Set.of()), List.of(), List.of());
      BigInteger[] expected =
          expectedProvision(supply, PosChain.INFLATION, blocksPerYear, remainder);
      assertThat(chain.supply().subtract(supply))
          .as("minted at block %d", b)
          .isEqualTo(expected[0]);
      Event mint = events(fb, "mint").getFirst();
      assertThat(attribute(mint, "module")).isEqualTo("distribution");
      assertThat(attribute(mint, "minter")).isEqualTo(DistributionKeeper.MODULE_ACCOUNT);
      assertThat(attribute(mint, "amount")).isEqualTo(expected[0] + "ulat");
      assertThat(attribute(events(fb, "distribution").getFirst(), "minted"))
          .isEqualTo(expected[0].toString());
      supply = chain.supply();
      remainder = new Dec(expected[1]);
      JsonNode q = chain.query("distribution/mint", "x", "");
      assertThat(q.get("mint_remainder").asText()).isEqualTo(remainder.toString());
      assertThat(q.get("supply").asText()).isEqualTo(supply.toString());
    }
    // 4e9 × 0.1 / 400,000 = 1000 at first, growing with the supply: 1000.00025 at 4e9 + 1000.
    assertThat(supply).isEqualTo(BigInteger.valueOf(4 * PosChain.INITIAL + 40 * 1000));
    assertThat(remainder.isZero()).isFalse();
    JsonNode q = chain.query("distribution/mint", "x", "");
    assertThat(q.get("inflation_rate").asText()).isEqualTo("0.100000000000000000");
    assertThat(q.get("blocks_per_year").asText()).isEqualTo(Long.toString(blocksPerYear));
    assertThat(q.get("annual_provisions").asText())
        .isEqualTo(supply.divide(BigInteger.TEN).toString());
    FinalizedBlock empty = chain.block();
    assertThat(events(empty, "mint")).isEmpty();
    assertThat(chain.supply()).isEqualTo(supply);
  }

  @Test
  void rewardsPaidOutEqualMintedPlusFeesMinusWhatTheCommunityPoolAndRoundingKeep() {
    PosChain chain = new PosChain(12, 6).genesis();
    assertThat(chain.deliver(0, chain.createValidator(0, 300_000, "0.1")).getCode()).isZero();
    assertThat(chain.deliver(1, chain.createValidator(1, 200_000, "0.25")).getCode()).isZero();
    assertThat(chain.deliver(2, chain.createValidator(2, 100_000, "0")).getCode()).isZero();
    assertThat(chain.deliver(3, chain.delegate(3, 0, 77_777)).getCode()).isZero();
    assertThat(chain.deliver(4, chain.delegate(4, 1, 33_333)).getCode()).isZero();
    BigInteger distributed = BigInteger.ZERO;
    for (int b = 0; b < 30; b++) {
      BigInteger fees = BigInteger.valueOf(chain.balance(BankKeeper.FEE_COLLECTOR));
      BigInteger supply = chain.supply();
      List<byte[]> txs = new ArrayList<>();
      for (int a = 0; a < 6; a++) {
        if ((a + b) % 3 == 0) {
          txs.add(chain.tx(a, send(chain, a, (a + 1) % 6, 1 + b * 7L)));
        }
      }
      chain.block(chain.votes(List.of(0, 1, 2), b % 5 == 0 ? Set.of(2) : Set.of()), List.of(), txs);
      distributed = distributed.add(fees).add(chain.supply().subtract(supply));
    }
    assertThat(BigInteger.valueOf(chain.balance(DistributionKeeper.MODULE_ACCOUNT)))
        .as("distribution account = every block's fees + minted")
        .isEqualTo(distributed);
    // Withdraw everything in a block without votes (no new rewards).
    List<byte[]> txs = new ArrayList<>();
    int[][] delegations = {{0, 0}, {1, 1}, {2, 2}, {3, 0}, {4, 1}};
    for (int[] d : delegations) {
      txs.add(chain.tx(d[0], withdraw(chain, d[0], d[1])));
    }
    FinalizedBlock fb =
        chain.block(List.of(), List.of(), txs.subList(0, 3)); // operators' delegator rewards
    FinalizedBlock fb2 = chain.block(List.of(), List.of(), txs.subList(3, 5));
    List<byte[]> commissions = new ArrayList<>();
    for (int v = 0; v < 2; v++) {
      commissions.add(chain.tx(v, commission(chain, v)));
    }
    FinalizedBlock fb3 = chain.block(List.of(), List.of(), commissions);
    BigInteger paid = BigInteger.ZERO;
    for (FinalizedBlock f : List.of(fb, fb2, fb3)) {
      for (TxResult r : f.txResults()) {
        assertThat(r.getCode()).as(r.getLog()).isZero();
        for (Event e : r.getEventsList()) {
          if (e.getType().equals("withdraw_rewards") || e.getType().equals("withdraw_commission")) {
            paid = paid.add(new BigInteger(attribute(e, "amount").replace("ulat", "")));
          }
        }
      }
    }
    BigInteger pool =
        new BigInteger(chain.query("distribution/community_pool", "x", "").get("amount").asText());
    BigInteger dust = BigInteger.ZERO;
    for (int v = 0; v < 3; v++) {
      JsonNode r = chain.query("distribution/validator", "address", chain.addresses.get(v));
      assertThat(r.get("commission").asLong()).isZero();
      dust = dust.add(new BigInteger(r.path("outstanding").asText("0")));
    }
    // 2% tax each block, plus what the power split leaves over: at least 2% of everything.
    assertThat(pool).isGreaterThanOrEqualTo(distributed.divide(BigInteger.valueOf(50)));
    // Truncation dust: below one unit per delegation per rewarded block.
    assertThat(dust).isLessThan(BigInteger.valueOf(5 * 30));
    assertThat(paid).isPositive();
    assertThat(paid.add(pool).add(dust)).isEqualTo(distributed);
    assertThat(BigInteger.valueOf(chain.balance(DistributionKeeper.MODULE_ACCOUNT)))
        .isEqualTo(pool.add(dust));
  }

  private static MsgSend send(PosChain chain, int from, int to, long amount) {
    return MsgSend.newBuilder()
        .setFromAddress(chain.addresses.get(from))
        .setToAddress(chain.addresses.get(to))
        .addAmount(Coins.coin("ulat", amount))
        .build();
  }

  private static MsgWithdrawDelegatorReward withdraw(PosChain chain, int delegator, int v) {
    return MsgWithdrawDelegatorReward.newBuilder()
        .setDelegatorAddress(chain.addresses.get(delegator))
        .setValidatorAddress(chain.addresses.get(v))
        .build();
  }

  private static MsgWithdrawValidatorCommission commission(PosChain chain, int v) {
    return MsgWithdrawValidatorCommission.newBuilder()
        .setValidatorAddress(chain.addresses.get(v))
        .build();
  }

  @Test
  void modulesWithoutTheMinterPermissionCannotMint() throws TxException {
    BankKeeper bank = new BankKeeper((s, a) -> {}, PosApp.MODULE_ACCOUNTS);
    StateTreeStore store = StateTreeStore.open(new MemoryKeyValueStore());
    Context ctx = new Context(store, GasMeter.unlimited(), "c", 1, Instant.EPOCH);
    byte[] root = store.workingRoot();
    for (String module : List.of("bonded_tokens_pool", "fee_collector", "staking_slashed")) {
      assertThatThrownBy(() -> bank.mint(ctx, module, List.of(Coins.coin("ulat", 5))))
          .isInstanceOf(TxException.class)
          .hasMessageContaining("module account '" + module + "' has no minter permission");
    }
    assertThatThrownBy(() -> bank.burn(ctx, "distribution", List.of(Coins.coin("ulat", 5))))
        .hasMessageContaining("module account 'distribution' has no burner permission");
    assertThat(store.workingRoot()).isEqualTo(root);
    bank.mint(ctx, "distribution", List.of(Coins.coin("ulat", 5)));
    assertThat(bank.balance(store, DistributionKeeper.MODULE_ACCOUNT, "ulat")).isEqualTo(5);
    // PosApp's accounts are the addresses the modules use.
    assertThat(bank.moduleAccount("bonded_tokens_pool").orElseThrow().address())
        .isEqualTo(StakingKeeper.BONDED_POOL);
    assertThat(bank.moduleAccount("not_bonded_tokens_pool").orElseThrow().address())
        .isEqualTo(StakingKeeper.NOT_BONDED_POOL);
    assertThat(bank.moduleAccount("staking_slashed").orElseThrow().address())
        .isEqualTo(StakingKeeper.SLASHED_POOL);
    assertThat(DistributionKeeper.ACCOUNT)
        .isEqualTo(new ModuleAccount("distribution", Permission.MINTER));
  }

  @Test
  void usersCannotSendToTheDistributionAccount() {
    PosChain chain = new PosChain(13, 2).genesis();
    long before = chain.balance(0);
    MsgSend m =
        MsgSend.newBuilder()
            .setFromAddress(chain.addresses.get(0))
            .setToAddress(DistributionKeeper.MODULE_ACCOUNT)
            .addAmount(Coins.coin("ulat", 10))
            .build();
    TxResult r = chain.deliver(0, m);
    assertThat(r.getCodespace()).isEqualTo("bank");
    assertThat(r.getCode()).isEqualTo(BankKeeper.CODE_BLOCKED_RECIPIENT);
    assertThat(r.getLog()).contains("is the module account 'distribution'");
    assertThat(chain.balance(0)).isEqualTo(before - PosChain.FEE);
    assertThat(chain.balance(DistributionKeeper.MODULE_ACCOUNT)).isZero();
  }

  // ---- genesis ----

  @Test
  void badMintParamsAreRefusedNamingTheField() {
    record Case(String field, String value, String message) {}
    List<Case> cases =
        List.of(
            new Case("inflation_rate", "1.5", "distribution.params.inflation_rate must be <= 1"),
            new Case("inflation_rate", "-0.1", "distribution.params.inflation_rate: '-0.1'"),
            new Case("inflation_rate", "7%", "distribution.params.inflation_rate: '7%'"),
            new Case(
                "blocks_per_year", "0", "distribution.params.blocks_per_year must be at least 1"),
            new Case("blocks_per_year", "-5", "distribution.params.blocks_per_year must be"),
            new Case("reward_per_block", "1000", "has unknown field 'reward_per_block'"),
            new Case("community_tax", "1.01", "community_tax must be <= 1"),
            new Case("reward_denom", "U!", "reward_denom 'U!' is not a valid denom"));
    for (Case c : cases) {
      PosChain chain = new PosChain(14, 2);
      chain.distributionParams.put(c.field(), c.value());
      String g = chain.genesisJson().toString();
      assertThatThrownBy(() -> chain.genesis(g))
          .as("%s = %s", c.field(), c.value())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(c.message());
    }
    PosChain chain = new PosChain(14, 2);
    ObjectNode g = chain.genesisJson();
    ((ObjectNode) g.get("distribution")).put("mint_remainder", "1.0");
    assertThatThrownBy(() -> chain.genesis(g.toString()))
        .hasMessageContaining("distribution.mint_remainder must be < 1");
  }

  @Test
  void absentMintParamsTakeTheDefaults() {
    PosChain chain = new PosChain(15, 2);
    chain.distributionParams.remove("inflation_rate");
    chain.distributionParams.remove("blocks_per_year");
    chain.genesis();
    JsonNode p = chain.query("distribution/mint", "x", "");
    assertThat(p.get("inflation_rate").asText()).isEqualTo("0.070000000000000000");
    assertThat(p.get("blocks_per_year").asText()).isEqualTo("6311520");
  }

  @Test
  void exportCarriesParamsAndRemainderAndReimportsToTheSameAppHash() throws Exception {
    PosChain chain = new PosChain(16, 3).genesis();
    chain.deliver(0, chain.createValidator(0, 100_000, "0.1"));
    for (int b = 0; b < 3; b++) {
      chain.block(chain.votes(List.of(0), Set.of()), List.of(), List.of());
    }
    byte[] exported = chain.app.exportGenesis();
    JsonNode d = PosChain.JSON.readTree(exported).get("distribution");
    assertThat(d.get("params").get("inflation_rate").asText()).isEqualTo("0.100000000000000000");
    assertThat(d.get("params").get("blocks_per_year").asText())
        .isEqualTo(Long.toString(PosChain.blocksPerYear(3)));
    assertThat(d.get("params").has("reward_per_block")).isFalse();
    assertThat(Dec.parse(d.get("mint_remainder").asText(), "remainder").isZero()).isFalse();
    PosChain copy = new PosChain(16, 3).genesis(new String(exported, StandardCharsets.UTF_8));
    assertThat(copy.app.info().appHash()).isEqualTo(chain.app.info().appHash());
    assertThat(copy.app.exportGenesis()).isEqualTo(exported);
  }
}
