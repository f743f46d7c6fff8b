package io.lattice.consensus.app;

import io.lattice.storage.WriteBatch;
import java.util.List;
import java.util.function.Predicate;

/**
 * Makes an {@link Application} safe to share between the engine's thread and the threads that admit
 * transactions (API handlers calling {@link #checkTx}): every call runs under one lock, which is
 * the {@link Application} contract's "one thread at a time".
 */
public final class SerializedApplication implements Application {
  private final Application delegate;
  private final Object lock = new Object();

  public SerializedApplication(Application delegate) {
    this.delegate = delegate;
  }

  @Override
  public AppInfo info() {
    synchronized (lock) {
      return delegate.info();
    }
  }

  @Override
  public byte[] initChain(byte[] appStateJson, WriteBatch batch) {
    synchronized (lock) {
      return delegate.initChain(appStateJson, batch);
    }
  }

  @Override
  public CheckTxResult checkTx(byte[] tx, boolean recheck) {
    synchronized (lock) {
      return delegate.checkTx(tx, recheck);
    }
  }

  @Override
  public CheckTxResult checkTx(byte[] tx, boolean recheck, Predicate<CheckTxResult> keep) {
    synchronized (lock) {
      return delegate.checkTx(tx, recheck, keep);
    }
  }

  /** Not serialized: preverification reads committed state only and runs beside everything. */
  @Override
  public void preverify(byte[] tx) {
    delegate.preverify(tx);
  }

  @Override
  public FinalizedBlock finalizeBlock(BlockContext context, List<byte[]> txs) {
    synchronized (lock) {
      return delegate.finalizeBlock(context, txs);
    }
  }

  @Override
  public void commit(WriteBatch batch) {
    synchronized (lock) {
      delegate.commit(batch);
    }
  }

  @Override
  public void afterCommit() {
    synchronized (lock) {
      delegate.afterCommit();
    }
  }
}
