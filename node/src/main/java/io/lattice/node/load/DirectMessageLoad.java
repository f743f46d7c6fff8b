package io.lattice.node.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.proto.identity.v1.MsgRegister;
import io.lattice.proto.messaging.v1.EncryptedPayload;
import io.lattice.proto.messaging.v1.MsgSendDirectMessage;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.sdk.ChatChainClient;
import io.lattice.sdk.Wallet;
import io.lattice.sdk.e2e.E2eException;
import io.lattice.sdk.e2e.Payloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Encrypted direct messages on the chat chain between fresh accounts: each account first registers
 * a username with its X25519 identity key ({@code identity.MsgRegister}), then account {@code s}
 * sends to account {@code s + 1} (mod N) messages sealed client-side with the SDK's {@code
 * lattice-dm-v1} to the recipient's identity key. The messages are signed ahead of time and run
 * through {@link TransferLoad#run} like transfers.
 */
public final class DirectMessageLoad {
  public static final long GAS = 300_000;
  public static final long FEE = 3_000;
  private static final long COMMIT_TIMEOUT_NANOS = 120_000_000_000L;

  private final String chainId;
  private final String prefix;
  private final List<Wallet> wallets;
  private final long[] accountNumbers;
  private final long[] sequences;

  /** {@code count} fresh accounts for chain {@code chainId}, registering {@code prefix_i}. */
  public DirectMessageLoad(String chainId, int count, String prefix) {
    this.chainId = chainId;
    this.prefix = prefix;
    SecureRandom random = new SecureRandom();
    this.wallets =
        IntStream.range(0, count)
            .parallel()
            .mapToObj(i -> Wallet.fromSigner(KeyPairs.generate(KeyAlgorithm.ED25519, random)))
            .toList();
    this.accountNumbers = new long[count];
    this.sequences = new long[count];
  }

  public List<String> addresses() {
    return wallets.stream().map(Wallet::address).toList();
  }

  /**
   * Registers every account's username through {@code api} and waits until each registration is
   * committed with code 0.
   *
   * @throws IOException if an account is missing, a registration is refused or fails in its block,
   *     or they are not committed within 120 s
   */
  public void register(NodeRest api, Consumer<String> progress)
      throws IOException, InterruptedException {
    AtomicInteger missing = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    int workers = 16;
    for (int w = 0; w < workers; w++) {
      int self = w;
      threads.add(
          Thread.ofVirtual()
              .start(() -> {
                for (int s = self; s < wallets.size(); s += workers) {
                  Optional<JsonNode> a = api.account(wallets.get(s).address());
                  if (a.isEmpty()) {
                    missing.incrementAndGet();
                    continue;
                  }
                  accountNumbers[s] = a.get().path("account_number").asLong();
                  sequences[s] = a.get().path("sequence").asLong();
                }
              }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (missing.get() > 0) {
      throw new IOException(missing.get() + " accounts not found on " + api);
    }
    List<String> hashes = new ArrayList<>();
    for (int s = 0; s < wallets.size(); s++) {
      Wallet w = wallets.get(s);
      byte[] tx =
          sign(
              s,
              MsgRegister.newBuilder()
                  .setOwner(w.address())
                  .setUsername(prefix + "_" + s)
                  .setKeys(ChatChainClient.encryptionKeys(w))
                  .build());
      long since = System.nanoTime();
      while (true) {
        NodeRest.Submission r = api.submit(NodeRest.txBody(tx));
        if (r.accepted()) {
          break;
        }
        if (r.busy() && System.nanoTime() - since < 30_000_000_000L) {
          LockSupport.parkNanos(100_000_000L);
          continue;
        }
        throw new IOException("registration of " + w.address() + " refused: " + r.reason());
      }
      hashes.add(HexFormat.of().formatHex(TxBuilder.hash(tx)));
    }
    long deadline = System.nanoTime() + COMMIT_TIMEOUT_NANOS;
    for (String hash : hashes) {
      while (true) {
        Optional<JsonNode> r = api.tx(hash);
        if (r.isPresent()) {
          if (r.get().path("code").asInt() != 0) {
            throw new IOException("registration " + hash + " failed: " + r.get().path("log"));
          }
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("registrations not committed within 120 s");
        }
        LockSupport.parkNanos(200_000_000L);
      }
    }
    progress.accept("registered " + wallets.size() + " usernames " + prefix + "_0..");
  }

  /**
   * Signs {@code count} direct messages, sender {@code i % N} for the i-th, in sequence order, each
   * sealed to its recipient's identity key.
   */
  public List<TransferLoad.Tx> sign(int count) {
    int n = wallets.size();
    long[] base = sequences.clone();
    List<TransferLoad.Tx> txs =
        IntStream.range(0, count)
            .parallel()
            .mapToObj(i -> {
              int s = i % n;
              Wallet from = wallets.get(s);
              Wallet to = wallets.get((s + 1) % n);
              byte[] tx =
                  TxBuilder.forChain(chainId)
                      .addMessage(
                          MsgSendDirectMessage.newBuilder()
                              .setSender(from.address())
                              .setRecipient(to.address())
                              .setPayload(seal(from, to, "message " + i + " of lattice bench"))
                              .build())
                      .fee(List.of(TransferLoad.coin(FEE)))
                      .gasLimit(GAS)
                      .signer(from.signer(), accountNumbers[s], base[s] + i / n)
                      .buildBytes();
              return new TransferLoad.Tx(s, tx);
            })
            .toList();
    for (int i = 0; i < count; i++) {
      sequences[i % n]++;
    }
    return txs;
  }

  private static EncryptedPayload seal(Wallet from, Wallet to, String text) {
    try {
      return Payloads.seal(
          from.identity(),
          Address.parse(from.address()),
          Address.parse(to.address()),
          to.identity().publicKey(),
          text.getBytes(StandardCharsets.UTF_8));
    } catch (E2eException | CryptoException e) {
      throw new IllegalStateException("cannot seal a message to a fresh key: " + e.getMessage(), e);
    }
  }

  private byte[] sign(int s, com.google.protobuf.Message msg) {
    byte[] tx =
        TxBuilder.forChain(chainId)
            .addMessage(msg)
            .fee(List.of(TransferLoad.coin(FEE)))
            .gasLimit(GAS)
            .signer(wallets.get(s).signer(), accountNumbers[s], sequences[s])
            .buildBytes();
    sequences[s]++;
    return tx;
  }
}
