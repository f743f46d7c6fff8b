package io.lattice.node.p2p;

import java.util.ArrayDeque;
import java.util.Deque;

/** Closes what it was given, last first, so reactors stop before the nodes they read. */
final class Closer implements AutoCloseable {
  private final Deque<AutoCloseable> all = new ArrayDeque<>();

  <T extends AutoCloseable> T add(T c) {
    all.push(c);
    return c;
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    while (!all.isEmpty()) {
      try {
        all.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
