package io.lattice.channels;

import io.lattice.proto.channels.v1.Channel;
import io.lattice.proto.channels.v1.Invite;
import io.lattice.proto.channels.v1.Member;
import io.lattice.proto.channels.v1.Post;
import io.lattice.proto.channels.v1.Role;
import io.lattice.runtime.state.Codecs.StringPair;
import io.lattice.runtime.store.KVStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The channels invariants; each returns a description of the first violation found. */
final class ChannelsInvariants {
  private ChannelsInvariants() {}

  /**
   * Every member belongs to an existing channel; each channel has exactly one owner, its {@code
   * owner}, and {@code member_count} members; the membership index holds exactly the members.
   */
  static Optional<String> membership(ChannelsKeeper keeper, KVStore s) {
    Map<String, Channel> channels = byName(keeper.channels(s));
    Map<String, Long> counts = new HashMap<>();
    Map<String, Integer> owners = new HashMap<>();
    Set<StringPair> fromMembers = new HashSet<>();
    for (Member m : keeper.allMembers(s)) {
      Channel c = channels.get(m.getChannel());
      if (c == null) {
        return Optional.of(m.getAddress() + " is a member of missing channel " + m.getChannel());
      }
      if (m.getRole() != Role.ROLE_OWNER
          && m.getRole() != Role.ROLE_MODERATOR
          && m.getRole() != Role.ROLE_MEMBER) {
        return Optional.of(m.getAddress() + " has role " + m.getRole() + " in " + c.getName());
      }
      if (m.getRole() == Role.ROLE_OWNER) {
        owners.merge(c.getName(), 1, Integer::sum);
        if (!m.getAddress().equals(c.getOwner())) {
          return Optional.of(
              m.getAddress()
                  + " has the owner role of "
                  + c.getName()
                  + " owned by "
                  + c.getOwner());
        }
      }
      counts.merge(c.getName(), 1L, Long::sum);
      fromMembers.add(new StringPair(m.getAddress(), m.getChannel()));
    }
    for (Channel c : channels.values()) {
      if (owners.getOrDefault(c.getName(), 0) != 1) {
        return Optional.of(
            c.getName() + " has " + owners.getOrDefault(c.getName(), 0) + " owner members");
      }
      long n = counts.getOrDefault(c.getName(), 0L);
      if (n != c.getMemberCount()) {
        return Optional.of(
            c.getName() + " counts " + c.getMemberCount() + " members, state has " + n);
      }
    }
    Set<StringPair> index = new HashSet<>(keeper.membershipIndex(s));
    if (!index.equals(fromMembers)) {
      return Optional.of(
          "membership index has "
              + index.size()
              + " entries that differ from the "
              + fromMembers.size()
              + " members");
    }
    return Optional.empty();
  }

  /**
   * Every post belongs to an existing channel and has an id below its {@code next_post_id}; each
   * channel's {@code post_count} is its number of posts.
   */
  static Optional<String> posts(ChannelsKeeper keeper, KVStore s) {
    Map<String, Channel> channels = byName(keeper.channels(s));
    Map<String, Long> counts = new HashMap<>();
    for (Post p : keeper.allPosts(s)) {
      Channel c = channels.get(p.getChannel());
      if (c == null) {
        return Optional.of("post " + p.getId() + " of missing channel " + p.getChannel());
      }
      if (p.getId() <= 0 || p.getId() >= c.getNextPostId()) {
        return Optional.of(
            c.getName() + " post " + p.getId() + " not below next_post_id " + c.getNextPostId());
      }
      counts.merge(c.getName(), 1L, Long::sum);
    }
    for (Channel c : channels.values()) {
      long n = counts.getOrDefault(c.getName(), 0L);
      if (n != c.getPostCount()) {
        return Optional.of(c.getName() + " counts " + c.getPostCount() + " posts, state has " + n);
      }
    }
    return Optional.empty();
  }

  /** Every invitation is to an existing channel, for an account that is not yet a member. */
  static Optional<String> invites(ChannelsKeeper keeper, KVStore s) {
    Map<String, Channel> channels = byName(keeper.channels(s));
    for (Invite i : keeper.invites(s)) {
      if (!channels.containsKey(i.getChannel())) {
        return Optional.of("invitation of " + i.getInvitee() + " to missing " + i.getChannel());
      }
      if (keeper.member(s, i.getChannel(), i.getInvitee()).isPresent()) {
        return Optional.of(
            "invitation of " + i.getInvitee() + " to " + i.getChannel() + ", already a member");
      }
    }
    return Optional.empty();
  }

  private static Map<String, Channel> byName(List<Channel> channels) {
    Map<String, Channel> out = new HashMap<>();
    channels.forEach(c -> out.put(c.getName(), c));
    return out;
  }
}
