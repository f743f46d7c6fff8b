package io.lattice.node.api;

import com.google.protobuf.ByteString;
import io.lattice.crypto.Signer;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.tx.v1.Any;
import io.lattice.proto.tx.v1.AuthInfo;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.tx.v1.Fee;
import io.lattice.proto.tx.v1.PublicKey;
import io.lattice.proto.tx.v1.SignDoc;
import io.lattice.proto.tx.v1.SignerInfo;
import io.lattice.proto.tx.v1.TxBody;
import io.lattice.proto.tx.v1.TxRaw;
import java.util.List;

/** A signed single-signer bank transfer (TxRaw bytes), as the faucet and the CLI send it. */
public final class TransferTx {
  private TransferTx() {}

  public static byte[] signed(
      Signer key,
      String chainId,
      long accountNumber,
      long sequence,
      String from,
      String to,
      Coin amount,
      List<Coin> fee,
      long gasLimit) {
    MsgSend send =
        MsgSend.newBuilder().setFromAddress(from).setToAddress(to).addAmount(amount).build();
    TxBody body =
        TxBody.newBuilder()
            .addMessages(
                Any.newBuilder()
                    .setTypeUrl(JsonViews.MSG_SEND)
                    .setValue(send.toByteString())
                    .build())
            .setChainId(chainId)
            .build();
    AuthInfo auth =
        AuthInfo.newBuilder()
            .addSignerInfos(
                SignerInfo.newBuilder()
                    .setPublicKey(
                        PublicKey.newBuilder()
                            .setAlgorithm(key.publicKey().algorithm().id())
                            .setKey(ByteString.copyFrom(key.publicKey().encoded())))
                    .setSequence(sequence))
            .setFee(Fee.newBuilder().addAllAmount(fee).setGasLimit(gasLimit))
            .build();
    ByteString bodyBytes = body.toByteString();
    ByteString authBytes = auth.toByteString();
    byte[] signBytes =
        SignDoc.newBuilder()
            .setBodyBytes(bodyBytes)
            .setAuthInfoBytes(authBytes)
            .setChainId(chainId)
            .setAccountNumber(accountNumber)
            .build()
            .toByteArray();
    return TxRaw.newBuilder()
        .setBodyBytes(bodyBytes)
        .setAuthInfoBytes(authBytes)
        .addSignatures(ByteString.copyFrom(key.sign(signBytes)))
        .build()
        .toByteArray();
  }
}
