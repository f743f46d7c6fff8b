package io.lattice.sdk;

import com.google.protobuf.Message;
import io.lattice.proto.tx.v1.TxRaw;
import io.lattice.runtime.tx.TxBuilder;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Builds, signs (with the runtime's {@link TxBuilder}) and submits transactions for wallets,
 * keeping each signer's next sequence so that consecutive transactions need not wait for one
 * another. Thread-safe: transactions of one wallet are signed one at a time.
 */
public final class TxSender {
  private final NodeClient node;
  private final FeePolicy fees;
  private final Map<String, long[]> accounts = new HashMap<>();
  private volatile String chainId;

  public TxSender(NodeClient node, FeePolicy fees) {
    this.node = node;
    this.fees = fees;
  }

  public NodeClient node() {
    return node;
  }

  public FeePolicy fees() {
    return fees;
  }

  /** The node's chain id, asked once. */
  public String chainId() throws NodeException {
    String id = chainId;
    if (id == null) {
      id = node.status().chainId();
      chainId = id;
    }
    return id;
  }

  /**
   * The signed transaction for these inputs: {@code msgs} in order, this client's fee policy, the
   * given account number and sequence. Pure: the same inputs give the same bytes (ed25519
   * signatures are deterministic).
   */
  public static TxRaw build(
      String chainId,
      FeePolicy fees,
      Wallet wallet,
      long accountNumber,
      long sequence,
      List<? extends Message> msgs,
      String memo) {
    if (msgs.isEmpty()) {
      throw new IllegalArgumentException("a transaction needs at least one message");
    }
    TxBuilder b =
        TxBuilder.forChain(chainId)
            .memo(memo)
            .fee(List.of(fees.fee().toProto()))
            .gasLimit(fees.gasLimit())
            .signer(wallet.signer(), accountNumber, sequence);
    msgs.forEach(b::addMessage);
    return b.build();
  }

  /**
   * Signs {@code msgs} as {@code wallet}, submits them and waits for the block (mode {@code
   * commit}). A sequence mismatch (the wallet also signed elsewhere) is retried once with the
   * node's sequence.
   *
   * @throws TxRejectedException when the node refuses the transaction
   * @throws TxFailedException when it was included but its execution failed
   */
  public TxResult send(Wallet wallet, List<? extends Message> msgs) throws LatticeException {
    return send(wallet, msgs, "");
  }

  public TxResult send(Wallet wallet, List<? extends Message> msgs, String memo)
      throws LatticeException {
    synchronized (lock(wallet)) {
      for (int attempt = 0; ; attempt++) {
        long[] acct = account(wallet);
        byte[] tx = build(chainId(), fees, wallet, acct[0], acct[1], msgs, memo).toByteArray();
        TxResult result;
        try {
          result = node.broadcastCommit(tx);
        } catch (TxRejectedException e) {
          forget(wallet);
          if (attempt == 0 && e.isSequenceMismatch()) {
            continue;
          }
          throw e;
        } catch (NodeException e) {
          forget(wallet);
          throw e;
        }
        if (result.isSuccess()) {
          acct[1]++;
        } else {
          forget(wallet);
        }
        return result.requireSuccess();
      }
    }
  }

  /**
   * Signs and submits without waiting for the block (mode {@code sync}); returns the transaction
   * hash. Use {@link NodeClient#waitForConfirmation} for the outcome.
   */
  public String submit(Wallet wallet, List<? extends Message> msgs) throws LatticeException {
    synchronized (lock(wallet)) {
      long[] acct = account(wallet);
      byte[] tx = build(chainId(), fees, wallet, acct[0], acct[1], msgs, "").toByteArray();
      try {
        String hash = node.broadcastSync(tx);
        acct[1]++;
        return hash.isEmpty() ? HexFormat.of().formatHex(TxBuilder.hash(tx)) : hash;
      } catch (NodeException e) {
        forget(wallet);
        throw e;
      }
    }
  }

  private Object lock(Wallet wallet) {
    synchronized (accounts) {
      return accounts.computeIfAbsent(wallet.address(), a -> new long[] {-1, -1});
    }
  }

  private long[] account(Wallet wallet) throws LatticeException {
    long[] acct;
    synchronized (accounts) {
      acct = accounts.get(wallet.address());
    }
    if (acct[0] < 0) {
      String chain = chainId();
      AccountInfo info =
          node.account(wallet.address())
              .orElseThrow(() ->
                  new LatticeException(
                      "account "
                          + wallet.address()
                          + " not found on chain "
                          + chain
                          + ": it must receive funds first"));
      acct[0] = info.accountNumber();
      acct[1] = info.sequence();
    }
    return acct;
  }

  private void forget(Wallet wallet) {
    synchronized (accounts) {
      long[] acct = accounts.get(wallet.address());
      if (acct != null) {
        acct[0] = -1;
        acct[1] = -1;
      }
    }
  }
}
