package io.lattice.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import io.lattice.proto.tx.v1.Any;
import io.lattice.proto.tx.v1.AuthInfo;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.tx.v1.Fee;
import io.lattice.proto.tx.v1.PublicKey;
import io.lattice.proto.tx.v1.SignerInfo;
import io.lattice.proto.tx.v1.TxBody;
import io.lattice.proto.tx.v1.TxRaw;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Canonical#decode} on arbitrary bytes either returns a message whose encoding is exactly
 * the input, or throws {@link DecodeException} with a reason; nothing else escapes. The
 * {@code @FuzzTest} runs under Jazzer with {@code JAZZER_FUZZ=1}; the seeded test runs the same
 * check on mutations of valid encodings in every build.
 */
class CanonicalFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void decodeArbitraryBytes(FuzzedDataProvider data) {
    int which = data.consumeInt(0, 2);
    check(which, data.consumeRemainingAsBytes());
  }

  private static void check(int which, byte[] bytes) {
    try {
      byte[] reencoded =
          switch (which) {
            case 0 -> Canonical.decode(TxRaw.parser(), bytes, 4096, "tx").toByteArray();
            case 1 -> Canonical.decode(TxBody.parser(), bytes, 4096, "tx body").toByteArray();
            default -> Canonical.decode(AuthInfo.parser(), bytes, 4096, "auth info").toByteArray();
          };
      assertThat(reencoded).isEqualTo(bytes);
    } catch (DecodeException e) {
      assertThat(e.reason()).isNotBlank();
    }
  }

  @Test
  void seededMutationsOfValidEncodings() {
    byte[][] valid = {
      TxRaw.newBuilder()
          .setBodyBytes(ByteString.copyFromUtf8("body"))
          .setAuthInfoBytes(ByteString.copyFromUtf8("auth"))
          .addSignatures(ByteString.copyFrom(new byte[64]))
          .build()
          .toByteArray(),
      TxBody.newBuilder()
          .addMessages(
              Any.newBuilder()
                  .setTypeUrl("/lattice.bank.v1.MsgSend")
                  .setValue(ByteString.copyFromUtf8("v")))
          .setMemo("memo")
          .setTimeoutHeight(300)
          .setChainId("lattice-1")
          .build()
          .toByteArray(),
      AuthInfo.newBuilder()
          .addSignerInfos(
              SignerInfo.newBuilder()
                  .setPublicKey(
                      PublicKey.newBuilder()
                          .setAlgorithm("ed25519")
                          .setKey(ByteString.copyFrom(new byte[32])))
                  .setSequence(7))
          .setFee(
              Fee.newBuilder()
                  .addAmount(Coin.newBuilder().setDenom("ulat").setAmount("2000"))
                  .setGasLimit(200000))
          .build()
          .toByteArray()
    };
    Random random = new Random(7);
    int accepted = 0;
    for (int i = 0; i < 5_000; i++) {
      int which = random.nextInt(3);
      byte[] m = valid[which].clone();
      int kind = random.nextInt(3);
      if (kind == 0) {
        m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
      } else if (kind == 1) {
        m = Arrays.copyOf(m, random.nextInt(m.length + 1));
      } else {
        m = Arrays.copyOf(m, m.length + 1 + random.nextInt(3));
        for (int j = valid[which].length; j < m.length; j++) {
          m[j] = (byte) random.nextInt(256);
        }
      }
      try {
        byte[] out =
            switch (which) {
              case 0 -> Canonical.decode(TxRaw.parser(), m, 4096, "tx").toByteArray();
              case 1 -> Canonical.decode(TxBody.parser(), m, 4096, "tx body").toByteArray();
              default -> Canonical.decode(AuthInfo.parser(), m, 4096, "auth info").toByteArray();
            };
        assertThat(out).isEqualTo(m);
        accepted++;
      } catch (DecodeException e) {
        assertThat(e.reason()).isNotBlank();
      }
    }
    // some mutations stay valid (a flipped bit inside a string or bytes field), most do not
    assertThat(accepted).isPositive().isLessThan(5_000);
  }
}
