package io.lattice.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.proto.bank.v1.Input;
import io.lattice.proto.bank.v1.MsgMultiSend;
import io.lattice.proto.bank.v1.Output;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.RocksKeyValueStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded simulation: random transfers among accounts for 200 blocks, invariants after every block,
 * and determinism — the same seed gives the same app hash at every height, another seed does not.
 */
class SimulationTest {
  private static final int ACCOUNTS = 8;
  private static final int BLOCKS = 200;

  /** Runs the simulation and returns the app hash after each block (index 0 = genesis). */
  static List<String> simulate(long seed) {
    return simulate(seed, new MemoryKeyValueStore(), BLOCKS);
  }

  static List<String> simulate(long seed, KeyValueStore db, int blocks) {
    TestChain chain =
        new TestChain(seed, ACCOUNTS, AppConfig.defaults(TestChain.CHAIN_ID), db).genesis();
    Random random = new Random(seed * 31 + 7);
    List<String> hashes = new ArrayList<>();
    hashes.add(HexFormat.of().formatHex(chain.app.info().appHash()));
    int ok = 0;
    int failed = 0;
    for (int b = 0; b < blocks; b++) {
      Map<Integer, Long> nextSeq = new HashMap<>();
      List<byte[]> txs = new ArrayList<>();
      int n = random.nextInt(8);
      for (int t = 0; t < n; t++) {
        int from = random.nextInt(ACCOUNTS);
        var acc = chain.account(from);
        long seq = nextSeq.getOrDefault(from, acc.getSequence());
        boolean badSequence = random.nextInt(20) == 0;
        TxBuilder tx =
            TxBuilder.forChain(TestChain.CHAIN_ID)
                .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
                .gasLimit(TestChain.GAS)
                .signer(chain.keys.get(from), acc.getAccountNumber(), badSequence ? seq + 3 : seq);
        if (random.nextInt(5) == 0) {
          // multi-send from one input to two outputs
          long a = 1L + random.nextInt(50_000_000);
          long c = 1L + random.nextInt(50_000_000);
          tx.addMessage(
              MsgMultiSend.newBuilder()
                  .addInputs(
                      Input.newBuilder()
                          .setAddress(chain.addresses.get(from))
                          .addCoins(Coins.coin("ulat", a + c)))
                  .addOutputs(
                      Output.newBuilder()
                          .setAddress(chain.addresses.get(random.nextInt(ACCOUNTS)))
                          .addCoins(Coins.coin("ulat", a)))
                  .addOutputs(
                      Output.newBuilder()
                          .setAddress(chain.addresses.get(random.nextInt(ACCOUNTS)))
                          .addCoins(Coins.coin("ulat", c)))
                  .build());
        } else {
          // amounts sometimes exceed the balance: the message fails, the fee is still paid
          long amount = 1 + (long) random.nextInt(400_000_000);
          String denom = random.nextInt(10) == 0 ? "stake" : "ulat";
          tx.addMessage(
              TestChain.send(
                  chain.addresses.get(from),
                  chain.addresses.get(random.nextInt(ACCOUNTS)),
                  denom.equals("stake") ? 1 + amount % 300 : amount,
                  denom));
        }
        txs.add(tx.buildBytes());
        if (!badSequence) {
          nextSeq.put(from, seq + 1);
        }
      }
      FinalizedBlock fb = chain.block(txs.toArray(byte[][]::new));
      for (TxResult r : fb.txResults()) {
        if (r.getCode() == 0) {
          ok++;
        } else {
          failed++;
        }
      }
      assertThat(chain.app.checkInvariants()).as("invariants after block %d", b + 1).isEmpty();
      hashes.add(HexFormat.of().formatHex(chain.app.info().appHash()));
    }
    assertThat(ok).as("successful txs").isGreaterThan(blocks / 2);
    assertThat(failed).as("failed txs").isPositive();
    return hashes;
  }

  @Test
  void sameSeedSameAppHashAtEveryHeight() {
    List<String> first = simulate(1234);
    List<String> second = simulate(1234);
    assertThat(second).hasSize(BLOCKS + 1).isEqualTo(first);
  }

  @Test
  void rocksDbAndMemoryStoresGiveTheSameAppHashes(@TempDir Path dir) {
    List<String> memory = simulate(77, new MemoryKeyValueStore(), 60);
    try (RocksKeyValueStore rocks = RocksKeyValueStore.open(dir)) {
      assertThat(simulate(77, rocks, 60)).isEqualTo(memory);
    }
  }

  @Test
  void differentSeedDifferentAppHash() {
    List<String> a = simulate(1234);
    List<String> b = simulate(9876);
    assertThat(a.getLast()).isNotEqualTo(b.getLast());
  }
}
