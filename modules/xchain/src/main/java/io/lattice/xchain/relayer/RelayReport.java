package io.lattice.xchain.relayer;

import java.util.ArrayList;
import java.util.List;

/**
 * What one {@link Relayer#relayOnce()} round did: counts of client updates, packets received,
 * acknowledged and timed out, messages another relayer had already done, packets that reached the
 * destination too late (they are timed out in a later round), and each refusal with its reason.
 */
public record RelayReport(
    int clientUpdates,
    int received,
    int acknowledged,
    int timedOut,
    int alreadyDone,
    int late,
    List<String> refused) {
  public RelayReport {
    refused = List.copyOf(refused);
  }

  public static RelayReport empty() {
    return new RelayReport(0, 0, 0, 0, 0, 0, List.of());
  }

  public RelayReport plus(RelayReport o) {
    List<String> r = new ArrayList<>(refused);
    r.addAll(o.refused);
    return new RelayReport(
        clientUpdates + o.clientUpdates,
        received + o.received,
        acknowledged + o.acknowledged,
        timedOut + o.timedOut,
        alreadyDone + o.alreadyDone,
        late + o.late,
        r);
  }

  /** Whether the round moved anything. */
  public boolean idle() {
    return clientUpdates + received + acknowledged + timedOut == 0;
  }

  @Override
  public String toString() {
    return "updates="
        + clientUpdates
        + " received="
        + received
        + " acknowledged="
        + acknowledged
        + " timed_out="
        + timedOut
        + " already_done="
        + alreadyDone
        + " late="
        + late
        + " refused="
        + refused.size();
  }
}
