package io.lattice.consensus.app;

import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.TxResult;
import java.util.List;

/**
 * Results of executing a block: one {@link TxResult} per transaction in block order, block-level
 * events, and the app hash the state will have once committed.
 */
public record FinalizedBlock(List<TxResult> txResults, List<Event> events, byte[] appHash) {}
