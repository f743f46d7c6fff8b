package io.lattice.gov;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.lattice.auth.AuthKeeper;
import io.lattice.auth.AuthModule;
import io.lattice.bank.BankKeeper;
import io.lattice.bank.BankModule;
import io.lattice.bank.ModuleAccount;
import io.lattice.bank.app.StandardApp;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.consensus.app.Misbehavior;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.distribution.DistributionKeeper;
import io.lattice.distribution.DistributionModule;
import io.lattice.distribution.app.PosApp;
import io.lattice.proto.auth.v1.BaseAccount;
import io.lattice.proto.gov.v1.MsgDeposit;
import io.lattice.proto.gov.v1.MsgSubmitProposal;
import io.lattice.proto.gov.v1.MsgVote;
import io.lattice.proto.gov.v1.ParamChange;
import io.lattice.proto.gov.v1.VoteOption;
import io.lattice.proto.staking.v1.MsgCreateValidator;
import io.lattice.proto.staking.v1.MsgDelegate;
import io.lattice.proto.staking.v1.MsgUndelegate;
import io.lattice.proto.tx.v1.Any;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.slashing.SlashingKeeper;
import io.lattice.slashing.SlashingModule;
import io.lattice.staking.StakingKeeper;
import io.lattice.staking.StakingModule;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A one-process proof-of-stake chain with gov for tests: auth, bank, distribution, slashing,
 * staking, gov (and optionally extra modules after them), composed as the chains module composes
 * them, over the real state tree on an in-memory store. Blocks are {@value #BLOCK_SECONDS} s apart;
 * invariants (gov's deposit invariant among them) are checked after every block.
 */
final class GovChain {
  static final String CHAIN_ID = "lattice-gov-test";
  static final long INITIAL = 1_000_000_000L;
  static final long FEE = 20_000;
  static final long GAS = 2_000_000;
  static final long T0 = 1_700_000_000L;
  static final long BLOCK_SECONDS = 5;
  static final long MIN_DEPOSIT = 10_000;
  static final long DEPOSIT_PERIOD = 60;
  static final long VOTING_PERIOD = 100;
  static final ObjectMapper JSON = new ObjectMapper();

  static final List<ModuleAccount> MODULE_ACCOUNTS = moduleAccounts();

  final KeyValueStore db = new MemoryKeyValueStore();
  final AppConfig config = AppConfig.defaults(CHAIN_ID);
  final List<Module> extra;
  LatticeApp app;
  final List<PrivateKeySigner> keys = new ArrayList<>();
  final List<PrivateKeySigner> consensusKeys = new ArrayList<>();
  final List<String> addresses = new ArrayList<>();
  final ObjectNode govParams = JSON.createObjectNode();

  GovChain(long seed, int accounts) {
    this(seed, accounts, List.of());
  }

  GovChain(long seed, int accounts, List<Module> extra) {
    this.extra = extra;
    Random random = new Random(seed);
    for (int i = 0; i < accounts; i++) {
      keys.add(key(random));
      consensusKeys.add(key(random));
      addresses.add(keys.get(i).publicKey().address().toString());
    }
    govParams
        .putArray("min_deposit")
        .addObject()
        .put("denom", "ulat")
        .put("amount", "" + MIN_DEPOSIT);
    govParams
        .put("max_deposit_period_seconds", "" + DEPOSIT_PERIOD)
        .put("voting_period_seconds", "" + VOTING_PERIOD)
        .put("quorum", "0.334")
        .put("threshold", "0.5")
        .put("veto_threshold", "0.334");
    app = open(db);
  }

  private static List<ModuleAccount> moduleAccounts() {
    List<ModuleAccount> all = new ArrayList<>(PosApp.MODULE_ACCOUNTS);
    all.add(GovKeeper.ACCOUNT);
    return List.copyOf(all);
  }

  /** The app over {@code store}, composed as a chain would: gov receives the module list. */
  LatticeApp open(KeyValueStore store) {
    AuthKeeper auth = new AuthKeeper();
    BankKeeper bank = new BankKeeper(auth::ensureAccount, MODULE_ACCOUNTS);
    StakingKeeper staking = new StakingKeeper(bank);
    SlashingKeeper slashing = new SlashingKeeper();
    DistributionKeeper distribution = new DistributionKeeper(bank, staking);
    staking.setHooks(distribution);
    GovKeeper gov = new GovKeeper(bank, staking);
    List<Module> modules = new ArrayList<>();
    modules.add(new AuthModule(auth));
    modules.add(new BankModule(bank));
    modules.add(new DistributionModule(distribution, bank, staking));
    modules.add(new SlashingModule(slashing, staking.slasher()));
    modules.add(new StakingModule(staking, bank));
    modules.add(new GovModule(gov, bank, staking));
    modules.addAll(extra);
    gov.setModules(modules);
    return new LatticeApp(
        config, StateTreeStore.open(store), modules, auth, bank, StandardApp.cachingVerifier());
  }

  private static PrivateKeySigner key(Random random) {
    byte[] sk = new byte[32];
    random.nextBytes(sk);
    try {
      return KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, sk);
    } catch (CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  ObjectNode genesisJson() {
    ObjectNode root = JSON.createObjectNode();
    var balances = root.putObject("bank").putArray("balances");
    for (String a : addresses) {
      balances
          .addObject()
          .put("address", a)
          .putArray("coins")
          .addObject()
          .put("denom", "ulat")
          .put("amount", Long.toString(INITIAL));
    }
    root.putObject("staking")
        .putObject("params")
        .put("unbonding_time_seconds", "100")
        .put("max_validators", 3)
        .put("bond_denom", "ulat")
        .put("power_reduction", "1000")
        .put("max_entries", 7);
    root.putObject("slashing")
        .putObject("params")
        .put("signed_blocks_window", "10")
        .put("min_signed_per_window", "0.5")
        .put("downtime_jail_duration_seconds", "60")
        .put("slash_fraction_double_sign", "0.05")
        .put("slash_fraction_downtime", "0.01")
        .put("max_evidence_age_blocks", "1000")
        .put("max_evidence_age_seconds", "100000");
    root.putObject("distribution")
        .putObject("params")
        .put("community_tax", "0.02")
        .put("reward_denom", "ulat")
        .put("inflation_rate", "0")
        .put("blocks_per_year", "1000000");
    root.putObject("gov").set("params", govParams);
    return root;
  }

  GovChain genesis() {
    return genesis(genesisJson().toString());
  }

  GovChain genesis(String json) {
    try (WriteBatch b = db.newBatch()) {
      app.initChain(json.getBytes(StandardCharsets.UTF_8), b);
      db.write(b, true);
    }
    app.afterCommit();
    assertInvariants();
    return this;
  }

  /** Genesis, then validators 0..n-1 each self-bonding {@code stake}, in one block. */
  GovChain withValidators(int n, long stake) {
    genesis();
    byte[][] txs = new byte[n][];
    for (int i = 0; i < n; i++) {
      txs[i] = tx(i, createValidator(i, stake));
    }
    FinalizedBlock fb = block(txs);
    for (TxResult r : fb.txResults()) {
      assertThat(r.getCode()).as(r.getLog()).isZero();
    }
    return this;
  }

  long height() {
    return app.info().height();
  }

  Instant timeOf(long height) {
    return Instant.ofEpochSecond(T0 + height * BLOCK_SECONDS);
  }

  /** Block time of the last committed block (unix seconds). */
  long now() {
    return timeOf(height()).getEpochSecond();
  }

  FinalizedBlock block(List<Misbehavior> evidence, List<byte[]> txs) {
    long h = height() + 1;
    FinalizedBlock fb =
        app.finalizeBlock(
            new BlockContext(CHAIN_ID, h, timeOf(h), new byte[20], List.of(), evidence), txs);
    try (WriteBatch b = db.newBatch()) {
      app.commit(b);
      db.write(b, true);
    }
    app.afterCommit();
    assertInvariants();
    return fb;
  }

  FinalizedBlock block(byte[]... txs) {
    return block(List.of(), Arrays.asList(txs));
  }

  /** Runs empty blocks until the block time is at least {@code seconds} past the current one. */
  void advance(long seconds) {
    long until = now() + seconds;
    while (now() < until) {
      block();
    }
  }

  void assertInvariants() {
    assertThat(app.checkInvariants()).as("invariants at height %d", height()).isEmpty();
  }

  BaseAccount account(int i) {
    return app.account(addresses.get(i)).orElseThrow();
  }

  byte[] tx(int signer, Message... msgs) {
    BaseAccount a = account(signer);
    TxBuilder b =
        TxBuilder.forChain(CHAIN_ID)
            .fee(List.of(Coins.coin("ulat", FEE)))
            .gasLimit(GAS)
            .signer(keys.get(signer), a.getAccountNumber(), a.getSequence());
    for (Message m : msgs) {
      b.addMessage(m);
    }
    return b.buildBytes();
  }

  TxResult deliver(int signer, Message... msgs) {
    return block(tx(signer, msgs)).txResults().get(0);
  }

  /** Delivers and asserts success. */
  TxResult ok(int signer, Message... msgs) {
    TxResult r = deliver(signer, msgs);
    assertThat(r.getCode()).as(r.getLog()).isZero();
    return r;
  }

  long balance(String address) {
    return app.balances(address).stream()
        .filter(c -> c.getDenom().equals("ulat"))
        .mapToLong(c -> Long.parseLong(c.getAmount()))
        .findFirst()
        .orElse(0);
  }

  long balance(int i) {
    return balance(addresses.get(i));
  }

  long govBalance() {
    return balance(GovKeeper.AUTHORITY);
  }

  BigInteger supply() {
    return new BigInteger(app.supply("ulat").getAmount());
  }

  MsgCreateValidator createValidator(int i, long amount) {
    return MsgCreateValidator.newBuilder()
        .setOperatorAddress(addresses.get(i))
        .setPubKey(TxBuilder.publicKey(consensusKeys.get(i).publicKey()))
        .setMoniker("validator-" + i)
        .setCommissionRate("0.1")
        .setCommissionMaxRate("0.5")
        .setCommissionMaxChangeRate("0.05")
        .setMinSelfDelegation("1000")
        .setAmount(Coins.coin("ulat", amount))
        .build();
  }

  byte[] consensusAddress(int i) {
    return consensusKeys.get(i).publicKey().address().bytes();
  }

  MsgDelegate delegate(int from, int validator, long amount, long lockSeconds) {
    return MsgDelegate.newBuilder()
        .setDelegatorAddress(addresses.get(from))
        .setValidatorAddress(addresses.get(validator))
        .setAmount(Coins.coin("ulat", amount))
        .setLockSeconds(lockSeconds)
        .build();
  }

  MsgUndelegate undelegate(int from, int validator, long amount) {
    return MsgUndelegate.newBuilder()
        .setDelegatorAddress(addresses.get(from))
        .setValidatorAddress(addresses.get(validator))
        .setAmount(Coins.coin("ulat", amount))
        .build();
  }

  static ParamChange change(String module, String json) {
    return ParamChange.newBuilder().setModule(module).setParamsJson(json).build();
  }

  MsgSubmitProposal.Builder proposal(int proposer, long deposit, ParamChange... changes) {
    MsgSubmitProposal.Builder b =
        MsgSubmitProposal.newBuilder()
            .setProposer(addresses.get(proposer))
            .setTitle("proposal by " + proposer)
            .setSummary("a test proposal")
            .addAllChanges(List.of(changes));
    if (deposit > 0) {
      b.addInitialDeposit(Coins.coin("ulat", deposit));
    }
    return b;
  }

  static Any any(String typeUrl, Message m) {
    return Any.newBuilder().setTypeUrl(typeUrl).setValue(m.toByteString()).build();
  }

  MsgDeposit deposit(int from, long id, long amount) {
    return MsgDeposit.newBuilder()
        .setDepositor(addresses.get(from))
        .setProposalId(id)
        .addAmount(Coins.coin("ulat", amount))
        .build();
  }

  MsgVote vote(int voter, long id, VoteOption option) {
    return MsgVote.newBuilder()
        .setVoter(addresses.get(voter))
        .setProposalId(id)
        .setOption(option)
        .build();
  }

  JsonNode query(String route, String field, String value) {
    ObjectNode req = JSON.createObjectNode();
    if (field != null) {
      req.put(field, value);
    }
    return app.query(route, req, 0);
  }

  JsonNode proposalJson(long id) {
    return query("gov/proposal", "id", Long.toString(id));
  }

  String status(long id) {
    return proposalJson(id).path("status").asText();
  }

  JsonNode params(String module) {
    return app.params(module, 0);
  }
}
