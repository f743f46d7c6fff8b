package io.lattice.reputation;

import io.lattice.runtime.store.KVStore;

/**
 * Read-only rights on reputation: what a module that gates actions on it (channels) receives.
 * Scores are integers in {@code 0..100}; an account never adjusted has the {@code default_score}
 * param (50 by default).
 */
public interface ReputationView {
  long reputation(KVStore state, String address);
}
