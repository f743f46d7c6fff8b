package io.lattice.consensus;

/** What an engine reports: each committed block, and the failure that halted it, if one does. */
public interface EngineListener {
  void committed(BlockCommitted block);

  /**
   * The engine stopped deciding blocks because of {@code cause} (a storage failure, an application
   * that threw); the node should shut down. The last durable block is intact.
   */
  default void halted(Throwable cause) {}
}
