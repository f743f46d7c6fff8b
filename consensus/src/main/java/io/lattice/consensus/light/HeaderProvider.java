package io.lattice.consensus.light;

import io.lattice.proto.consensus.v1.LightBlock;
import java.util.Optional;

/**
 * Where a light client fetches headers it does not have (a full node's RPC, a relayer, a peer).
 * Nothing it returns is trusted: every block is verified before use.
 */
public interface HeaderProvider {
  /** The signed header at {@code height} with its validator set, or empty when unavailable. */
  Optional<LightBlock> lightBlock(long height);
}
