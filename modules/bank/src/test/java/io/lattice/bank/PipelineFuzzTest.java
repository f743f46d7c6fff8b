package io.lattice.bank;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lattice.consensus.app.CheckTxResult;

/**
 * The transaction pipeline on arbitrary bytes: {@code checkTx} answers with a rejection and a
 * reason, never throws and never accepts (a valid transaction needs a signature by a funded key).
 * Runs under Jazzer with {@code JAZZER_FUZZ=1}; in a normal build it runs its seed inputs.
 */
class PipelineFuzzTest {
  private static final TestChain CHAIN = new TestChain(99, 2).genesis();

  @FuzzTest(maxDuration = "60s")
  void checkTxOnArbitraryBytes(FuzzedDataProvider data) {
    byte[] tx;
    if (data.consumeBoolean()) {
      tx = data.consumeRemainingAsBytes();
    } else {
      // structure-aware: fuzzed body, auth info and signature inside a well-formed TxRaw
      tx =
          io.lattice.proto.tx.v1.TxRaw.newBuilder()
              .setBodyBytes(com.google.protobuf.ByteString.copyFrom(data.consumeBytes(600)))
              .setAuthInfoBytes(com.google.protobuf.ByteString.copyFrom(data.consumeBytes(300)))
              .addSignatures(
                  com.google.protobuf.ByteString.copyFrom(data.consumeRemainingAsBytes()))
              .build()
              .toByteArray();
    }
    CheckTxResult r = CHAIN.app.checkTx(tx, false);
    assertThat(r.isOk()).isFalse();
    assertThat(r.log()).isNotBlank();
  }
}
