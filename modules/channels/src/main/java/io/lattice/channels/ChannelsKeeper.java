package io.lattice.channels;

import io.lattice.bank.BankSender;
import io.lattice.bank.ModuleAccount;
import io.lattice.proto.channels.v1.Channel;
import io.lattice.proto.channels.v1.Invite;
import io.lattice.proto.channels.v1.Member;
import io.lattice.proto.channels.v1.Params;
import io.lattice.proto.channels.v1.Post;
import io.lattice.proto.channels.v1.Role;
import io.lattice.reputation.ReputationView;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Codecs.StringPair;
import io.lattice.runtime.state.Item;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.state.StateMap;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Addresses;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Channels state and the operations on it. Layout (every key under {@code channels/}):
 *
 * <ul>
 *   <li>{@code 0x01 → Params}
 *   <li>{@code 0x02 ‖ len ‖ name → Channel} (name in lower case)
 *   <li>{@code 0x03 ‖ len ‖ name ‖ len ‖ address → Member}
 *   <li>{@code 0x04 ‖ len ‖ address ‖ len ‖ name → joined height} (index for channels of an
 *       account)
 *   <li>{@code 0x05 ‖ len ‖ name ‖ len ‖ invitee → Invite}
 *   <li>{@code 0x06 ‖ len ‖ name ‖ id (8 bytes BE) → Post}
 * </ul>
 *
 * <p>Every operation checks everything before it writes anything.
 */
public final class ChannelsKeeper {
  public static final String NAME = "channels";

  public static final int CODE_INVALID_NAME = 2;
  public static final int CODE_NAME_TAKEN = 3;
  public static final int CODE_LOW_REPUTATION = 4;
  public static final int CODE_NO_CHANNEL = 5;
  public static final int CODE_NOT_MEMBER = 6;
  public static final int CODE_ALREADY_MEMBER = 7;
  public static final int CODE_NOT_INVITED = 8;
  public static final int CODE_FORBIDDEN = 9;
  public static final int CODE_OWNER_CANNOT_LEAVE = 10;
  public static final int CODE_NO_POST = 11;
  public static final int CODE_BAD_POST = 12;
  public static final int CODE_ALREADY_INVITED = 13;
  public static final int CODE_BAD_ROLE = 14;
  public static final int CODE_BAD_TEXT = 15;

  public static final Params DEFAULT_PARAMS =
      Params.newBuilder().setMinReputationToCreate(40).setMaxPostBytes(4096).build();

  private final Schema schema = new Schema(NAME);
  private final Item<Params> params = schema.item(1, "params", Codecs.proto(Params.parser()));
  private final StateMap<String, Channel> channels =
      schema.map(2, "channels", Codecs.STRING_KEY, Codecs.proto(Channel.parser()));
  private final StateMap<StringPair, Member> members =
      schema.map(3, "members", Codecs.STRING_PAIR_KEY, Codecs.proto(Member.parser()));
  private final StateMap<StringPair, Long> memberships =
      schema.map(4, "memberships", Codecs.STRING_PAIR_KEY, Codecs.UINT64);
  private final StateMap<StringPair, Invite> invites =
      schema.map(5, "invites", Codecs.STRING_PAIR_KEY, Codecs.proto(Invite.parser()));
  private final StateMap<PostKey, Post> posts =
      schema.map(6, "posts", PostKey.CODEC, Codecs.proto(Post.parser()));

  private final BankSender bank;
  private final ReputationView reputation;

  public ChannelsKeeper(BankSender bank, ReputationView reputation) {
    this.bank = bank;
    this.reputation = reputation;
  }

  public Schema schema() {
    return schema;
  }

  public Params params(KVStore state) {
    return params.getOrDefault(state, DEFAULT_PARAMS);
  }

  void setParams(KVStore state, Params p) {
    params.set(state, p);
  }

  // ---- reads ----

  /** The channel named {@code name} (any case); empty for a name no channel can have. */
  public Optional<Channel> channel(KVStore state, String name) {
    if (name.isEmpty() || name.length() > ChannelNames.MAX_LENGTH) {
      return Optional.empty();
    }
    return channels.get(state, name.toLowerCase(java.util.Locale.ROOT));
  }

  public List<Channel> channels(KVStore state) {
    return channels.entries(state).stream().map(Map.Entry::getValue).toList();
  }

  public Optional<Member> member(KVStore state, String channel, String address) {
    return members.get(state, new StringPair(channel, address));
  }

  /** Members of {@code channel} (canonical name), ascending by address key. */
  public List<Member> members(KVStore state, String channel) {
    return members.entriesWithKeyPrefix(state, Codecs.STRING_KEY.encode(channel)).stream()
        .map(Map.Entry::getValue)
        .toList();
  }

  public List<Member> allMembers(KVStore state) {
    return members.entries(state).stream().map(Map.Entry::getValue).toList();
  }

  /** Canonical names of the channels {@code address} is a member of, in alphabetical order. */
  public List<String> channelsOf(KVStore state, String address) {
    return memberships.entriesWithKeyPrefix(state, Codecs.STRING_KEY.encode(address)).stream()
        .map(e -> e.getKey().second())
        .sorted()
        .toList();
  }

  /** Every (address, channel) pair of the membership index. */
  List<StringPair> membershipIndex(KVStore state) {
    return memberships.entries(state).stream().map(Map.Entry::getKey).toList();
  }

  public Optional<Invite> invite(KVStore state, String channel, String invitee) {
    return invites.get(state, new StringPair(channel, invitee));
  }

  public List<Invite> invites(KVStore state) {
    return invites.entries(state).stream().map(Map.Entry::getValue).toList();
  }

  public Optional<Post> post(KVStore state, String channel, long id) {
    return posts.get(state, new PostKey(channel, id));
  }

  /** Posts of {@code channel} with id greater than {@code since}, ascending, at most limit. */
  public List<Post> posts(KVStore state, String channel, long since, int limit) {
    return posts.entriesWithKeyPrefix(state, PostKey.channelPrefix(channel)).stream()
        .map(Map.Entry::getValue)
        .filter(p -> p.getId() > since)
        .limit(limit)
        .toList();
  }

  public List<Post> allPosts(KVStore state) {
    return posts.entries(state).stream().map(Map.Entry::getValue).toList();
  }

  // ---- checks shared by the handlers ----

  /** The channel named {@code name}, or CODE_NO_CHANNEL. */
  Channel requireChannel(KVStore state, String name) throws TxException {
    return channel(state, name)
        .orElseThrow(() -> new TxException(NAME, CODE_NO_CHANNEL, "no channel '" + name + "'"));
  }

  /** The membership of {@code address}, or CODE_NOT_MEMBER. */
  Member requireMember(KVStore state, Channel c, String address, String who) throws TxException {
    return member(state, c.getName(), address)
        .orElseThrow(() ->
            new TxException(
                NAME,
                CODE_NOT_MEMBER,
                who + " " + address + " is not a member of channel '" + c.getName() + "'"));
  }

  /** The membership of a moderator or the owner, or CODE_NOT_MEMBER / CODE_FORBIDDEN. */
  Member requireModerator(KVStore state, Channel c, String address, String action)
      throws TxException {
    Member m = requireMember(state, c, address, "moderator");
    if (m.getRole() != Role.ROLE_OWNER && m.getRole() != Role.ROLE_MODERATOR) {
      throw new TxException(
          NAME,
          CODE_FORBIDDEN,
          "only the owner or a moderator of '" + c.getName() + "' may " + action);
    }
    return m;
  }

  // ---- writes ----

  /**
   * Creates channel {@code name} owned by {@code owner} (its only member), without the creation
   * fee: the checks of MsgCreateChannel (name rules, case-insensitive uniqueness, the owner's
   * reputation) and no others. Used by the cross-chain {@code create_channel_with_fee}, whose fee
   * is paid on the other chain.
   *
   * @throws TxException CODE_INVALID_NAME, CODE_NAME_TAKEN, CODE_LOW_REPUTATION, or an invalid
   *     owner address; nothing is written
   */
  public void create(Context ctx, String owner, String name, boolean inviteOnly)
      throws TxException {
    create(ctx, owner, name, inviteOnly, "", false);
  }

  /** {@link #create(Context, String, String, boolean)} with a description, charging the fee. */
  void create(
      Context ctx,
      String owner,
      String name,
      boolean inviteOnly,
      String description,
      boolean chargeFee)
      throws TxException {
    Addresses.check(owner, "creator");
    String canonical = ChannelNames.canonical(name, "name");
    KVStore s = ctx.store();
    if (channels.has(s, canonical)) {
      throw new TxException(NAME, CODE_NAME_TAKEN, "channel name '" + canonical + "' is taken");
    }
    Params p = params(s);
    long rep = reputation.reputation(s, owner);
    if (rep < p.getMinReputationToCreate()) {
      throw new TxException(
          NAME,
          CODE_LOW_REPUTATION,
          "reputation of "
              + owner
              + " is "
              + rep
              + ", creating a channel needs min_reputation_to_create "
              + p.getMinReputationToCreate());
    }
    if (chargeFee && p.getCreationFeeCount() > 0) {
      bank.send(ctx, owner, ModuleAccount.FEE_COLLECTOR.address(), p.getCreationFeeList());
    }
    channels.set(
        s,
        canonical,
        Channel.newBuilder()
            .setName(canonical)
            .setOwner(owner)
            .setInviteOnly(inviteOnly)
            .setDescription(description)
            .setCreatedHeight(ctx.height())
            .setMemberCount(1)
            .setPostCount(0)
            .setNextPostId(1)
            .build());
    putMember(s, canonical, owner, Role.ROLE_OWNER, ctx.height());
    ctx.emit(
        "channels.created",
        "channel",
        canonical,
        "owner",
        owner,
        "invite_only",
        Boolean.toString(inviteOnly));
  }

  /**
   * Deletes channel {@code name} with its members, invitations and posts (the rollback of a
   * cross-chain creation). Nothing happens when there is no such channel.
   */
  public void remove(Context ctx, String name) {
    KVStore s = ctx.store();
    Optional<Channel> found = channel(s, name);
    if (found.isEmpty()) {
      return;
    }
    deleteChannel(s, found.get().getName());
    ctx.emit("channels.removed", "channel", found.get().getName());
  }

  /** Deletes a channel and everything under it. */
  void deleteChannel(KVStore s, String canonical) {
    for (Member m : members(s, canonical)) {
      deleteMember(s, canonical, m.getAddress());
    }
    for (Map.Entry<StringPair, Invite> e :
        invites.entriesWithKeyPrefix(s, Codecs.STRING_KEY.encode(canonical))) {
      invites.remove(s, e.getKey());
    }
    for (Map.Entry<PostKey, Post> e :
        posts.entriesWithKeyPrefix(s, PostKey.channelPrefix(canonical))) {
      posts.remove(s, e.getKey());
    }
    channels.remove(s, canonical);
  }

  void putChannel(KVStore s, Channel c) {
    channels.set(s, c.getName(), c);
  }

  void putMember(KVStore s, String channel, String address, Role role, long height) {
    members.set(
        s,
        new StringPair(channel, address),
        Member.newBuilder()
            .setChannel(channel)
            .setAddress(address)
            .setRole(role)
            .setJoinedHeight(height)
            .build());
    memberships.set(s, new StringPair(address, channel), height);
  }

  void deleteMember(KVStore s, String channel, String address) {
    members.remove(s, new StringPair(channel, address));
    memberships.remove(s, new StringPair(address, channel));
  }

  void putInvite(KVStore s, Invite i) {
    invites.set(s, new StringPair(i.getChannel(), i.getInvitee()), i);
  }

  void deleteInvite(KVStore s, String channel, String invitee) {
    invites.remove(s, new StringPair(channel, invitee));
  }

  void putPost(KVStore s, Post p) {
    posts.set(s, new PostKey(p.getChannel(), p.getId()), p);
  }

  void deletePost(KVStore s, String channel, long id) {
    posts.remove(s, new PostKey(channel, id));
  }
}
