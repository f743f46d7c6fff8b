package io.lattice.runtime.module;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.ValidatorUpdate;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.store.KVStore;
import java.util.List;

/**
 * A state-machine module (Cosmos SDK {@code x/} style). {@code LatticeApp} composes modules in a
 * fixed order: genesis is imported and exported in that order, end-block hooks run in that order.
 *
 * <p>Contract: everything a module does is deterministic — no wall clock, no unordered iteration,
 * no floating point; all state goes through {@link Context#store()} under {@link #schema()}'s
 * prefix.
 */
public interface Module {
  /** Unique lower-case name; also the state prefix and the genesis key. */
  default String name() {
    return schema().module();
  }

  Schema schema();

  /** Message types this module handles. */
  default List<MsgType<?>> messages() {
    return List.of();
  }

  /**
   * Loads the module's genesis section.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  void initGenesis(Context ctx, JsonNode genesis);

  /** Exports state in the form {@link #initGenesis} accepts (re-import gives the same app hash). */
  JsonNode exportGenesis(Context ctx);

  /** The genesis section used when genesis.json has none for this module. */
  JsonNode defaultGenesis();

  /**
   * The module's current params as JSON (the same shape as the genesis {@code params} section); an
   * empty object for a module without params.
   */
  default JsonNode params(KVStore state) {
    return GenesisJson.object();
  }

  /**
   * Replaces the module's params with {@code params} (the shape {@link #params} returns; governance
   * calls this when a parameter-change proposal passes). The module validates the whole object
   * before writing anything.
   *
   * @throws IllegalArgumentException naming the invalid or unknown field; nothing is written
   */
  default void setParams(Context ctx, JsonNode params) {
    throw new IllegalArgumentException("module " + name() + " has no params governance can change");
  }

  default List<Invariant> invariants() {
    return List.of();
  }

  default List<QueryRoute> queries() {
    return List.of();
  }

  /**
   * Runs before the block's transactions, in module order, with the block's last-commit votes and
   * misbehaviour evidence; its events are block events.
   */
  default void beginBlock(Context ctx, BlockContext block) {}

  /** Runs after the block's transactions; its events are block events. */
  default void endBlock(Context ctx) {}

  /**
   * Called after every module's {@link #endBlock}: the validator-set changes this module decides
   * for the block (at most one per public key; they take effect two blocks later). Only the module
   * that owns the validator set (staking) returns any.
   */
  default List<ValidatorUpdate> validatorUpdates(Context ctx) {
    return List.of();
  }
}
