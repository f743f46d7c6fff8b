package io.lattice.runtime.module;

import io.lattice.runtime.store.KVStore;
import java.util.Optional;

/**
 * A property of state that must hold after every block, e.g. "sum of balances = supply". Checked by
 * {@code LatticeApp#checkInvariants} and by the simulation test after every block.
 */
public record Invariant(String name, Check check) {
  /** Returns a description of the violation, or empty when the invariant holds. */
  @FunctionalInterface
  public interface Check {
    Optional<String> broken(KVStore state);
  }
}
