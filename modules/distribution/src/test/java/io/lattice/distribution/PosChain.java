package io.lattice.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.consensus.app.Misbehavior;
import io.lattice.consensus.app.VoteInfo;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.distribution.app.PosApp;
import io.lattice.proto.auth.v1.BaseAccount;
import io.lattice.proto.staking.v1.MsgCreateValidator;
import io.lattice.proto.staking.v1.MsgDelegate;
import io.lattice.proto.staking.v1.MsgUndelegate;
import io.lattice.proto.tx.v1.PublicKey;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
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
import java.util.Set;

/**
 * A one-process proof-of-stake chain for tests: {@link PosApp} over the real state tree on an
 * in-memory store, ed25519 accounts (each with its own ed25519 consensus key) funded at genesis,
 * blocks {@value #BLOCK_SECONDS} seconds apart, inflation minting 1000 ulat per rewarded block at
 * the genesis supply, votes supplied by the test (by default none, as the solo engine does).
 * Invariants are checked after every block.
 */
final class PosChain {
  static final String CHAIN_ID = "lattice-pos";
  static final long INITIAL = 1_000_000_000L;

  /** Annual inflation of the test chains: with {@link #blocksPerYear} it mints 1000 per block. */
  static final String INFLATION = "0.1";

  static final long FEE = 2000;
  static final long GAS = 200_000;
  static final long T0 = 1_700_000_000L;
  static final long BLOCK_SECONDS = 5;
  static final ObjectMapper JSON = new ObjectMapper();

  final KeyValueStore db = new MemoryKeyValueStore();
  final AppConfig config = AppConfig.defaults(CHAIN_ID);
  LatticeApp app;
  final List<PrivateKeySigner> keys = new ArrayList<>();
  final List<PrivateKeySigner> consensusKeys = new ArrayList<>();
  final List<String> addresses = new ArrayList<>();
  final ObjectNode stakingParams = JSON.createObjectNode();
  final ObjectNode slashingParams = JSON.createObjectNode();
  final ObjectNode distributionParams = JSON.createObjectNode();

  PosChain(long seed, int accounts) {
    Random random = new Random(seed);
    for (int i = 0; i < accounts; i++) {
      keys.add(key(random));
      consensusKeys.add(key(random));
      addresses.add(keys.get(i).publicKey().address().toString());
    }
    stakingParams
        .put("unbonding_time_seconds", "100")
        .put("max_validators", 3)
        .put("bond_denom", "ulat")
        .put("power_reduction", "1000")
        .put("max_entries", 7);
    slashingParams
        .put("signed_blocks_window", "10")
        .put("min_signed_per_window", "0.5")
        .put("downtime_jail_duration_seconds", "60")
        .put("slash_fraction_double_sign", "0.05")
        .put("slash_fraction_downtime", "0.01")
        .put("max_evidence_age_blocks", "1000")
        .put("max_evidence_age_seconds", "100000");
    distributionParams
        .put("community_tax", "0.02")
        .put("reward_denom", "ulat")
        .put("inflation_rate", INFLATION)
        .put("blocks_per_year", Long.toString(blocksPerYear(accounts)));
    app = PosApp.open(config, db);
  }

  /**
   * Blocks per year such that the first rewarded block mints exactly 1000 at the genesis supply of
   * {@code accounts} funded accounts: {@code accounts × INITIAL × 0.1 / 1000}.
   */
  static long blocksPerYear(int accounts) {
    return accounts * INITIAL / 10 / 1000;
  }

  /** Total supply of ulat. */
  BigInteger supply() {
    return new BigInteger(app.supply("ulat").getAmount());
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
    root.putObject("staking").set("params", stakingParams);
    root.putObject("slashing").set("params", slashingParams);
    root.putObject("distribution").set("params", distributionParams);
    return root;
  }

  PosChain genesis() {
    return genesis(genesisJson().toString());
  }

  PosChain genesis(String json) {
    try (WriteBatch b = db.newBatch()) {
      app.initChain(json.getBytes(StandardCharsets.UTF_8), b);
      db.write(b, true);
    }
    app.afterCommit();
    assertInvariants();
    return this;
  }

  long height() {
    return app.info().height();
  }

  Instant timeOf(long height) {
    return Instant.ofEpochSecond(T0 + height * BLOCK_SECONDS);
  }

  /** Executes and commits the next block, then checks every invariant. */
  FinalizedBlock block(List<VoteInfo> votes, List<Misbehavior> evidence, List<byte[]> txs) {
    long h = height() + 1;
    FinalizedBlock fb =
        app.finalizeBlock(
            new BlockContext(CHAIN_ID, h, timeOf(h), new byte[20], votes, evidence), txs);
    try (WriteBatch b = db.newBatch()) {
      app.commit(b);
      db.write(b, true);
    }
    app.afterCommit();
    assertInvariants();
    return fb;
  }

  FinalizedBlock block(byte[]... txs) {
    return block(List.of(), List.of(), Arrays.asList(txs));
  }

  /** Runs empty blocks until the block time reaches {@code seconds} after the current one. */
  void advance(long seconds) {
    long until = timeOf(height()).getEpochSecond() + seconds;
    while (timeOf(height()).getEpochSecond() < until) {
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

  /** Delivers one transaction in a block without votes and returns its result. */
  TxResult deliver(int signer, Message... msgs) {
    return block(tx(signer, msgs)).txResults().get(0);
  }

  long balance(String address) {
    return Long.parseLong(
        app.balances(address).stream()
            .filter(c -> c.getDenom().equals("ulat"))
            .map(c -> c.getAmount())
            .findFirst()
            .orElse("0"));
  }

  long balance(int i) {
    return balance(addresses.get(i));
  }

  PublicKey consensusKey(int i) {
    return TxBuilder.publicKey(consensusKeys.get(i).publicKey());
  }

  byte[] consensusAddress(int i) {
    return consensusKeys.get(i).publicKey().address().bytes();
  }

  MsgCreateValidator createValidator(int i, long amount, String rate) {
    return MsgCreateValidator.newBuilder()
        .setOperatorAddress(addresses.get(i))
        .setPubKey(consensusKey(i))
        .setMoniker("validator-" + i)
        .setCommissionRate(rate)
        .setCommissionMaxRate("0.5")
        .setCommissionMaxChangeRate("0.05")
        .setMinSelfDelegation("1000")
        .setAmount(Coins.coin("ulat", amount))
        .build();
  }

  MsgDelegate delegate(int from, int validator, long amount) {
    return MsgDelegate.newBuilder()
        .setDelegatorAddress(addresses.get(from))
        .setValidatorAddress(addresses.get(validator))
        .setAmount(Coins.coin("ulat", amount))
        .build();
  }

  MsgUndelegate undelegate(int from, int validator, long amount) {
    return MsgUndelegate.newBuilder()
        .setDelegatorAddress(addresses.get(from))
        .setValidatorAddress(addresses.get(validator))
        .setAmount(Coins.coin("ulat", amount))
        .build();
  }

  JsonNode query(String route, String field, String value) {
    return app.query(route, JSON.createObjectNode().put(field, value), 0);
  }

  JsonNode validator(int i) {
    return query("staking/validator", "address", addresses.get(i));
  }

  long tokens(int i) {
    return Long.parseLong(validator(i).get("tokens").asText());
  }

  long power(int i) {
    return Long.parseLong(validator(i).get("power").asText());
  }

  boolean jailed(int i) {
    return validator(i).path("jailed").asBoolean(false);
  }

  /** A vote of validator {@code i}'s consensus key with its current power. */
  VoteInfo vote(int i, boolean signed) {
    return new VoteInfo(consensusAddress(i), power(i), signed);
  }

  /** Votes of the given validators, all signed except those in {@code absent}. */
  List<VoteInfo> votes(List<Integer> validators, Set<Integer> absent) {
    List<VoteInfo> out = new ArrayList<>();
    for (int v : validators) {
      out.add(vote(v, !absent.contains(v)));
    }
    return out;
  }

  static ByteString bytes(byte[] b) {
    return ByteString.copyFrom(b);
  }

  static BigInteger big(long v) {
    return BigInteger.valueOf(v);
  }
}
