package io.lattice.bank;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.proto.bank.v1.Input;
import io.lattice.proto.bank.v1.MsgMultiSend;
import io.lattice.proto.bank.v1.Output;
import io.lattice.proto.tx.v1.TxRaw;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.tx.Codes;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.storage.MemoryKeyValueStore;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every rejection of the transaction pipeline: its reason, and what it leaves of state. */
class PipelineTest {
  private TestChain chain;

  @BeforeEach
  void setUp() {
    chain = new TestChain(42, 3).genesis();
  }

  /** Everything a rejected transaction must leave untouched. */
  private record Snapshot(String appHash, List<Long> ulat, List<Long> sequences) {}

  private Snapshot snapshot() {
    return new Snapshot(
        HexFormat.of().formatHex(chain.app.info().appHash()),
        List.of(chain.balance(0, "ulat"), chain.balance(1, "ulat"), chain.balance(2, "ulat")),
        List.of(
            chain.account(0).getSequence(),
            chain.account(1).getSequence(),
            chain.account(2).getSequence()));
  }

  /** Runs {@code tx} through checkTx and a block; both must reject it without changing state. */
  private TxResult assertExcluded(byte[] tx, int code, String reason) {
    Snapshot before = snapshot();
    CheckTxResult check = chain.app.checkTx(tx, false);
    assertThat(check.isOk()).as("checkTx accepts").isFalse();
    assertThat(check.log()).contains(reason);
    assertThat(check.code()).isEqualTo(code);
    FinalizedBlock fb = chain.block(tx);
    TxResult r = fb.txResults().getFirst();
    assertThat(r.getCode()).isEqualTo(code);
    assertThat(r.getLog()).contains(reason);
    assertThat(r.getEventsList()).isEmpty();
    Snapshot after = snapshot();
    assertThat(after).isEqualTo(before);
    return r;
  }

  @Test
  void validSendMovesCoinsChargesFeeAndBumpsSequence() {
    String collector = BankKeeper.FEE_COLLECTOR;
    FinalizedBlock fb = chain.block(chain.sendBytes(0, 1, 500));
    TxResult r = fb.txResults().getFirst();
    assertThat(r.getCode()).as(r.getLog()).isZero();
    assertThat(r.getGasUsed()).isPositive().isLessThanOrEqualTo(TestChain.GAS);
    assertThat(r.getGasWanted()).isEqualTo(TestChain.GAS);
    assertThat(chain.balance(0, "ulat")).isEqualTo(TestChain.INITIAL - 500 - TestChain.FEE);
    assertThat(chain.balance(1, "ulat")).isEqualTo(TestChain.INITIAL + 500);
    assertThat(chain.balance(collector, "ulat")).isEqualTo(TestChain.FEE);
    assertThat(chain.account(0).getSequence()).isEqualTo(1);
    assertThat(chain.account(0).hasPublicKey()).isTrue();
    assertThat(r.getEventsList()).anyMatch(e -> e.getType().equals("transfer"));
    assertThat(Arrays.equals(fb.appHash(), chain.app.info().appHash())).isTrue();
    assertThat(chain.app.checkInvariants()).isEmpty();
    assertThat(chain.app.supply("ulat").getAmount())
        .isEqualTo(Long.toString(3 * TestChain.INITIAL));
  }

  @Test
  void sendToANewAddressCreatesItsAccount() {
    String fresh = BankKeeper.moduleAddress("somebody");
    assertThat(chain.app.account(fresh)).isEmpty();
    FinalizedBlock fb = chain.block(chain.sendTx(0, fresh, 7).buildBytes());
    assertThat(fb.txResults().getFirst().getCode()).isZero();
    assertThat(chain.app.account(fresh)).isPresent();
    assertThat(chain.app.account(fresh).orElseThrow().getAccountNumber()).isGreaterThanOrEqualTo(3);
    assertThat(chain.balance(fresh, "ulat")).isEqualTo(7);
  }

  @Test
  void invalidSignatureIsRejected() {
    TxRaw tx = chain.sendTx(0, chain.addresses.get(1), 5).build();
    byte[] sig = tx.getSignatures(0).toByteArray();
    sig[10] ^= 1;
    byte[] bad = tx.toBuilder().setSignatures(0, ByteString.copyFrom(sig)).build().toByteArray();
    assertExcluded(bad, Codes.UNAUTHORIZED, "invalid signature for signer 0");
  }

  @Test
  void signatureByAnotherKeyIsRejected() {
    var a = chain.account(0);
    byte[] tx =
        TxBuilder.forChain(TestChain.CHAIN_ID)
            .addMessage(TestChain.send(chain.addresses.get(0), chain.addresses.get(1), 5, "ulat"))
            .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
            .signer(chain.keys.get(2), a.getAccountNumber(), 0)
            .buildBytes();
    assertExcluded(
        tx, Codes.INVALID_PUBKEY, "public key of signer 0 belongs to " + chain.addresses.get(2));
  }

  @Test
  void wrongChainIdIsRejected() {
    var a = chain.account(0);
    byte[] tx =
        TxBuilder.forChain("foo")
            .addMessage(TestChain.send(chain.addresses.get(0), chain.addresses.get(1), 5, "ulat"))
            .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
            .signer(chain.keys.get(0), a.getAccountNumber(), 0)
            .buildBytes();
    assertExcluded(tx, Codes.WRONG_CHAIN_ID, "wrong chain id: expected lattice-1, got foo");
  }

  @Test
  void wrongAccountNumberInvalidatesTheSignature() {
    byte[] tx =
        TxBuilder.forChain(TestChain.CHAIN_ID)
            .addMessage(TestChain.send(chain.addresses.get(0), chain.addresses.get(1), 5, "ulat"))
            .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
            .signer(chain.keys.get(0), 99, 0)
            .buildBytes();
    assertExcluded(tx, Codes.UNAUTHORIZED, "invalid signature for signer 0");
  }

  @Test
  void replayedTransactionIsRejected() {
    byte[] tx = chain.sendBytes(0, 1, 5);
    assertThat(chain.block(tx).txResults().getFirst().getCode()).isZero();
    assertExcluded(tx, Codes.INVALID_SEQUENCE, "sequence mismatch: expected 1, got 0");
  }

  @Test
  void futureSequenceIsRejected() {
    var a = chain.account(0);
    byte[] tx =
        TxBuilder.forChain(TestChain.CHAIN_ID)
            .addMessage(TestChain.send(chain.addresses.get(0), chain.addresses.get(1), 5, "ulat"))
            .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
            .signer(chain.keys.get(0), a.getAccountNumber(), 5)
            .buildBytes();
    assertExcluded(tx, Codes.INVALID_SEQUENCE, "sequence mismatch: expected 0, got 5");
  }

  @Test
  void insufficientFundsRollsBackTheMessageButChargesTheFee() {
    long before1 = chain.balance(1, "ulat");
    FinalizedBlock fb = chain.block(chain.sendBytes(0, 1, TestChain.INITIAL));
    TxResult r = fb.txResults().getFirst();
    assertThat(r.getCode()).isEqualTo(BankKeeper.CODE_INSUFFICIENT_FUNDS);
    assertThat(r.getCodespace()).isEqualTo("bank");
    assertThat(r.getLog())
        .isEqualTo(
            "message 0 (/lattice.bank.v1.MsgSend) failed: insufficient funds: "
                + chain.addresses.get(0)
                + " has "
                + (TestChain.INITIAL - TestChain.FEE)
                + "ulat, needs "
                + TestChain.INITIAL
                + "ulat");
    assertThat(chain.balance(0, "ulat")).isEqualTo(TestChain.INITIAL - TestChain.FEE);
    assertThat(chain.balance(1, "ulat")).isEqualTo(before1);
    assertThat(chain.account(0).getSequence()).isEqualTo(1);
    assertThat(r.getEventsList()).noneMatch(e -> e.getType().equals("transfer"));
    assertThat(chain.app.checkInvariants()).isEmpty();
  }

  @Test
  void insufficientFeeIsRejected() {
    byte[] tx =
        chain
            .sendTx(0, chain.addresses.get(1), 5)
            .fee(List.of(Coins.coin("ulat", 10)))
            .buildBytes();
    assertExcluded(
        tx,
        Codes.INSUFFICIENT_FEE,
        "insufficient fee: got 10ulat, required 2000ulat (gas limit 200000 × min gas price 0.01)");
  }

  @Test
  void feeInAnotherDenomDoesNotCount() {
    byte[] tx =
        chain
            .sendTx(0, chain.addresses.get(1), 5)
            .fee(List.of(Coins.coin("stake", 5000)))
            .buildBytes();
    assertExcluded(tx, Codes.INSUFFICIENT_FEE, "insufficient fee: got 0ulat, required 2000ulat");
  }

  @Test
  void insufficientFundsForFeeIsRejected() {
    byte[] tx =
        chain
            .sendTx(0, chain.addresses.get(1), 5)
            .fee(List.of(Coins.coin("ulat", TestChain.INITIAL + 1)))
            .buildBytes();
    assertExcluded(
        tx,
        Codes.INSUFFICIENT_FUNDS,
        "insufficient funds for fee: balance "
            + TestChain.INITIAL
            + "ulat < fee "
            + (TestChain.INITIAL + 1)
            + "ulat");
  }

  @Test
  void gasExhaustedInTheAnteStepsExcludesTheTx() {
    byte[] tx = chain.sendTx(0, chain.addresses.get(1), 5).gasLimit(1000).buildBytes();
    TxResult r = assertExcluded(tx, Codes.OUT_OF_GAS, "out of gas: limit 1000, used ");
    assertThat(r.getLog()).endsWith("(while paying for tx size)");
  }

  @Test
  void gasExhaustedInAMessageRollsItBackButChargesTheFee() {
    // Measure the gas of the same transaction on an identical chain, then allow one unit less.
    TestChain twin = new TestChain(42, 3).genesis();
    long used = twin.block(twin.sendBytes(0, 1, 5)).txResults().getFirst().getGasUsed();
    byte[] tx = chain.sendTx(0, chain.addresses.get(1), 5).gasLimit(used - 1).buildBytes();
    TxResult r = chain.block(tx).txResults().getFirst();
    assertThat(r.getCode()).isEqualTo(Codes.OUT_OF_GAS);
    assertThat(r.getLog())
        .startsWith("out of gas: limit " + (used - 1) + ", used ")
        .contains("(while writing bank/balances)");
    assertThat(r.getGasUsed()).isGreaterThan(used - 1);
    assertThat(chain.balance(0, "ulat")).isEqualTo(TestChain.INITIAL - TestChain.FEE);
    assertThat(chain.balance(1, "ulat")).isEqualTo(TestChain.INITIAL);
    assertThat(chain.account(0).getSequence()).isEqualTo(1);
  }

  @Test
  void unknownMessageTypeIsRejected() {
    var a = chain.account(0);
    byte[] tx =
        TxBuilder.forChain(TestChain.CHAIN_ID)
            .addMessage("/x.Y", ByteString.copyFromUtf8("anything"))
            .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
            .signer(chain.keys.get(0), a.getAccountNumber(), 0)
            .buildBytes();
    assertExcluded(tx, Codes.UNKNOWN_REQUEST, "unknown message type '/x.Y'");
  }

  @Test
  void truncatedBytesAreRejected() {
    byte[] tx = chain.sendBytes(0, 1, 5);
    assertExcluded(Arrays.copyOf(tx, tx.length - 7), Codes.TX_DECODE, "tx malformed: ");
  }

  @Test
  void nonCanonicalBytesAreRejected() {
    TxRaw tx = chain.sendTx(0, chain.addresses.get(1), 5).build();
    // the same fields in the wrong order: signatures first
    byte[] sigs = TxRaw.newBuilder().addAllSignatures(tx.getSignaturesList()).build().toByteArray();
    byte[] rest =
        TxRaw.newBuilder()
            .setBodyBytes(tx.getBodyBytes())
            .setAuthInfoBytes(tx.getAuthInfoBytes())
            .build()
            .toByteArray();
    byte[] reordered = new byte[sigs.length + rest.length];
    System.arraycopy(sigs, 0, reordered, 0, sigs.length);
    System.arraycopy(rest, 0, reordered, sigs.length, rest.length);
    assertExcluded(reordered, Codes.TX_DECODE, "tx: non-canonical encoding");
  }

  @Test
  void unknownFieldIsRejected() {
    byte[] tx = chain.sendBytes(0, 1, 5);
    byte[] extended = Arrays.copyOf(tx, tx.length + 2);
    extended[tx.length] = (byte) 0x20; // field 4, varint
    extended[tx.length + 1] = 1;
    assertExcluded(extended, Codes.TX_DECODE, "tx has unknown field number 4 in TxRaw");
  }

  @Test
  void oversizeBytesAreRejected() {
    byte[] big = new byte[70000];
    assertExcluded(big, Codes.TX_TOO_LARGE, "tx too large: 70000 bytes > limit 65536");
  }

  @Test
  void configuredSizeLimitApplies() {
    TestChain small =
        new TestChain(
                42,
                3,
                AppConfig.defaults(TestChain.CHAIN_ID).withMaxTxBytes(100),
                new MemoryKeyValueStore())
            .genesis();
    byte[] tx = small.sendBytes(0, 1, 5);
    CheckTxResult r = small.app.checkTx(tx, false);
    assertThat(r.code()).isEqualTo(Codes.TX_TOO_LARGE);
    assertThat(r.log()).isEqualTo("tx too large: " + tx.length + " bytes > limit 100");
  }

  @Test
  void unknownAddressFormatIsRejected() {
    var a = chain.account(0);
    byte[] tx =
        TxBuilder.forChain(TestChain.CHAIN_ID)
            .addMessage(
                TestChain.send(
                    chain.addresses.get(0),
                    "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu",
                    5,
                    "ulat"))
            .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
            .signer(chain.keys.get(0), a.getAccountNumber(), 0)
            .buildBytes();
    assertExcluded(tx, Codes.INVALID_ADDRESS, "to_address: invalid address 'cosmos1");
  }

  @Test
  void upperCaseAddressIsNotCanonical() {
    var a = chain.account(0);
    byte[] tx =
        TxBuilder.forChain(TestChain.CHAIN_ID)
            .addMessage(
                TestChain.send(
                    chain.addresses.get(0),
                    chain.addresses.get(1).toUpperCase(java.util.Locale.ROOT),
                    5,
                    "ulat"))
            .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
            .signer(chain.keys.get(0), a.getAccountNumber(), 0)
            .buildBytes();
    assertExcluded(tx, Codes.INVALID_ADDRESS, "to_address: ");
  }

  @Test
  void signerWithoutAccountIsRejected() {
    // account 2's key, but a sender address nobody funded
    TestChain other = new TestChain(7, 1);
    byte[] tx =
        TxBuilder.forChain(TestChain.CHAIN_ID)
            .addMessage(TestChain.send(other.addresses.get(0), chain.addresses.get(1), 5, "ulat"))
            .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
            .signer(other.keys.get(0), 0, 0)
            .buildBytes();
    assertExcluded(
        tx, Codes.UNKNOWN_ADDRESS, "account " + other.addresses.get(0) + " does not exist");
  }

  @Test
  void statelessChecks() {
    var a = chain.account(0);
    String from = chain.addresses.get(0);
    String to = chain.addresses.get(1);
    assertExcluded(
        TxBuilder.forChain(TestChain.CHAIN_ID)
            .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
            .signer(chain.keys.get(0), a.getAccountNumber(), 0)
            .buildBytes(),
        Codes.INVALID_REQUEST,
        "tx has no messages");
    assertExcluded(
        chain.sendTx(0, to, 5).memo("x".repeat(257)).buildBytes(),
        Codes.MEMO_TOO_LARGE,
        "memo too long: 257 characters > limit 256");
    assertExcluded(
        chain.sendTx(0, to, 5).gasLimit(0).buildBytes(),
        Codes.INVALID_GAS_LIMIT,
        "gas limit must be > 0");
    assertExcluded(
        chain.sendTx(0, to, 5).gasLimit(2_000_000_000L).buildBytes(),
        Codes.INVALID_GAS_LIMIT,
        "gas limit 2000000000 exceeds the block gas limit 1000000000");
    assertExcluded(
        chain.sendTx(0, to, 5).timeoutHeight(1).buildBytes(),
        Codes.TX_TIMEOUT_HEIGHT,
        "tx timed out: timeout height 1 < block height ");
    assertExcluded(
        chain.sendTx(0, to, 5).fee(List.of(Coins.coin("ulat", 0))).buildBytes(),
        Codes.INVALID_COINS,
        "invalid fee: zero amount of ulat");
    assertExcluded(
        TxBuilder.forChain(TestChain.CHAIN_ID)
            .addMessage(TestChain.send(from, to, 0, "ulat"))
            .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
            .signer(chain.keys.get(0), a.getAccountNumber(), 0)
            .buildBytes(),
        Codes.INVALID_COINS,
        "amount: zero amount of ulat");
    TxRaw noSig = chain.sendTx(0, to, 5).build().toBuilder().clearSignatures().build();
    assertExcluded(noSig.toByteArray(), Codes.NO_SIGNATURES, "tx has no signatures");
    assertExcluded(
        chain.sendTx(0, to, 5).signer(chain.keys.get(1), 1, 0).buildBytes(),
        Codes.UNAUTHORIZED,
        "the messages need 1 signer(s)");
  }

  @Test
  void checkTxQueuesConsecutiveSequencesAndRejectsGaps() {
    var a = chain.account(0);
    byte[][] txs = new byte[3][];
    for (int s = 0; s < 3; s++) {
      txs[s] =
          TxBuilder.forChain(TestChain.CHAIN_ID)
              .addMessage(TestChain.send(chain.addresses.get(0), chain.addresses.get(1), 1, "ulat"))
              .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
              .signer(chain.keys.get(0), a.getAccountNumber(), s)
              .buildBytes();
    }
    for (int s = 0; s < 3; s++) {
      CheckTxResult r = chain.app.checkTx(txs[s], false);
      assertThat(r.isOk()).as(r.log()).isTrue();
      assertThat(r.sequence()).isEqualTo(s);
      assertThat(r.sender()).isEqualTo(chain.addresses.get(0));
      assertThat(r.priority()).isEqualTo(TestChain.FEE * 1_000_000L / TestChain.GAS);
    }
    assertThat(chain.app.checkTx(txs[1], false).log())
        .isEqualTo("sequence mismatch: expected 3, got 1");
    // committed state is untouched by checkTx
    assertThat(chain.account(0).getSequence()).isZero();
    FinalizedBlock fb = chain.block(txs[0], txs[1]);
    assertThat(fb.txResults()).allMatch(r -> r.getCode() == 0);
    // after the block the check state restarts from committed state: recheck of the remaining tx
    assertThat(chain.app.checkTx(txs[2], true).isOk()).isTrue();
    assertThat(chain.app.checkTx(txs[0], true).log())
        .isEqualTo("sequence mismatch: expected 3, got 0");
  }

  @Test
  void multiSendNeedsEverySignerAndBalancedSums() {
    var a0 = chain.account(0);
    var a1 = chain.account(1);
    String third = chain.addresses.get(2);
    MsgMultiSend ms =
        MsgMultiSend.newBuilder()
            .addInputs(
                Input.newBuilder()
                    .setAddress(chain.addresses.get(0))
                    .addCoins(Coins.coin("ulat", 30)))
            .addInputs(
                Input.newBuilder()
                    .setAddress(chain.addresses.get(1))
                    .addCoins(Coins.coin("ulat", 20)))
            .addOutputs(Output.newBuilder().setAddress(third).addCoins(Coins.coin("ulat", 50)))
            .build();
    byte[] ok =
        TxBuilder.forChain(TestChain.CHAIN_ID)
            .addMessage(ms)
            .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
            .signer(chain.keys.get(0), a0.getAccountNumber(), 0)
            .signer(chain.keys.get(1), a1.getAccountNumber(), 0)
            .buildBytes();
    byte[] oneSigner =
        TxBuilder.forChain(TestChain.CHAIN_ID)
            .addMessage(ms)
            .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
            .signer(chain.keys.get(0), a0.getAccountNumber(), 0)
            .buildBytes();
    assertExcluded(oneSigner, Codes.UNAUTHORIZED, "the messages need 2 signer(s)");
    MsgMultiSend unbalanced =
        ms.toBuilder()
            .setOutputs(0, Output.newBuilder().setAddress(third).addCoins(Coins.coin("ulat", 49)))
            .build();
    byte[] bad =
        TxBuilder.forChain(TestChain.CHAIN_ID)
            .addMessage(unbalanced)
            .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
            .signer(chain.keys.get(0), a0.getAccountNumber(), 0)
            .signer(chain.keys.get(1), a1.getAccountNumber(), 0)
            .buildBytes();
    assertExcluded(bad, Codes.INVALID_COINS, "sum of inputs 50ulat != sum of outputs 49ulat");
    FinalizedBlock fb = chain.block(ok);
    assertThat(fb.txResults().getFirst().getCode()).as(fb.txResults().getFirst().getLog()).isZero();
    assertThat(chain.balance(0, "ulat")).isEqualTo(TestChain.INITIAL - 30 - TestChain.FEE);
    assertThat(chain.balance(1, "ulat")).isEqualTo(TestChain.INITIAL - 20);
    assertThat(chain.balance(2, "ulat")).isEqualTo(TestChain.INITIAL + 50);
    assertThat(chain.account(0).getSequence()).isEqualTo(1);
    assertThat(chain.account(1).getSequence()).isEqualTo(1);
  }

  @Test
  void failingMessageRollsBackEarlierMessagesOfTheSameTx() {
    var a = chain.account(0);
    byte[] tx =
        TxBuilder.forChain(TestChain.CHAIN_ID)
            .addMessage(TestChain.send(chain.addresses.get(0), chain.addresses.get(1), 5, "ulat"))
            .addMessage(
                TestChain.send(chain.addresses.get(0), chain.addresses.get(2), 5, "nothing"))
            .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
            .signer(chain.keys.get(0), a.getAccountNumber(), 0)
            .buildBytes();
    TxResult r = chain.block(tx).txResults().getFirst();
    assertThat(r.getLog())
        .startsWith("message 1 (/lattice.bank.v1.MsgSend) failed: insufficient funds");
    assertThat(chain.balance(1, "ulat")).isEqualTo(TestChain.INITIAL);
    assertThat(chain.balance(0, "ulat")).isEqualTo(TestChain.INITIAL - TestChain.FEE);
  }

  @Test
  void minGasPriceZeroAllowsFreeTransactions() {
    TestChain free =
        new TestChain(
                42,
                3,
                AppConfig.defaults(TestChain.CHAIN_ID).withMinGasPrice(BigDecimal.ZERO),
                new MemoryKeyValueStore())
            .genesis();
    byte[] tx = free.sendTx(0, free.addresses.get(1), 5).fee(List.of()).buildBytes();
    assertThat(free.block(tx).txResults().getFirst().getCode()).isZero();
    assertThat(free.balance(0, "ulat")).isEqualTo(TestChain.INITIAL - 5);
  }
}
