package io.lattice.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.bank.app.StandardApp;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.consensus.app.SerializedApplication;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.Verifier;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.mempool.Mempool;
import io.lattice.runtime.mempool.MempoolConfig;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.runtime.tx.SignatureCache;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mempool's rules with the real state machine (auth + bank) deciding admission. */
class MempoolWithLatticeAppTest {
  private static final String CHAIN = "mempool-test-1";

  private final Random seeded = new Random(7);
  private final PrivateKeySigner alice = key();
  private final PrivateKeySigner bob = key();
  private final PrivateKeySigner carol = key();
  private final String sink = key().publicKey().address().toString();
  private final MemoryKeyValueStore db = new MemoryKeyValueStore();
  private LatticeApp app;
  private long height;

  private PrivateKeySigner key() {
    byte[] seed = new byte[32];
    seeded.nextBytes(seed);
    return KeyPairs.generate(KeyAlgorithm.ED25519, new SecureRandom(seed));
  }

  @BeforeEach
  void genesis() throws Exception {
    app = StandardApp.create(AppConfig.defaults(CHAIN), StateTreeStore.open(db));
    ObjectNode state = new ObjectMapper().createObjectNode();
    state.putObject("auth").putArray("accounts");
    ArrayNode balances = state.putObject("bank").putArray("balances");
    for (PrivateKeySigner k : List.of(alice, bob, carol)) {
      ObjectNode b = balances.addObject();
      b.put("address", k.publicKey().address().toString());
      ObjectNode coin = b.putArray("coins").addObject();
      coin.put("denom", "ulat");
      coin.put("amount", "100000000");
    }
    try (WriteBatch batch = db.newBatch()) {
      app.initChain(state.toString().getBytes(StandardCharsets.UTF_8), batch);
      db.write(batch, true);
    }
  }

  private byte[] send(PrivateKeySigner from, long sequence, long amount, long fee) {
    long number =
        app.account(from.publicKey().address().toString()).orElseThrow().getAccountNumber();
    return TxBuilder.forChain(CHAIN)
        .addMessage(
            MsgSend.newBuilder()
                .setFromAddress(from.publicKey().address().toString())
                .setToAddress(sink)
                .addAmount(Transfers.coin(amount))
                .build())
        .fee(List.of(Transfers.coin(fee)))
        .gasLimit(200_000)
        .signer(from, number, sequence)
        .buildBytes();
  }

  /** Executes and commits a block of {@code txs}, then lets the mempool re-check. */
  private FinalizedBlock commit(Mempool mempool, List<byte[]> txs) {
    height++;
    FinalizedBlock result =
        app.finalizeBlock(
            new BlockContext(
                CHAIN,
                height,
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(height),
                new byte[20]),
            txs);
    try (WriteBatch batch = db.newBatch()) {
      app.commit(batch);
      db.write(batch, true);
    }
    mempool.update(height, txs, app::afterCommit);
    return result;
  }

  @Test
  void aSendersTransactionsAreReapedInSequenceOrderAndAllExecute() {
    Mempool mempool = new Mempool(app, MempoolConfig.DEFAULT, 0);
    byte[] a0 = send(alice, 0, 10, 2000);
    byte[] a1 = send(alice, 1, 20, 2000);
    byte[] a2 = send(alice, 2, 30, 50_000);
    for (byte[] tx : List.of(a0, a1, a2)) {
      CheckTxResult r = mempool.add(tx);
      assertThat(r.isOk()).as(r.log()).isTrue();
    }
    assertThat(mempool.add(a1).log()).isEqualTo("tx already in mempool");
    CheckTxResult gap = mempool.add(send(alice, 7, 1, 2000));
    assertThat(gap.isOk()).isFalse();
    assertThat(gap.log()).contains("sequence");

    List<byte[]> block = mempool.reap(1 << 20, -1);
    assertThat(block).containsExactly(a0, a1, a2);
    FinalizedBlock result = commit(mempool, block);
    assertThat(result.txResults()).allSatisfy(r -> assertThat(r.getCode()).as(r.getLog()).isZero());
    assertThat(mempool.size()).isZero();
    assertThat(app.balances(sink)).containsExactly(Transfers.coin(60));
  }

  @Test
  void signaturesAreVerifiedOnceOutsideTheLocksThenFoundInTheCache() throws Exception {
    AtomicInteger verifications = new AtomicInteger();
    Verifier counting =
        (key, message, signature) -> {
          verifications.incrementAndGet();
          return Verifier.STANDARD.verify(key, message, signature);
        };
    app =
        StandardApp.create(
            AppConfig.defaults(CHAIN), StateTreeStore.open(db), new SignatureCache(counting, 1000));
    SerializedApplication shared = new SerializedApplication(app);
    Mempool mempool = new Mempool(shared, MempoolConfig.DEFAULT, 0);
    byte[] a0 = send(alice, 0, 10, 2000);
    byte[] b0 = send(bob, 0, 10, 2000);
    shared.preverify(a0);
    assertThat(verifications.get()).as("preverification verifies").isEqualTo(1);
    assertThat(mempool.add(a0).isOk()).isTrue();
    assertThat(verifications.get()).as("admission finds it verified").isEqualTo(1);
    assertThat(mempool.add(b0).isOk()).isTrue();
    assertThat(verifications.get()).as("one verification per signature").isEqualTo(2);
    FinalizedBlock result = commit(mempool, mempool.reap(1 << 20, -1));
    assertThat(result.txResults()).allSatisfy(r -> assertThat(r.getCode()).isZero());
    assertThat(verifications.get()).as("the block finds them verified").isEqualTo(2);

    byte[] forged = send(carol, 0, 10, 2000);
    forged[forged.length - 1] ^= 1; // the last byte belongs to the signature
    CheckTxResult refused = mempool.add(forged);
    assertThat(refused.isOk()).isFalse();
    assertThat(refused.log()).contains("invalid signature");
  }

  @Test
  void aTransactionMadeInvalidByABlockIsDroppedOnRecheck() {
    Mempool mempool = new Mempool(app, MempoolConfig.DEFAULT, 0);
    byte[] pending = send(bob, 0, 5, 2000);
    byte[] other = send(carol, 0, 5, 2000);
    assertThat(mempool.add(pending).isOk()).isTrue();
    assertThat(mempool.add(other).isOk()).isTrue();
    // Another proposer's block spends bob's sequence 0 with a different transaction.
    byte[] competing = send(bob, 0, 7, 3000);
    commit(mempool, List.of(competing));
    assertThat(mempool.contains(TxBuilder.hash(pending))).isFalse();
    assertThat(mempool.contains(TxBuilder.hash(other))).isTrue();
    assertThat(mempool.reap(1 << 20, -1)).containsExactly(other);
  }

  @Test
  void aHigherFeeEvictsTheLowestWhenFull() {
    Mempool mempool = new Mempool(app, new MempoolConfig(2, 1 << 20, 1 << 16, 10), 0);
    byte[] cheapAlice = send(alice, 0, 1, 2000);
    byte[] cheapBob = send(bob, 0, 1, 2500);
    assertThat(mempool.add(cheapAlice).isOk()).isTrue();
    assertThat(mempool.add(cheapBob).isOk()).isTrue();
    CheckTxResult refused = mempool.add(send(carol, 0, 1, 2000));
    assertThat(refused.code()).isEqualTo(Mempool.CODE_FULL);
    assertThat(refused.log()).isEqualTo("mempool is full: 2 txs / 1048576 bytes");

    // the refusal left carol's sequence where it was: her retry with a higher fee is admitted
    // at once, evicting the cheapest
    byte[] rich = send(carol, 0, 1, 20_000);
    CheckTxResult admitted = mempool.add(rich);
    assertThat(admitted.isOk()).as(admitted.log()).isTrue();
    assertThat(mempool.reap(1 << 20, -1)).containsExactly(rich, cheapBob);
  }

  @Test
  void aRetryAfterTheMempoolWasFullIsAdmittedOnceThereIsRoom() {
    Mempool mempool = new Mempool(app, new MempoolConfig(1, 1 << 20, 1 << 16, 10), 0);
    byte[] alice0 = send(alice, 0, 1, 2000);
    byte[] bob0 = send(bob, 0, 1, 2000);
    byte[] bob1 = send(bob, 1, 1, 2000);
    assertThat(mempool.add(alice0).isOk()).isTrue();
    assertThat(mempool.add(bob0).code()).isEqualTo(Mempool.CODE_FULL);
    // the refusal did not advance bob's sequence: his next transaction would leave a gap
    assertThat(mempool.add(bob1).log()).contains("sequence mismatch");

    commit(mempool, mempool.reap(1 << 20, -1));
    assertThat(mempool.add(bob0).isOk()).isTrue();
    commit(mempool, mempool.reap(1 << 20, -1));
    assertThat(mempool.add(bob1).isOk()).isTrue();
    FinalizedBlock last = commit(mempool, mempool.reap(1 << 20, -1));
    assertThat(last.txResults()).singleElement().satisfies(r -> assertThat(r.getCode()).isZero());
    assertThat(app.balances(sink)).containsExactly(Transfers.coin(3));
  }

  @Test
  void expiredTransactionsAreDropped() {
    Mempool mempool = new Mempool(app, new MempoolConfig(10, 1 << 20, 1 << 16, 2), 0);
    byte[] tx = send(alice, 0, 1, 2000);
    assertThat(mempool.add(tx).isOk()).isTrue();
    commit(mempool, List.of());
    assertThat(mempool.size()).isEqualTo(1);
    commit(mempool, List.of());
    assertThat(mempool.size()).isZero();
  }
}
