package io.lattice.xchain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.lattice.auth.AuthKeeper;
import io.lattice.auth.AuthModule;
import io.lattice.bank.BankKeeper;
import io.lattice.bank.BankModule;
import io.lattice.bank.ModuleAccount;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.Votes;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.auth.v1.BaseAccount;
import io.lattice.proto.consensus.v1.SignedHeader;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.BlockIdFlag;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.CommitSig;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.types.v1.Timestamp;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorPubKey;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.proto.xchain.v1.Acknowledgement;
import io.lattice.proto.xchain.v1.Packet;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.store.CommitStore;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.staking.StakingKeeper;
import io.lattice.staking.StakingModule;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import io.lattice.xchain.relayer.ChainEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One in-process chain for xchain tests: a LatticeApp with auth, bank, staking, xchain (and the
 * test identity module on the chat side) over the real state tree, driven block by block. Every
 * block gets a real header (app hash of the previous block, validator hashes, last block id) and a
 * commit signed with real ed25519 keys by its validators, so the counterparty's light client
 * verifies what a real chain would produce.
 */
final class SimChain {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long INITIAL = 1_000_000_000_000L;
  static final long GAS = 4_000_000;
  static final long FEE = 40_000;

  final String chainId;
  final Instant genesisTime;
  final KeyValueStore db = new MemoryKeyValueStore();
  final LatticeApp app;
  final XchainKeeper xchain;
  final BankKeeper bank;
  final StakingKeeper staking;
  final Optional<TestIdentity> identity;
  final Optional<TestChannels> channels;
  final List<PrivateKeySigner> accounts = new ArrayList<>();
  final List<String> addresses = new ArrayList<>();

  /** Modules a test adds (from its operations callback) after the standard ones, before xchain. */
  final List<Module> extraModules = new ArrayList<>();

  /** Validator keys from the height they take effect (fixed unless a test changes them). */
  private final TreeMap<Long, List<PrivateKeySigner>> validators = new TreeMap<>();

  private final Map<Long, ChainEndpoint.LightBlockData> lightBlocks = new TreeMap<>();
  private final Map<Long, Instant> times = new TreeMap<>();
  private BlockId lastBlockId = BlockId.getDefaultInstance();
  private Commit lastCommit = Commit.getDefaultInstance();
  private List<TxResult> lastResults = List.of();
  private final Duration blockTime = Duration.ofSeconds(1);
  private final SimClock clock;
  private Instant lastTime;
  private Duration skew = Duration.ZERO;

  /** Which validators sign the commit of a height (all by default). */
  java.util.function.LongFunction<List<PrivateKeySigner>> signers = h -> validatorsAt(h);

  /** Called after every committed block (invariant checks). */
  Consumer<SimChain> afterBlock = c -> {};

  SimChain(
      String chainId,
      Instant genesisTime,
      long seed,
      int accounts,
      int validatorCount,
      java.util.function.BiConsumer<XchainKeeper, SimChain> operations,
      boolean withIdentity) {
    this(chainId, genesisTime, seed, accounts, validatorCount, operations, withIdentity, null);
  }

  SimChain(
      String chainId,
      Instant genesisTime,
      long seed,
      int accounts,
      int validatorCount,
      java.util.function.BiConsumer<XchainKeeper, SimChain> operations,
      boolean withIdentity,
      SimClock sharedClock) {
    this.chainId = chainId;
    this.genesisTime = genesisTime;
    this.clock = sharedClock != null ? sharedClock : new SimClock(genesisTime);
    this.lastTime = genesisTime;
    Random random = new Random(seed);
    for (int i = 0; i < accounts; i++) {
      this.accounts.add(key(random));
      addresses.add(this.accounts.get(i).publicKey().address().toString());
    }
    List<PrivateKeySigner> vals = new ArrayList<>();
    for (int i = 0; i < validatorCount; i++) {
      vals.add(key(random));
    }
    validators.put(1L, List.copyOf(vals));
    AuthKeeper auth = new AuthKeeper();
    bank =
        new BankKeeper(
            auth::ensureAccount,
            List.of(
                ModuleAccount.FEE_COLLECTOR,
                new ModuleAccount("bonded_tokens_pool"),
                new ModuleAccount("not_bonded_tokens_pool"),
                new ModuleAccount("staking_slashed"),
                OpKeeper.ESCROW));
    staking = new StakingKeeper(bank);
    xchain = new XchainKeeper(bank);
    identity = withIdentity ? Optional.of(new TestIdentity()) : Optional.empty();
    channels = withIdentity ? Optional.of(new TestChannels()) : Optional.empty();
    operations.accept(xchain, this);
    List<Module> modules = new ArrayList<>();
    modules.add(new AuthModule(auth));
    modules.add(new BankModule(bank));
    modules.add(new StakingModule(staking, bank));
    identity.ifPresent(modules::add);
    channels.ifPresent(modules::add);
    modules.addAll(extraModules);
    modules.add(new XchainModule(xchain));
    CommitStore store = StateTreeStore.open(db);
    app = new LatticeApp(AppConfig.defaults(chainId), store, modules, auth, bank);
  }

  static PrivateKeySigner key(Random random) {
    byte[] sk = new byte[32];
    random.nextBytes(sk);
    try {
      return KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, sk);
    } catch (CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  List<PrivateKeySigner> validatorsAt(long height) {
    return validators.floorEntry(Math.max(1, height)).getValue();
  }

  /** Replaces the validator keys from {@code height} on (at least two blocks ahead). */
  void changeValidators(long height, List<PrivateKeySigner> keys) {
    assertThat(height).isGreaterThan(height() + 1);
    validators.put(height, List.copyOf(keys));
  }

  ValidatorSet validatorSet(long height) {
    ValidatorSet.Builder b = ValidatorSet.newBuilder();
    for (PrivateKeySigner k : validatorsAt(height)) {
      b.addValidators(validator(k, 10));
    }
    return b.build();
  }

  static Validator validator(PrivateKeySigner k, long power) {
    return Validator.newBuilder()
        .setAddress(ByteString.copyFrom(k.publicKey().address().bytes()))
        .setPubKey(
            ValidatorPubKey.newBuilder()
                .setAlgorithm(k.publicKey().algorithm().id())
                .setKey(ByteString.copyFrom(k.publicKey().encoded())))
        .setVotingPower(power)
        .build();
  }

  /**
   * This chain's genesis.json "validators" array, as the counterparty's genesis section holds it.
   */
  ArrayNode genesisValidatorsJson() {
    ArrayNode out = JSON.createArrayNode();
    for (PrivateKeySigner k : validatorsAt(1)) {
      ObjectNode v = out.addObject();
      v.put("address", k.publicKey().address().toString());
      ObjectNode pk = v.putObject("pub_key");
      pk.put("algorithm", k.publicKey().algorithm().id());
      pk.put("key", Base64.getEncoder().encodeToString(k.publicKey().encoded()));
      v.put("power", 10);
      v.put("name", "val");
    }
    return out;
  }

  ObjectNode counterpartySection() {
    ObjectNode c = JSON.createObjectNode();
    c.put("chain_id", chainId);
    c.put("genesis_time", genesisTime.toString());
    c.set("validators", genesisValidatorsJson());
    return c;
  }

  ObjectNode genesisJson(Optional<SimChain> counterparty, ObjectNode xchainParams) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode balances = root.putObject("bank").putArray("balances");
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
        .put("max_validators", 10)
        .put("bond_denom", "ulat")
        .put("power_reduction", "1000")
        .put("max_entries", 7);
    ObjectNode x = root.putObject("xchain");
    x.set("params", xchainParams);
    counterparty.ifPresent(c -> x.set("counterparty", c.counterpartySection()));
    return root;
  }

  void genesis(JsonNode appState) {
    try (WriteBatch b = db.newBatch()) {
      app.initChain(appState.toString().getBytes(StandardCharsets.UTF_8), b);
      db.write(b, true);
    }
    app.afterCommit();
  }

  long height() {
    return app.committedHeight();
  }

  Instant time() {
    return times.getOrDefault(height(), genesisTime);
  }

  /** Puts this chain's block times {@code d} ahead of the shared clock (a fast proposer clock). */
  void skew(Duration d) {
    skew = d;
  }

  /** Moves the (shared) clock forward by {@code d} on top of the usual block time. */
  void skipTime(Duration d) {
    clock.advance(d);
  }

  /** Executes and commits the next block with {@code txs}; builds and signs its header. */
  FinalizedBlock block(List<byte[]> txs) {
    long h = height() + 1;
    clock.advance(blockTime);
    Instant now = clock.now().plus(skew);
    Instant time = now.isAfter(lastTime) ? now : lastTime.plusMillis(1);
    lastTime = time;
    byte[] previousAppHash = app.info().appHash();
    PrivateKeySigner proposer = validatorsAt(h).get(0);
    FinalizedBlock fb =
        app.finalizeBlock(
            new BlockContext(chainId, h, time, proposer.publicKey().address().bytes()), txs);
    try (WriteBatch b = db.newBatch()) {
      app.commit(b);
      db.write(b, true);
    }
    app.afterCommit();
    Header header =
        Header.newBuilder()
            .setChainId(chainId)
            .setHeight(h)
            .setTime(Votes.timestamp(time))
            .setLastBlockId(lastBlockId)
            .setDataHash(ByteString.copyFrom(BlockHashes.data(txs)))
            .setValidatorsHash(ByteString.copyFrom(BlockHashes.validators(validatorSet(h))))
            .setNextValidatorsHash(ByteString.copyFrom(BlockHashes.validators(validatorSet(h + 1))))
            .setAppHash(ByteString.copyFrom(previousAppHash))
            .setLastResultsHash(ByteString.copyFrom(BlockHashes.results(lastResults)))
            .setEvidenceHash(ByteString.copyFrom(BlockHashes.evidence(List.of())))
            .setLastCommitHash(ByteString.copyFrom(BlockHashes.commit(lastCommit)))
            .setProposerAddress(ByteString.copyFrom(proposer.publicKey().address().bytes()))
            .build();
    Commit commit = commit(chainId, header, validatorSet(h), signers.apply(h));
    lightBlocks.put(
        h,
        new ChainEndpoint.LightBlockData(
            SignedHeader.newBuilder().setHeader(header).setCommit(commit).build(),
            validatorSet(h),
            validatorSet(h + 1)));
    times.put(h, time);
    lastBlockId = commit.getBlockId();
    lastCommit = commit;
    lastResults = fb.txResults();
    afterBlock.accept(this);
    return fb;
  }

  FinalizedBlock block(byte[]... txs) {
    return block(List.of(txs));
  }

  /**
   * A commit of {@code header} in set order: a signature from each validator in {@code signing},
   * absent for the others.
   */
  static Commit commit(
      String chainId, Header header, ValidatorSet set, List<PrivateKeySigner> signing) {
    BlockId id =
        BlockId.newBuilder().setHash(ByteString.copyFrom(BlockHashes.header(header))).build();
    Timestamp ts = header.getTime();
    Commit.Builder c = Commit.newBuilder().setHeight(header.getHeight()).setRound(0).setBlockId(id);
    byte[] msg = Votes.signBytes(chainId, Votes.PRECOMMIT, header.getHeight(), 0, id, ts);
    for (Validator v : set.getValidatorsList()) {
      Optional<PrivateKeySigner> k =
          signing.stream()
              .filter(
                  s -> ByteString.copyFrom(s.publicKey().address().bytes()).equals(v.getAddress()))
              .findFirst();
      if (k.isPresent()) {
        c.addSignatures(
            CommitSig.newBuilder()
                .setBlockIdFlag(BlockIdFlag.BLOCK_ID_FLAG_COMMIT)
                .setValidatorAddress(v.getAddress())
                .setTimestamp(ts)
                .setSignature(ByteString.copyFrom(k.get().sign(msg))));
      } else {
        c.addSignatures(CommitSig.newBuilder().setBlockIdFlag(BlockIdFlag.BLOCK_ID_FLAG_ABSENT));
      }
    }
    return c.build();
  }

  ChainEndpoint.LightBlockData lightBlock(long h) {
    ChainEndpoint.LightBlockData lb = lightBlocks.get(h);
    if (lb == null) {
      throw new IllegalArgumentException(chainId + " has no block " + h);
    }
    return lb;
  }

  BaseAccount account(String address) {
    return app.account(address).orElseThrow();
  }

  /**
   * A signed transaction of account {@code signer} at its committed sequence plus {@code offset}.
   */
  byte[] tx(PrivateKeySigner signer, long offset, List<? extends Message> msgs) {
    BaseAccount a = account(signer.publicKey().address().toString());
    TxBuilder b =
        TxBuilder.forChain(chainId)
            .fee(List.of(Coins.coin("ulat", FEE)))
            .gasLimit(GAS)
            .signer(signer, a.getAccountNumber(), a.getSequence() + offset);
    for (Message m : msgs) {
      b.addMessage(m);
    }
    return b.buildBytes();
  }

  byte[] tx(int account, Message... msgs) {
    return tx(accounts.get(account), 0, List.of(msgs));
  }

  /** Delivers one transaction of {@code account} in its own block and returns its result. */
  TxResult deliver(int account, Message... msgs) {
    return block(tx(account, msgs)).txResults().get(0);
  }

  long balance(String address) {
    return Coins.amountOf(app.balances(address), "ulat").longValueExact();
  }

  long supply() {
    return Long.parseLong(app.supply("ulat").getAmount());
  }

  JsonNode query(String path, String... kv) {
    ObjectNode req = JSON.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      req.put(kv[i], kv[i + 1]);
    }
    return app.query("xchain/" + path, req, 0);
  }

  /** This chain as a relayer sees it, signing with account {@code relayer}. */
  ChainEndpoint endpoint(int relayer) {
    return new Endpoint(accounts.get(relayer));
  }

  /** The in-process {@link ChainEndpoint}: queries, proofs and light blocks of this chain. */
  final class Endpoint implements ChainEndpoint {
    private final PrivateKeySigner key;

    Endpoint(PrivateKeySigner key) {
      this.key = key;
    }

    @Override
    public String chainId() {
      return chainId;
    }

    @Override
    public String signer() {
      return key.publicKey().address().toString();
    }

    @Override
    public long latestHeight() {
      return height();
    }

    @Override
    public List<Packet> pendingPackets() throws IOException {
      List<Packet> out = new ArrayList<>();
      for (JsonNode p : query("packets")) {
        out.add(decode(Packet.parser(), p.get("encoded").asText()));
      }
      return out;
    }

    private JsonNode query(String path, String... kv) {
      JsonNode r = SimChain.this.query(path, kv);
      return path.equals("packets") ? r.get("packets") : r;
    }

    @Override
    public ClientStatus client() {
      JsonNode c = query("client");
      if (!c.get("configured").asBoolean()) {
        return new ClientStatus("", 0, true);
      }
      return new ClientStatus(
          c.get("chain_id").asText(), c.get("latest_height").asLong(), c.get("frozen").asBoolean());
    }

    @Override
    public Optional<Acknowledgement> acknowledgement(long sequence) throws IOException {
      JsonNode a = query("ack", "sequence", Long.toString(sequence));
      if (!a.get("exists").asBoolean()) {
        return Optional.empty();
      }
      return Optional.of(decode(Acknowledgement.parser(), a.get("encoded").asText()));
    }

    @Override
    public LightBlockData lightBlock(long height) throws IOException {
      if (height > height()) {
        throw new IOException("no block " + height + " yet");
      }
      return SimChain.this.lightBlock(height);
    }

    @Override
    public Proof proof(byte[] key, long height) throws IOException {
      CommitStore.StateProof p =
          app.stateProof(key, height).orElseThrow(() -> new IOException("no state at " + height));
      return new Proof(p.value(), p.proof());
    }

    @Override
    public List<TxOutcome> submit(List<List<Message>> txs) {
      List<byte[]> raw = new ArrayList<>();
      for (int i = 0; i < txs.size(); i++) {
        raw.add(tx(key, i, txs.get(i)));
      }
      List<TxOutcome> out = new ArrayList<>();
      for (TxResult r : block(raw).txResults()) {
        out.add(new TxOutcome(r.getCode(), r.getCodespace(), r.getLog()));
      }
      return out;
    }
  }

  static <M extends Message> M decode(com.google.protobuf.Parser<M> parser, String base64)
      throws IOException {
    try {
      return parser.parseFrom(Base64.getDecoder().decode(base64));
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(e);
    }
  }
}
