package io.lattice.bench.peer.hardhat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * secp256k1 sender keys and the value transfers they sign with web3j: legacy (type 0) transactions
 * with EIP-155 replay protection, 21,000 gas at a fixed gas price, to one recipient that no key
 * here controls.
 */
public final class TransferSigner {
  public static final long HARDHAT_CHAIN_ID = 31337;
  public static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);

  /** 10 gwei: above hardhat's base fee, which starts at 1 gwei and falls on near-empty blocks. */
  public static final BigInteger GAS_PRICE = BigInteger.valueOf(10_000_000_000L);

  private final long chainId;
  private final BigInteger gasPrice;
  private final List<Credentials> senders;
  private final String recipient;

  public TransferSigner(
      long chainId, BigInteger gasPrice, List<Credentials> senders, String recipient) {
    if (senders.isEmpty()) {
      throw new IllegalArgumentException("at least one sender key is needed");
    }
    this.chainId = chainId;
    this.gasPrice = gasPrice;
    this.senders = List.copyOf(senders);
    this.recipient = recipient;
  }

  /**
   * {@code count} fresh random sender keys for hardhat's chain and a fresh recipient address (the
   * address of one more random key, thrown away).
   */
  public static TransferSigner random(int count, SecureRandom random) {
    List<Credentials> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(randomKey(random));
    }
    return new TransferSigner(HARDHAT_CHAIN_ID, GAS_PRICE, keys, randomKey(random).getAddress());
  }

  static Credentials randomKey(SecureRandom random) {
    BigInteger order = Sign.CURVE_PARAMS.getN();
    byte[] bytes = new byte[32];
    while (true) {
      random.nextBytes(bytes);
      BigInteger k = new BigInteger(1, bytes);
      if (k.signum() > 0 && k.compareTo(order) < 0) {
        return Credentials.create(ECKeyPair.create(k));
      }
    }
  }

  public int senderCount() {
    return senders.size();
  }

  public String recipient() {
    return recipient;
  }

  /** The senders' addresses, 0x-prefixed lower-case hex. */
  public List<String> addresses() {
    return senders.stream().map(Credentials::getAddress).toList();
  }

  /** The senders' private keys, each 0x + 64 hex digits (what hardhat.config.js funds). */
  public List<String> privateKeys() {
    return senders.stream()
        .map(c -> Numeric.toHexStringWithPrefixZeroPadded(c.getEcKeyPair().getPrivateKey(), 64))
        .toList();
  }

  /** The signed, RLP-encoded transaction sending {@code value} wei from sender {@code sender}. */
  public byte[] transfer(int sender, BigInteger nonce, BigInteger value) {
    RawTransaction tx =
        RawTransaction.createEtherTransaction(nonce, gasPrice, TRANSFER_GAS, recipient, value);
    return TransactionEncoder.signMessage(tx, chainId, senders.get(sender));
  }

  /**
   * Signs {@code count} transfers of 1 wei: the i-th from sender {@code i % senders} with nonce
   * {@code nonces[sender] + i / senders}, so each sender's nonces follow on from what the node
   * holds. Uses every core (signing is not what is measured).
   */
  public List<Transfer> sign(long[] nonces, int count) {
    int n = senders.size();
    if (nonces.length != n) {
      throw new IllegalArgumentException(nonces.length + " nonces for " + n + " senders");
    }
    return IntStream.range(0, count)
        .parallel()
        .mapToObj(i -> {
          int s = i % n;
          long nonce = nonces[s] + i / n;
          byte[] signed = transfer(s, BigInteger.valueOf(nonce), BigInteger.ONE);
          String hash = Numeric.toHexString(Hash.sha3(signed));
          return new Transfer(s, nonce, hash, JsonRpc.sendRawTransactionBody(i, signed));
        })
        .toList();
  }
}
