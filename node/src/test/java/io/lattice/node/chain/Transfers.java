package io.lattice.node.chain;

import io.lattice.crypto.Signer;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.tx.TxBuilder;
import java.util.List;

/** Signed bank transfers for node tests. */
final class Transfers {
  private Transfers() {}

  static byte[] send(
      String chainId, Signer from, long accountNumber, long sequence, String to, long amount) {
    return TxBuilder.forChain(chainId)
        .addMessage(
            MsgSend.newBuilder()
                .setFromAddress(from.publicKey().address().toString())
                .setToAddress(to)
                .addAmount(coin(amount))
                .build())
        .fee(List.of(coin(2000)))
        .gasLimit(200_000)
        .signer(from, accountNumber, sequence)
        .buildBytes();
  }

  static Coin coin(long amount) {
    return Coin.newBuilder().setDenom("ulat").setAmount(Long.toString(amount)).build();
  }
}
