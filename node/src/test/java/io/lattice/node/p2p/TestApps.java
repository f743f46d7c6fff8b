package io.lattice.node.p2p;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.bank.app.StandardApp;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.mempool.Mempool;
import io.lattice.runtime.mempool.MempoolConfig;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/**
 * State machines (auth + bank) of one chain at genesis, each with its own store and mempool, and
 * signed transfers from the one funded account.
 */
final class TestApps {
  static final String CHAIN = "gossip-test-1";
  private static final String DENOM = "ulat";

  private final PrivateKeySigner funded = key(1);
  private final String sink = key(2).publicKey().address().toString();
  private final byte[] genesis;
  private long accountNumber = -1;

  /** One node's state machine and mempool. */
  record Member(TestApps apps, LatticeApp app, Mempool mempool) {}

  TestApps() {
    ObjectNode state = new ObjectMapper().createObjectNode();
    state.putObject("auth").putArray("accounts");
    ObjectNode balance = state.putObject("bank").putArray("balances").addObject();
    balance.put("address", funded.publicKey().address().toString());
    ObjectNode coin = balance.putArray("coins").addObject();
    coin.put("denom", DENOM);
    coin.put("amount", "100000000");
    genesis = state.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static PrivateKeySigner key(int i) {
    byte[] seed = new byte[32];
    seed[0] = (byte) i;
    return KeyPairs.generate(KeyAlgorithm.ED25519, new SecureRandom(seed));
  }

  Member member() throws Exception {
    MemoryKeyValueStore db = new MemoryKeyValueStore();
    LatticeApp app = StandardApp.create(AppConfig.defaults(CHAIN), StateTreeStore.open(db));
    try (WriteBatch batch = db.newBatch()) {
      app.initChain(genesis, batch);
      db.write(batch, true);
    }
    if (accountNumber < 0) {
      accountNumber =
          app.account(funded.publicKey().address().toString()).orElseThrow().getAccountNumber();
    }
    return new Member(this, app, new Mempool(app, MempoolConfig.DEFAULT, 0));
  }

  byte[] transfer(long sequence, long amount) {
    return transferOnChain(CHAIN, sequence, amount);
  }

  byte[] transferOnChain(String chainId, long sequence, long amount) {
    return TxBuilder.forChain(chainId)
        .addMessage(
            MsgSend.newBuilder()
                .setFromAddress(funded.publicKey().address().toString())
                .setToAddress(sink)
                .addAmount(coin(amount))
                .build())
        .fee(List.of(coin(2000)))
        .gasLimit(200_000)
        .signer(funded, accountNumber, sequence)
        .buildBytes();
  }

  private static Coin coin(long amount) {
    return Coin.newBuilder().setDenom(DENOM).setAmount(Long.toString(amount)).build();
  }
}
