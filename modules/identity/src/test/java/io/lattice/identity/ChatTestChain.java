package io.lattice.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.lattice.auth.AuthKeeper;
import io.lattice.auth.AuthModule;
import io.lattice.bank.BankKeeper;
import io.lattice.bank.BankModule;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.auth.v1.BaseAccount;
import io.lattice.proto.identity.v1.EncryptionKeys;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A one-process chain for the chat modules' tests: auth, bank, identity and whatever further
 * modules {@link Extra} adds (messaging), over the real state tree on an in-memory store, ed25519
 * accounts funded at genesis, blocks {@value #BLOCK_SECONDS} seconds apart, every invariant checked
 * after every block.
 */
public final class ChatTestChain {
  public static final String CHAIN_ID = "lattice-chat-test";
  public static final long INITIAL = 1_000_000_000L;
  public static final long FEE = 20_000;
  public static final long GAS = 2_000_000;
  public static final long T0 = 1_700_000_000L;
  public static final long BLOCK_SECONDS = 5;
  public static final ObjectMapper JSON = new ObjectMapper();

  /** Further modules composed after identity, built from the keepers below them. */
  @FunctionalInterface
  public interface Extra {
    List<Module> modules(AuthKeeper auth, BankKeeper bank, IdentityKeeper identity);
  }

  public final KeyValueStore db;
  public final AppConfig config = AppConfig.defaults(CHAIN_ID);
  public final List<PrivateKeySigner> keys = new ArrayList<>();
  public final List<String> addresses = new ArrayList<>();
  public final ObjectNode genesis = JSON.createObjectNode();
  private final Extra extra;
  public LatticeApp app;
  public List<Module> modules;

  public ChatTestChain(long seed, int accounts) {
    this(seed, accounts, (a, b, i) -> List.of());
  }

  public ChatTestChain(long seed, int accounts, Extra extra) {
    this(seed, accounts, extra, new MemoryKeyValueStore());
  }

  public ChatTestChain(long seed, int accounts, Extra extra, KeyValueStore db) {
    this.db = db;
    this.extra = extra;
    Random random = new Random(seed);
    for (int i = 0; i < accounts; i++) {
      byte[] sk = new byte[32];
      random.nextBytes(sk);
      try {
        PrivateKeySigner k = KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, sk);
        keys.add(k);
        addresses.add(k.publicKey().address().toString());
      } catch (CryptoException e) {
        throw new IllegalStateException(e);
      }
    }
    var balances = genesis.putObject("bank").putArray("balances");
    for (String a : addresses) {
      balances
          .addObject()
          .put("address", a)
          .putArray("coins")
          .addObject()
          .put("denom", "ulat")
          .put("amount", Long.toString(INITIAL));
    }
    open();
  }

  private void open() {
    AuthKeeper auth = new AuthKeeper();
    BankKeeper bank = new BankKeeper(auth::ensureAccount);
    IdentityKeeper identity = new IdentityKeeper();
    List<Module> ms = new ArrayList<>();
    ms.add(new AuthModule(auth));
    ms.add(new BankModule(bank));
    ms.add(new IdentityModule(identity, bank));
    ms.addAll(extra.modules(auth, bank, identity));
    modules = List.copyOf(ms);
    app = new LatticeApp(config, StateTreeStore.open(db), modules, auth, bank);
  }

  /** Reopens the app over the same store, as a restarted node would. */
  public void restart() {
    open();
  }

  public ChatTestChain init() {
    return init(genesis.toString());
  }

  public ChatTestChain init(String json) {
    try (WriteBatch b = db.newBatch()) {
      app.initChain(json.getBytes(StandardCharsets.UTF_8), b);
      db.write(b, true);
    }
    app.afterCommit();
    assertInvariants();
    return this;
  }

  public long height() {
    return app.info().height();
  }

  public byte[] appHash() {
    return app.info().appHash();
  }

  public String appHashHex() {
    return HexFormat.of().formatHex(appHash());
  }

  public static Instant timeOf(long height) {
    return Instant.ofEpochSecond(T0 + height * BLOCK_SECONDS);
  }

  /** Executes and commits the next block, then checks every invariant. */
  public FinalizedBlock block(List<byte[]> txs) {
    long h = height() + 1;
    FinalizedBlock fb =
        app.finalizeBlock(new BlockContext(CHAIN_ID, h, timeOf(h), new byte[20]), txs);
    try (WriteBatch b = db.newBatch()) {
      app.commit(b);
      db.write(b, true);
    }
    app.afterCommit();
    assertInvariants();
    return fb;
  }

  public FinalizedBlock block(byte[]... txs) {
    return block(Arrays.asList(txs));
  }

  public void assertInvariants() {
    assertThat(app.checkInvariants()).as("invariants at height %d", height()).isEmpty();
  }

  public BaseAccount account(int i) {
    return app.account(addresses.get(i)).orElseThrow();
  }

  /** A signed transaction of {@code msgs} by account {@code signer} at sequence + {@code ahead}. */
  public byte[] tx(int signer, int ahead, Message... msgs) {
    BaseAccount a = account(signer);
    TxBuilder b =
        TxBuilder.forChain(CHAIN_ID)
            .fee(List.of(Coins.coin("ulat", FEE)))
            .gasLimit(GAS)
            .signer(keys.get(signer), a.getAccountNumber(), a.getSequence() + ahead);
    for (Message m : msgs) {
      b.addMessage(m);
    }
    return b.buildBytes();
  }

  public byte[] tx(int signer, Message... msgs) {
    return tx(signer, 0, msgs);
  }

  /** Delivers one transaction in its own block and returns its result. */
  public TxResult deliver(int signer, Message... msgs) {
    return block(tx(signer, msgs)).txResults().get(0);
  }

  public long balance(String address) {
    return Long.parseLong(
        app.balances(address).stream()
            .filter(c -> c.getDenom().equals("ulat"))
            .map(c -> c.getAmount())
            .findFirst()
            .orElse("0"));
  }

  public long balance(int i) {
    return balance(addresses.get(i));
  }

  public JsonNode query(String route, String... kv) {
    ObjectNode req = JSON.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      req.put(kv[i], kv[i + 1]);
    }
    return app.query(route, req, 0);
  }

  /** The exported genesis app state. */
  public ObjectNode export() {
    try {
      return (ObjectNode) JSON.readTree(app.exportGenesis());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 32 bytes derived from {@code seed}, never all zero. */
  public static ByteString key32(long seed) {
    byte[] b = new byte[32];
    new Random(seed).nextBytes(b);
    b[0] |= 1;
    return ByteString.copyFrom(b);
  }

  /** Encryption keys with an identity key and {@code prekeys} prekeys derived from {@code seed}. */
  public static EncryptionKeys keys(long seed, int prekeys) {
    EncryptionKeys.Builder k = EncryptionKeys.newBuilder().setIdentityKey(key32(seed * 1000));
    for (int i = 0; i < prekeys; i++) {
      k.addPrekeys(key32(seed * 1000 + i + 1));
    }
    return k.build();
  }
}
