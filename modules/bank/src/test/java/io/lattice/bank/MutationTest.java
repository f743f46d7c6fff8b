package io.lattice.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.consensus.app.CheckTxResult;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.proto.types.v1.TxResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of a valid signed transaction (bit flips, byte changes, truncation,
 * insertion, appended bytes). Canonical decoding plus signatures over the exact bytes mean that no
 * byte string but the original is accepted; every rejection is a result with a reason, never an
 * exception, and leaves state unchanged.
 */
class MutationTest {
  private static byte[] mutate(byte[] tx, Random random) {
    byte[] out = tx.clone();
    switch (random.nextInt(5)) {
      case 0 -> {
        int i = random.nextInt(out.length);
        out[i] ^= (byte) (1 << random.nextInt(8));
      }
      case 1 -> out[random.nextInt(out.length)] = (byte) random.nextInt(256);
      case 2 -> out = Arrays.copyOf(out, random.nextInt(out.length));
      case 3 -> {
        int at = random.nextInt(out.length + 1);
        byte[] longer = new byte[out.length + 1];
        System.arraycopy(out, 0, longer, 0, at);
        longer[at] = (byte) random.nextInt(256);
        System.arraycopy(out, at, longer, at + 1, out.length - at);
        out = longer;
      }
      default -> {
        byte[] tail = new byte[1 + random.nextInt(4)];
        random.nextBytes(tail);
        byte[] longer = Arrays.copyOf(out, out.length + tail.length);
        System.arraycopy(tail, 0, longer, out.length, tail.length);
        out = longer;
      }
    }
    return out;
  }

  @Test
  void onlyTheOriginalBytesAreAccepted() {
    TestChain chain = new TestChain(21, 2).genesis();
    byte[] original = chain.sendBytes(0, 1, 5);
    String hash = HexFormat.of().formatHex(chain.app.info().appHash());
    Random random = new Random(20261121L);
    List<byte[]> rejected = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      byte[] m = mutate(original, random);
      if (Arrays.equals(m, original)) {
        continue;
      }
      CheckTxResult r = chain.app.checkTx(m, false);
      assertThat(r.isOk()).as("mutation %d accepted: %s", i, HexFormat.of().formatHex(m)).isFalse();
      assertThat(r.log()).isNotBlank();
      if (rejected.size() < 200) {
        rejected.add(m);
      }
    }
    // a block of mutated transactions changes nothing
    FinalizedBlock fb = chain.block(rejected.toArray(byte[][]::new));
    assertThat(fb.txResults()).allMatch(r -> r.getCode() != 0);
    assertThat(fb.txResults()).extracting(TxResult::getLog).allMatch(l -> !l.isBlank());
    assertThat(HexFormat.of().formatHex(chain.app.info().appHash())).isEqualTo(hash);
    // and the original still goes through
    assertThat(chain.block(original).txResults().getFirst().getCode()).isZero();
  }
}
