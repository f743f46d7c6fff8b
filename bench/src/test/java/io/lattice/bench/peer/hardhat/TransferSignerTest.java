package io.lattice.bench.peer.hardhat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.utils.Numeric;

class TransferSignerTest {

  /** The example of EIP-155's specification: chain 1, nonce 9, 20 gwei, 1 ether to 0x3535…. */
  @Test
  void signsTheEip155Example() {
    TransferSigner signer =
        new TransferSigner(
            1,
            BigInteger.valueOf(20_000_000_000L),
            List.of(Credentials.create("0x" + "46".repeat(32))),
            "0x" + "35".repeat(20));

    byte[] signed =
        signer.transfer(0, BigInteger.valueOf(9), new BigInteger("1000000000000000000"));

    assertThat(Numeric.toHexString(signed))
        .isEqualTo(
            "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a7640000"
                + "8025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8"
                + "997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83");
  }

  @Test
  void eachSignedTransferDecodesToItsSenderNonceValueAndChain() throws Exception {
    TransferSigner signer = TransferSigner.random(3, new SecureRandom(new byte[] {7}));
    long[] nonces = {0, 5, 2};

    List<Transfer> txs = signer.sign(nonces, 7);

    assertThat(txs).hasSize(7);
    for (int i = 0; i < txs.size(); i++) {
      Transfer t = txs.get(i);
      String raw = JsonRpc.JSON.readTree(t.request).path("params").get(0).asText();
      SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(raw);
      assertThat(t.sender).isEqualTo(i % 3);
      assertThat(decoded.getFrom()).isEqualTo(signer.addresses().get(i % 3));
      assertThat(decoded.getNonce()).isEqualTo(BigInteger.valueOf(nonces[i % 3] + i / 3));
      assertThat(t.nonce).isEqualTo(nonces[i % 3] + i / 3);
      assertThat(decoded.getValue()).isEqualTo(BigInteger.ONE);
      assertThat(decoded.getTo()).isEqualTo(signer.recipient());
      assertThat(decoded.getChainId()).isEqualTo(TransferSigner.HARDHAT_CHAIN_ID);
      assertThat(decoded.getGasLimit()).isEqualTo(TransferSigner.TRANSFER_GAS);
      assertThat(decoded.getGasPrice()).isEqualTo(TransferSigner.GAS_PRICE);
      assertThat(t.hash)
          .isEqualTo(Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(raw))));
    }
    assertThat(signer.addresses()).doesNotContain(signer.recipient());
  }

  @Test
  void privateKeysAreWhatHardhatConfigAccepts() {
    TransferSigner signer = TransferSigner.random(4, new SecureRandom());

    assertThat(signer.privateKeys()).hasSize(4).allMatch(k -> k.matches("0x[0-9a-f]{64}"));
    assertThat(signer.privateKeys().stream().map(k -> Credentials.create(k).getAddress()))
        .containsExactlyElementsOf(signer.addresses());
  }

  @Test
  void refusesNoncesThatDoNotMatchTheSenders() {
    TransferSigner signer = TransferSigner.random(2, new SecureRandom());

    assertThatThrownBy(() -> signer.sign(new long[3], 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("3 nonces for 2 senders");
  }
}
