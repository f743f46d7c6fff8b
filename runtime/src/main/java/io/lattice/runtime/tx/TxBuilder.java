package io.lattice.runtime.tx;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.lattice.crypto.Hashes;
import io.lattice.crypto.Signer;
import io.lattice.proto.tx.v1.Any;
import io.lattice.proto.tx.v1.AuthInfo;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.tx.v1.Fee;
import io.lattice.proto.tx.v1.PublicKey;
import io.lattice.proto.tx.v1.SignDoc;
import io.lattice.proto.tx.v1.SignerInfo;
import io.lattice.proto.tx.v1.TxBody;
import io.lattice.proto.tx.v1.TxRaw;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds signed transactions (docs/spec/formats.md, "Transactions"). Each signer signs the SignDoc
 * (body bytes, auth-info bytes, chain id, its account number). Signers must be added in the order
 * in which their addresses first appear as required signers of the messages.
 *
 * <pre>{@code
 * TxRaw tx = TxBuilder.forChain("lattice-1")
 *     .addMessage(msgSend)
 *     .fee(List.of(Coins.coin("ulat", 2000)))
 *     .gasLimit(200_000)
 *     .signer(signer, accountNumber, sequence)
 *     .build();
 * }</pre>
 */
public final class TxBuilder {
  private final String chainId;
  private final List<Any> messages = new ArrayList<>();
  private final List<Coin> fee = new ArrayList<>();
  private final List<SignerEntry> signers = new ArrayList<>();
  private String memo = "";
  private long gasLimit = 200_000;
  private long timeoutHeight;

  private record SignerEntry(Signer signer, long accountNumber, long sequence) {}

  private TxBuilder(String chainId) {
    this.chainId = chainId;
  }

  public static TxBuilder forChain(String chainId) {
    return new TxBuilder(chainId);
  }

  /** Adds a message with type URL {@code "/" + its full proto name}. */
  public TxBuilder addMessage(Message msg) {
    return addMessage("/" + msg.getDescriptorForType().getFullName(), msg.toByteString());
  }

  /** Adds a message by explicit type URL and encoded value. */
  public TxBuilder addMessage(String typeUrl, ByteString value) {
    messages.add(Any.newBuilder().setTypeUrl(typeUrl).setValue(value).build());
    return this;
  }

  public TxBuilder memo(String memo) {
    this.memo = memo;
    return this;
  }

  /** Fee coins, sorted by denom as the pipeline requires. */
  public TxBuilder fee(List<Coin> coins) {
    fee.clear();
    fee.addAll(coins);
    fee.sort((a, b) -> a.getDenom().compareTo(b.getDenom()));
    return this;
  }

  public TxBuilder gasLimit(long gasLimit) {
    this.gasLimit = gasLimit;
    return this;
  }

  /** Last height at which the tx may be included; 0 (default) for none. */
  public TxBuilder timeoutHeight(long height) {
    this.timeoutHeight = height;
    return this;
  }

  public TxBuilder signer(Signer signer, long accountNumber, long sequence) {
    signers.add(new SignerEntry(signer, accountNumber, sequence));
    return this;
  }

  public TxBody body() {
    return TxBody.newBuilder()
        .addAllMessages(messages)
        .setMemo(memo)
        .setTimeoutHeight(timeoutHeight)
        .setChainId(chainId)
        .build();
  }

  public AuthInfo authInfo() {
    AuthInfo.Builder ai =
        AuthInfo.newBuilder().setFee(Fee.newBuilder().addAllAmount(fee).setGasLimit(gasLimit));
    for (SignerEntry s : signers) {
      ai.addSignerInfos(
          SignerInfo.newBuilder()
              .setPublicKey(publicKey(s.signer().publicKey()))
              .setSequence(s.sequence()));
    }
    return ai.build();
  }

  /** Builds and signs. */
  public TxRaw build() {
    ByteString body = body().toByteString();
    ByteString authInfo = authInfo().toByteString();
    TxRaw.Builder raw = TxRaw.newBuilder().setBodyBytes(body).setAuthInfoBytes(authInfo);
    for (SignerEntry s : signers) {
      byte[] doc = signDoc(body, authInfo, chainId, s.accountNumber());
      raw.addSignatures(ByteString.copyFrom(s.signer().sign(doc)));
    }
    return raw.build();
  }

  /** Builds, signs and encodes. */
  public byte[] buildBytes() {
    return build().toByteArray();
  }

  /** The bytes a signer signs. */
  public static byte[] signDoc(
      ByteString bodyBytes, ByteString authInfoBytes, String chainId, long accountNumber) {
    return SignDoc.newBuilder()
        .setBodyBytes(bodyBytes)
        .setAuthInfoBytes(authInfoBytes)
        .setChainId(chainId)
        .setAccountNumber(accountNumber)
        .build()
        .toByteArray();
  }

  /** The proto form of a crypto public key. */
  public static PublicKey publicKey(io.lattice.crypto.PublicKey key) {
    return PublicKey.newBuilder()
        .setAlgorithm(key.algorithm().id())
        .setKey(ByteString.copyFrom(key.encoded()))
        .build();
  }

  /** The transaction hash: SHA-256 of the TxRaw bytes. */
  public static byte[] hash(byte[] txRawBytes) {
    return Hashes.sha256(txRawBytes);
  }

  public static byte[] hash(TxRaw tx) {
    return hash(tx.toByteArray());
  }
}
