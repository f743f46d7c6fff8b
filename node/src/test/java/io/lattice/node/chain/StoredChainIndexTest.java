package io.lattice.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.crypto.Address;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.types.v1.TxResult;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** Which accounts a committed transaction is indexed under. */
class StoredChainIndexTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void theAddressOfAVerifiedKeyIsTheCryptoModulesAddress() throws Exception {
    for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
      PrivateKeySigner key = KeyPairs.generate(algorithm, RANDOM);
      assertThat(StoredChain.addressOf(algorithm, key.publicKey().encoded()))
          .as(algorithm.id())
          .isEqualTo(key.publicKey().address());
    }
  }

  @Test
  void signersAreIndexedWhetherTheTransactionSucceededOrFailed() throws Exception {
    PrivateKeySigner from = KeyPairs.generate(KeyAlgorithm.ED25519, RANDOM);
    String to = KeyPairs.generate(KeyAlgorithm.ED25519, RANDOM).publicKey().address().toString();
    byte[] tx = Transfers.send("chain-i", from, 0, 0, to, 5);
    Address signer = from.publicKey().address();
    assertThat(StoredChain.accountsOf(tx, TxResult.newBuilder().setCode(0).build()))
        .contains(signer);
    assertThat(StoredChain.accountsOf(tx, TxResult.newBuilder().setCode(5).build()))
        .contains(signer);
    assertThat(StoredChain.accountsOf(new byte[] {1, 2, 3}, null)).isEmpty();
  }
}
