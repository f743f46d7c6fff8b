package io.lattice.node.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.bank.v1.Input;
import io.lattice.proto.bank.v1.MsgMultiSend;
import io.lattice.proto.bank.v1.Output;
import io.lattice.runtime.tx.TxBuilder;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Funds new accounts from one funded key with {@code MsgMultiSend} transactions of up to {@link
 * #BATCH} outputs each, sent with consecutive sequences, then waits until every one of them is
 * committed with code 0.
 */
public final class AccountFunding {
  /** Outputs per funding transaction. */
  public static final int BATCH = 100;

  private static final long GAS_BASE = 200_000;
  private static final long GAS_PER_OUTPUT = 30_000;
  private static final long COMMIT_TIMEOUT_NANOS = 120_000_000_000L;

  private AccountFunding() {}

  /**
   * Sends {@code amountEach} {@link TransferLoad#DENOM} from {@code funder} to each of {@code
   * addresses} on chain {@code chainId} through {@code api}, paying {@code gasPrice} per gas unit.
   *
   * @throws IOException if the funder's account is missing or too poor, a funding transaction is
   *     refused or fails in its block, or the transactions are not committed within 120 s
   */
  public static void fund(
      NodeRest api,
      String chainId,
      PrivateKeySigner funder,
      List<String> addresses,
      BigInteger amountEach,
      BigDecimal gasPrice,
      Consumer<String> progress)
      throws IOException, InterruptedException {
    String from = funder.publicKey().address().toString();
    JsonNode account =
        api.account(from)
            .orElseThrow(() -> new IOException("funding account " + from + " not found on " + api));
    long number = account.path("account_number").asLong();
    long sequence = account.path("sequence").asLong();
    BigInteger needed = amountEach.multiply(BigInteger.valueOf(addresses.size()));
    BigInteger balance = balance(account);
    if (balance.compareTo(needed) < 0) {
      throw new IOException(
          "funding account "
              + from
              + " holds "
              + balance
              + TransferLoad.DENOM
              + ", needs "
              + needed
              + TransferLoad.DENOM
              + " plus fees for "
              + addresses.size()
              + " accounts");
    }
    List<String> hashes = new ArrayList<>();
    for (int start = 0; start < addresses.size(); start += BATCH) {
      List<String> batch = addresses.subList(start, Math.min(addresses.size(), start + BATCH));
      byte[] tx = multiSend(chainId, funder, from, batch, amountEach, gasPrice, number, sequence);
      sequence++;
      submit(api, tx);
      hashes.add(HexFormat.of().formatHex(TxBuilder.hash(tx)));
    }
    long deadline = System.nanoTime() + COMMIT_TIMEOUT_NANOS;
    int done = 0;
    int reported = -1;
    while (done < hashes.size()) {
      JsonNode r = api.tx(hashes.get(done)).orElse(null);
      if (r != null) {
        if (r.path("code").asInt() != 0) {
          throw new IOException(
              "funding transaction " + hashes.get(done) + " failed: " + r.path("log").asText());
        }
        done++;
        continue;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "funding transactions not committed within 120 s ("
                + done
                + " of "
                + hashes.size()
                + " were)");
      }
      int funded = Math.min(addresses.size(), done * BATCH);
      if (funded != reported) {
        progress.accept("funded " + funded + " of " + addresses.size() + " accounts");
        reported = funded;
      }
      LockSupport.parkNanos(200_000_000L);
    }
    progress.accept(
        "funded "
            + addresses.size()
            + " accounts with "
            + amountEach
            + TransferLoad.DENOM
            + " each");
  }

  private static BigInteger balance(JsonNode account) {
    for (JsonNode c : account.path("balances")) {
      if (TransferLoad.DENOM.equals(c.path("denom").asText())) {
        return new BigInteger(c.path("amount").asText("0"));
      }
    }
    return BigInteger.ZERO;
  }

  private static byte[] multiSend(
      String chainId,
      PrivateKeySigner funder,
      String from,
      List<String> batch,
      BigInteger amountEach,
      BigDecimal gasPrice,
      long number,
      long sequence) {
    MsgMultiSend.Builder msg = MsgMultiSend.newBuilder();
    msg.addInputs(
        Input.newBuilder()
            .setAddress(from)
            .addCoins(TransferLoad.coin(amountEach.multiply(BigInteger.valueOf(batch.size())))));
    for (String to : batch) {
      msg.addOutputs(Output.newBuilder().setAddress(to).addCoins(TransferLoad.coin(amountEach)));
    }
    long gas = GAS_BASE + GAS_PER_OUTPUT * batch.size();
    BigInteger fee =
        gasPrice.multiply(BigDecimal.valueOf(gas)).setScale(0, RoundingMode.CEILING).toBigInteger();
    return TxBuilder.forChain(chainId)
        .addMessage(msg.build())
        .fee(List.of(TransferLoad.coin(fee)))
        .gasLimit(gas)
        .signer(funder, number, sequence)
        .buildBytes();
  }

  private static void submit(NodeRest api, byte[] tx) throws IOException {
    long since = System.nanoTime();
    while (true) {
      NodeRest.Submission r = api.submit(NodeRest.txBody(tx));
      if (r.accepted()) {
        return;
      }
      if (r.busy() && System.nanoTime() - since < 30_000_000_000L) {
        LockSupport.parkNanos(100_000_000L);
        continue;
      }
      throw new IOException("funding transaction refused by " + api + ": " + r.reason());
    }
  }
}
