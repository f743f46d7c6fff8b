package io.lattice.node.api;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** When a node is ready to serve traffic ({@code GET /health/ready}). */
public final class Readiness {
  public static final String NO_BLOCK = "no block committed yet";
  public static final String CATCHING_UP = "catching up";
  public static final String NO_PEERS = "no peers";

  private Readiness() {}

  /**
   * The reasons the node is not ready, empty when it is: it has committed at least one block, is
   * not catching up ({@link ChainView#catchingUp()}), and, when it runs P2P ({@code peers}
   * present), has at least one connected peer.
   */
  public static List<String> reasons(ChainView chain, OptionalInt peers) {
    List<String> out = new ArrayList<>();
    if (chain.latestHeight() < 1) {
      out.add(NO_BLOCK);
    }
    if (chain.catchingUp()) {
      out.add(CATCHING_UP);
    }
    if (peers.isPresent() && peers.getAsInt() < 1) {
      out.add(NO_PEERS);
    }
    return out;
  }
}
