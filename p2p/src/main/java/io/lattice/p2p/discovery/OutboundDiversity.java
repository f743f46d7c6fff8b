package io.lattice.p2p.discovery;

import io.lattice.p2p.PeerAddress;
import io.lattice.p2p.peer.AddressGroups;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which known contacts automatic dialling picks, so that outbound peers spread over address groups
 * ({@link AddressGroups}: IPv4 /16, IPv6 /32, or the host name) — the eclipse counter-measure of
 * Bitcoin Core's netgroup rule. The rule: each pick goes to a contact of the group with the fewest
 * outbound peers so far (connected ones plus those picked before it), ties broken by the
 * candidates' order. So every group without an outbound peer gets one before any group gets a
 * second; a group gets more only when no contact of a less used group is known (a network on one
 * host or one /16 still fills its outbound slots).
 */
public final class OutboundDiversity {
  private OutboundDiversity() {}

  /**
   * Up to {@code count} of {@code candidates} (in order of preference, none of them connected) to
   * dial, given the address groups of the connected outbound peers ({@code outboundGroups}, one
   * entry per peer).
   */
  public static List<PeerAddress> pick(
      List<PeerAddress> candidates, List<String> outboundGroups, int count) {
    Map<String, Integer> used = new HashMap<>();
    outboundGroups.forEach(g -> used.merge(g, 1, Integer::sum));
    List<PeerAddress> remaining = new ArrayList<>(candidates);
    List<String> groups = new ArrayList<>();
    remaining.forEach(c -> groups.add(AddressGroups.group(c.host())));
    List<PeerAddress> picked = new ArrayList<>();
    while (picked.size() < count && !remaining.isEmpty()) {
      int best = 0;
      for (int i = 1; i < remaining.size(); i++) {
        if (used.getOrDefault(groups.get(i), 0) < used.getOrDefault(groups.get(best), 0)) {
          best = i;
        }
      }
      picked.add(remaining.remove(best));
      used.merge(groups.remove(best), 1, Integer::sum);
    }
    return picked;
  }
}
