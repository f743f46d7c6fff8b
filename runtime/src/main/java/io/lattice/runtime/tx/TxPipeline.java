package io.lattice.runtime.tx;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import io.lattice.crypto.Verifier;
import io.lattice.proto.Canonical;
import io.lattice.proto.DecodeException;
import io.lattice.proto.auth.v1.BaseAccount;
import io.lattice.proto.auth.v1.Params;
import io.lattice.proto.tx.v1.Any;
import io.lattice.proto.tx.v1.AuthInfo;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.tx.v1.SignDoc;
import io.lattice.proto.tx.v1.SignerInfo;
import io.lattice.proto.tx.v1.TxBody;
import io.lattice.proto.tx.v1.TxRaw;
import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.gas.GasMeter;
import io.lattice.runtime.gas.OutOfGasException;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.store.CacheStore;
import io.lattice.runtime.store.GasStore;
import io.lattice.runtime.store.KVStore;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.function.Function;

/**
 * The transaction pipeline (docs/spec/formats.md, "Transaction pipeline"): size → decode →
 * stateless checks → signatures → chain id → sequence → fee → gas-metered message execution.
 *
 * <p>The ante steps (everything before message execution) either all succeed or leave no trace.
 * Messages run in a cache of their own: a failing message drops every message write, while the fee
 * and the sequence increment of the ante steps stay.
 */
public final class TxPipeline {
  /** Which execution this is; checks run only the ante steps and keep their writes. */
  public enum Mode {
    CHECK,
    RECHECK,
    DELIVER
  }

  /**
   * How one transaction ended.
   *
   * @param anteOk true when the ante steps passed (in DELIVER, the tx changed state)
   * @param sender the first signer (fee payer), empty when the tx did not decode
   * @param sequence the first signer's sequence in the tx
   * @param priority fee per gas unit in the fee denom, scaled by 10^6
   */
  public record Outcome(
      TxResult result, boolean anteOk, String sender, long sequence, long priority) {}

  private static final long PRIORITY_SCALE = 1_000_000L;

  private final AppConfig config;
  private final Map<String, MsgType<?>> router;
  private final AccountKeeper accounts;
  private final BankKeeper bank;
  private final Function<byte[], String> describeKey;
  private final Verifier verifier;
  private final PublicKeyCache keys = new PublicKeyCache(100_000);

  public TxPipeline(
      AppConfig config,
      Map<String, MsgType<?>> router,
      AccountKeeper accounts,
      BankKeeper bank,
      Function<byte[], String> describeKey,
      Verifier verifier) {
    this.config = config;
    this.router = Map.copyOf(router);
    this.accounts = accounts;
    this.bank = bank;
    this.describeKey = describeKey;
    this.verifier = verifier;
  }

  /** A decoded transaction with its messages resolved to their types. */
  private record Decoded(
      TxRaw raw,
      TxBody body,
      AuthInfo authInfo,
      List<Message> messages,
      List<MsgType<?>> types,
      List<String> signers) {}

  /**
   * Runs {@code txBytes} against {@code state} (the block's cache in DELIVER, the check state in
   * CHECK). Writes reach {@code state} only as described in the class comment.
   */
  public Outcome run(Mode mode, KVStore state, byte[] txBytes, long height, Instant time) {
    GasMeter meter = new GasMeter(0);
    CacheStore txCache = new CacheStore(state);
    Decoded tx;
    Context anteCtx;
    try {
      tx = decode(txBytes);
      Params params = accounts.params(state);
      checkStateless(tx, params, height);
      meter = new GasMeter(tx.authInfo().getFee().getGasLimit());
      anteCtx =
          new Context(
              new GasStore(txCache, meter, config.gas(), describeKey),
              meter,
              config.chainId(),
              height,
              time);
      meter.consume(params.getTxSizeCostPerByte() * txBytes.length, "paying for tx size");
      List<BaseAccount> signerAccounts = verifySignatures(mode, tx, anteCtx, params);
      checkChainId(tx);
      checkSequences(tx, signerAccounts);
      chargeFee(tx, anteCtx);
      bumpSequences(tx, signerAccounts, anteCtx);
    } catch (TxException e) {
      return rejected(e.codespace(), e.code(), e.reason(), meter);
    } catch (OutOfGasException e) {
      return rejected(Codes.CODESPACE, Codes.OUT_OF_GAS, e.getMessage(), meter);
    }

    String sender = tx.signers().getFirst();
    long sequence = tx.authInfo().getSignerInfos(0).getSequence();
    long priority = priority(tx);
    long gasWanted = meter.limit();
    if (mode != Mode.DELIVER) {
      txCache.write();
      return new Outcome(
          TxResult.newBuilder().setGasWanted(gasWanted).setGasUsed(meter.used()).build(),
          true,
          sender,
          sequence,
          priority);
    }

    List<Event> events = new ArrayList<>(anteCtx.events());
    CacheStore msgCache = new CacheStore(txCache);
    Context msgCtx =
        new Context(
            new GasStore(msgCache, meter, config.gas(), describeKey),
            meter,
            config.chainId(),
            height,
            time);
    TxResult.Builder result = TxResult.newBuilder().setGasWanted(gasWanted);
    int i = 0;
    try {
      for (; i < tx.messages().size(); i++) {
        MsgType<?> type = tx.types().get(i);
        List<String> msgSigners = type.signersUntyped(tx.messages().get(i));
        msgCtx.emit(
            "message",
            "action",
            type.typeUrl(),
            "sender",
            msgSigners.isEmpty() ? "" : msgSigners.getFirst(),
            "msg_index",
            Integer.toString(i));
        type.handleUntyped(msgCtx, tx.messages().get(i));
      }
      msgCache.write();
      events.addAll(msgCtx.events());
    } catch (TxException e) {
      result
          .setCode(e.code())
          .setCodespace(e.codespace())
          .setLog("message " + i + " (" + tx.types().get(i).typeUrl() + ") failed: " + e.reason());
    } catch (OutOfGasException e) {
      result.setCode(Codes.OUT_OF_GAS).setCodespace(Codes.CODESPACE).setLog(e.getMessage());
    }
    txCache.write();
    return new Outcome(
        result.setGasUsed(meter.used()).addAllEvents(events).build(),
        true,
        sender,
        sequence,
        priority);
  }

  private static Outcome rejected(String codespace, int code, String reason, GasMeter meter) {
    return new Outcome(
        TxResult.newBuilder()
            .setCode(code)
            .setCodespace(codespace)
            .setLog(reason)
            .setGasWanted(meter.limit())
            .setGasUsed(meter.used())
            .build(),
        false,
        "",
        0,
        0);
  }

  private Decoded decode(byte[] txBytes) throws TxException {
    int max = config.maxTxBytes();
    if (txBytes.length > max) {
      throw Codes.error(
          Codes.TX_TOO_LARGE, "tx too large: " + txBytes.length + " bytes > limit " + max);
    }
    try {
      TxRaw raw = Canonical.decode(TxRaw.parser(), txBytes, max, "tx");
      TxBody body =
          Canonical.decode(TxBody.parser(), raw.getBodyBytes().toByteArray(), max, "tx body");
      AuthInfo authInfo =
          Canonical.decode(
              AuthInfo.parser(), raw.getAuthInfoBytes().toByteArray(), max, "auth info");
      List<Message> messages = new ArrayList<>(body.getMessagesCount());
      List<MsgType<?>> types = new ArrayList<>(body.getMessagesCount());
      SequencedSet<String> signers = new LinkedHashSet<>();
      for (int i = 0; i < body.getMessagesCount(); i++) {
        Any any = body.getMessages(i);
        MsgType<?> type = router.get(any.getTypeUrl());
        if (type == null) {
          throw Codes.error(
              Codes.UNKNOWN_REQUEST, "unknown message type '" + any.getTypeUrl() + "'");
        }
        Message msg =
            Canonical.decode(
                type.parser(),
                any.getValue().toByteArray(),
                max,
                "message " + i + " (" + any.getTypeUrl() + ")");
        type.checkUntyped(msg);
        signers.addAll(type.signersUntyped(msg));
        messages.add(msg);
        types.add(type);
      }
      return new Decoded(raw, body, authInfo, messages, types, List.copyOf(signers));
    } catch (DecodeException e) {
      throw Codes.error(Codes.TX_DECODE, e.reason());
    }
  }

  private void checkStateless(Decoded tx, Params params, long height) throws TxException {
    if (tx.messages().isEmpty()) {
      throw Codes.error(Codes.INVALID_REQUEST, "tx has no messages");
    }
    int memoChars = tx.body().getMemo().codePointCount(0, tx.body().getMemo().length());
    if (memoChars > params.getMaxMemoCharacters()) {
      throw Codes.error(
          Codes.MEMO_TOO_LARGE,
          "memo too long: " + memoChars + " characters > limit " + params.getMaxMemoCharacters());
    }
    int signatures = tx.raw().getSignaturesCount();
    if (signatures == 0) {
      throw Codes.error(Codes.NO_SIGNATURES, "tx has no signatures");
    }
    int infos = tx.authInfo().getSignerInfosCount();
    if (infos != signatures) {
      throw Codes.error(
          Codes.UNAUTHORIZED,
          "signer count mismatch: " + infos + " signer infos, " + signatures + " signatures");
    }
    if (infos != tx.signers().size()) {
      throw Codes.error(
          Codes.UNAUTHORIZED,
          "the messages need "
              + tx.signers().size()
              + " signer(s) "
              + tx.signers()
              + " but the tx has "
              + infos);
    }
    Coins.validate(tx.authInfo().getFee().getAmountList(), "invalid fee", true);
    long gasLimit = tx.authInfo().getFee().getGasLimit();
    if (gasLimit <= 0) {
      throw Codes.error(
          Codes.INVALID_GAS_LIMIT, "gas limit must be > 0, got " + Long.toUnsignedString(gasLimit));
    }
    if (gasLimit > config.maxBlockGas()) {
      throw Codes.error(
          Codes.INVALID_GAS_LIMIT,
          "gas limit " + gasLimit + " exceeds the block gas limit " + config.maxBlockGas());
    }
    long timeout = tx.body().getTimeoutHeight();
    if (timeout != 0 && Long.compareUnsigned(height, timeout) > 0) {
      throw Codes.error(
          Codes.TX_TIMEOUT_HEIGHT,
          "tx timed out: timeout height "
              + Long.toUnsignedString(timeout)
              + " < block height "
              + height);
    }
  }

  private List<BaseAccount> verifySignatures(Mode mode, Decoded tx, Context ctx, Params params)
      throws TxException {
    List<BaseAccount> out = new ArrayList<>(tx.signers().size());
    for (int i = 0; i < tx.signers().size(); i++) {
      String signer = tx.signers().get(i);
      BaseAccount account =
          accounts
              .account(ctx.store(), signer)
              .orElseThrow(() ->
                  Codes.error(
                      Codes.UNKNOWN_ADDRESS,
                      "account "
                          + signer
                          + " does not exist (accounts are created when they first receive"
                          + " funds)"));
      SignerInfo info = tx.authInfo().getSignerInfos(i);
      if (!info.hasPublicKey()) {
        throw Codes.error(
            Codes.INVALID_PUBKEY, "signer " + i + " (" + signer + ") has no public key");
      }
      PublicKeyCache.Decoded decoded = decodeKey(info.getPublicKey(), i);
      PublicKey key = decoded.key();
      String derived = decoded.address();
      if (!derived.equals(signer)) {
        throw Codes.error(
            Codes.INVALID_PUBKEY,
            "public key of signer " + i + " belongs to " + derived + ", not " + signer);
      }
      if (account.hasPublicKey() && !account.getPublicKey().equals(info.getPublicKey())) {
        throw Codes.error(
            Codes.INVALID_PUBKEY,
            "public key of signer " + i + " differs from the key stored for " + signer);
      }
      ctx.gas().consume(signatureCost(params, key.algorithm()), "verifying signature " + i);
      if (mode != Mode.RECHECK) {
        byte[] signDoc = signDoc(tx, account);
        ByteString sig = tx.raw().getSignatures(i);
        if (!verifier.verify(key, signDoc, sig.toByteArray())) {
          throw Codes.error(
              Codes.UNAUTHORIZED,
              "invalid signature for signer "
                  + i
                  + " ("
                  + signer
                  + ", account number "
                  + account.getAccountNumber()
                  + ", chain id '"
                  + tx.body().getChainId()
                  + "')");
        }
      }
      out.add(account);
    }
    return out;
  }

  private static byte[] signDoc(Decoded tx, BaseAccount account) {
    return SignDoc.newBuilder()
        .setBodyBytes(tx.raw().getBodyBytes())
        .setAuthInfoBytes(tx.raw().getAuthInfoBytes())
        .setChainId(tx.body().getChainId())
        .setAccountNumber(account.getAccountNumber())
        .build()
        .toByteArray();
  }

  /**
   * Verifies the signatures of {@code txBytes} against the accounts of {@code committed} (a
   * read-only view of committed state), so that a caching {@link Verifier} answers the verification
   * of {@link #run} at once. Failures are ignored: {@link #run} finds and reports them.
   */
  public void preverify(byte[] txBytes, KVStore committed) {
    try {
      Decoded tx = decode(txBytes);
      int n =
          Math.min(
              tx.signers().size(),
              Math.min(tx.authInfo().getSignerInfosCount(), tx.raw().getSignaturesCount()));
      for (int i = 0; i < n; i++) {
        SignerInfo info = tx.authInfo().getSignerInfos(i);
        Optional<BaseAccount> account = accounts.account(committed, tx.signers().get(i));
        if (account.isPresent() && info.hasPublicKey()) {
          verifier.verify(
              decodeKey(info.getPublicKey(), i).key(),
              signDoc(tx, account.get()),
              tx.raw().getSignatures(i).toByteArray());
        }
      }
    } catch (TxException | RuntimeException e) {
      // run() reports what is wrong with the transaction
    }
  }

  private PublicKeyCache.Decoded decodeKey(io.lattice.proto.tx.v1.PublicKey proto, int i)
      throws TxException {
    try {
      return keys.decode(proto.getAlgorithm(), proto.getKey());
    } catch (CryptoException e) {
      throw Codes.error(
          Codes.INVALID_PUBKEY, "invalid public key of signer " + i + ": " + e.getMessage());
    }
  }

  /** Gas charged for verifying one signature, from auth params. */
  public static long signatureCost(Params params, KeyAlgorithm algorithm) {
    return switch (algorithm) {
      case ED25519 -> params.getSigVerifyCostEd25519();
      case SECP256K1 -> params.getSigVerifyCostSecp256K1();
      case ML_DSA_44, ML_DSA_65, ML_DSA_87 -> params.getSigVerifyCostMlDsa();
      case FALCON_512, FALCON_1024 -> params.getSigVerifyCostFalcon();
      case SLH_DSA_SHA2_128F -> params.getSigVerifyCostSlhDsa();
      case HYBRID -> params.getSigVerifyCostHybrid();
    };
  }

  private void checkChainId(Decoded tx) throws TxException {
    String got = tx.body().getChainId();
    if (!got.equals(config.chainId())) {
      throw Codes.error(
          Codes.WRONG_CHAIN_ID,
          "wrong chain id: expected " + config.chainId() + ", got " + (got.isEmpty() ? "''" : got));
    }
  }

  private static void checkSequences(Decoded tx, List<BaseAccount> signerAccounts)
      throws TxException {
    for (int i = 0; i < signerAccounts.size(); i++) {
      long expected = signerAccounts.get(i).getSequence();
      long got = tx.authInfo().getSignerInfos(i).getSequence();
      if (expected != got) {
        throw Codes.error(
            Codes.INVALID_SEQUENCE,
            "sequence mismatch: expected "
                + Long.toUnsignedString(expected)
                + ", got "
                + Long.toUnsignedString(got)
                + (signerAccounts.size() > 1 ? " (signer " + i + ")" : ""));
      }
    }
  }

  private void chargeFee(Decoded tx, Context ctx) throws TxException {
    List<Coin> fee = tx.authInfo().getFee().getAmountList();
    long gasLimit = tx.authInfo().getFee().getGasLimit();
    BigInteger required =
        config
            .minGasPrice()
            .multiply(BigDecimal.valueOf(gasLimit))
            .setScale(0, RoundingMode.CEILING)
            .toBigIntegerExact();
    BigInteger paid = Coins.amountOf(fee, config.feeDenom());
    if (paid.compareTo(required) < 0) {
      throw Codes.error(
          Codes.INSUFFICIENT_FEE,
          "insufficient fee: got "
              + paid
              + config.feeDenom()
              + ", required "
              + required
              + config.feeDenom()
              + " (gas limit "
              + gasLimit
              + " × min gas price "
              + config.minGasPrice().toPlainString()
              + ")");
    }
    if (!fee.isEmpty()) {
      bank.deductFee(ctx, tx.signers().getFirst(), fee);
    }
    ctx.emit("tx", "fee", Coins.format(fee), "fee_payer", tx.signers().getFirst());
  }

  private void bumpSequences(Decoded tx, List<BaseAccount> signerAccounts, Context ctx) {
    for (int i = 0; i < signerAccounts.size(); i++) {
      BaseAccount account = signerAccounts.get(i);
      BaseAccount.Builder next = account.toBuilder().setSequence(account.getSequence() + 1);
      if (!account.hasPublicKey()) {
        next.setPublicKey(tx.authInfo().getSignerInfos(i).getPublicKey());
      }
      accounts.setAccount(ctx.store(), next.build());
      ctx.emit(
          "tx",
          "acc_seq",
          account.getAddress() + "/" + Long.toUnsignedString(account.getSequence()));
    }
  }

  private long priority(Decoded tx) {
    BigInteger paid = Coins.amountOf(tx.authInfo().getFee().getAmountList(), config.feeDenom());
    BigInteger p =
        paid.multiply(BigInteger.valueOf(PRIORITY_SCALE))
            .divide(BigInteger.valueOf(tx.authInfo().getFee().getGasLimit()));
    return p.bitLength() < 63 ? p.longValue() : Long.MAX_VALUE;
  }
}
