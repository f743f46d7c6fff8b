package io.lattice.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.proto.channels.v1.Channel;
import io.lattice.proto.channels.v1.Invite;
import io.lattice.proto.channels.v1.Member;
import io.lattice.proto.channels.v1.MsgCreateChannel;
import io.lattice.proto.channels.v1.MsgDeletePost;
import io.lattice.proto.channels.v1.MsgInvite;
import io.lattice.proto.channels.v1.MsgJoinChannel;
import io.lattice.proto.channels.v1.MsgLeaveChannel;
import io.lattice.proto.channels.v1.MsgPost;
import io.lattice.proto.channels.v1.MsgRemoveMember;
import io.lattice.proto.channels.v1.MsgRemovePost;
import io.lattice.proto.channels.v1.MsgSetRole;
import io.lattice.proto.channels.v1.Params;
import io.lattice.proto.channels.v1.Post;
import io.lattice.proto.channels.v1.Role;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.Invariant;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.QueryRoute;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Codecs.StringPair;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Addresses;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** The channels module. Spec: modules/channels/README.md. */
public final class ChannelsModule implements Module {
  private static final String PREFIX = "/lattice.channels.v1.";
  public static final String MSG_CREATE = PREFIX + "MsgCreateChannel";
  public static final String MSG_JOIN = PREFIX + "MsgJoinChannel";
  public static final String MSG_LEAVE = PREFIX + "MsgLeaveChannel";
  public static final String MSG_INVITE = PREFIX + "MsgInvite";
  public static final String MSG_SET_ROLE = PREFIX + "MsgSetRole";
  public static final String MSG_POST = PREFIX + "MsgPost";
  public static final String MSG_DELETE_POST = PREFIX + "MsgDeletePost";
  public static final String MSG_REMOVE_POST = PREFIX + "MsgRemovePost";
  public static final String MSG_REMOVE_MEMBER = PREFIX + "MsgRemoveMember";

  /** Most posts one "posts" query returns. */
  public static final int MAX_QUERY_LIMIT = 1000;

  public static final int DEFAULT_QUERY_LIMIT = 100;

  private final ChannelsKeeper keeper;
  private final ChannelsHandlers handlers;

  public ChannelsModule(ChannelsKeeper keeper) {
    this.keeper = keeper;
    this.handlers = new ChannelsHandlers(keeper);
  }

  public ChannelsKeeper keeper() {
    return keeper;
  }

  @Override
  public Schema schema() {
    return keeper.schema();
  }

  @Override
  public List<MsgType<?>> messages() {
    return List.of(
        new MsgType<>(
            MSG_CREATE,
            MsgCreateChannel.class,
            MsgCreateChannel.parser(),
            m -> List.of(m.getCreator()),
            ChannelsHandlers::checkCreate,
            handlers::create),
        new MsgType<>(
            MSG_JOIN,
            MsgJoinChannel.class,
            MsgJoinChannel.parser(),
            m -> List.of(m.getMember()),
            ChannelsHandlers::checkJoin,
            handlers::join),
        new MsgType<>(
            MSG_LEAVE,
            MsgLeaveChannel.class,
            MsgLeaveChannel.parser(),
            m -> List.of(m.getMember()),
            ChannelsHandlers::checkLeave,
            handlers::leave),
        new MsgType<>(
            MSG_INVITE,
            MsgInvite.class,
            MsgInvite.parser(),
            m -> List.of(m.getInviter()),
            ChannelsHandlers::checkInvite,
            handlers::invite),
        new MsgType<>(
            MSG_SET_ROLE,
            MsgSetRole.class,
            MsgSetRole.parser(),
            m -> List.of(m.getActor()),
            ChannelsHandlers::checkSetRole,
            handlers::setRole),
        new MsgType<>(
            MSG_POST,
            MsgPost.class,
            MsgPost.parser(),
            m -> List.of(m.getAuthor()),
            ChannelsHandlers::checkPost,
            handlers::post),
        new MsgType<>(
            MSG_DELETE_POST,
            MsgDeletePost.class,
            MsgDeletePost.parser(),
            m -> List.of(m.getAuthor()),
            ChannelsHandlers::checkDeletePost,
            handlers::deletePost),
        new MsgType<>(
            MSG_REMOVE_POST,
            MsgRemovePost.class,
            MsgRemovePost.parser(),
            m -> List.of(m.getModerator()),
            ChannelsHandlers::checkRemovePost,
            handlers::removePost),
        new MsgType<>(
            MSG_REMOVE_MEMBER,
            MsgRemoveMember.class,
            MsgRemoveMember.parser(),
            m -> List.of(m.getModerator()),
            ChannelsHandlers::checkRemoveMember,
            handlers::removeMember));
  }

  // ---- genesis and params ----

  private static final Set<String> GENESIS_FIELDS =
      Set.of("params", "channels", "members", "invites", "posts");

  @Override
  public void initGenesis(Context ctx, JsonNode genesis) {
    GenesisJson.requireObject(genesis, "channels", GENESIS_FIELDS);
    Params p =
        genesis.has("params")
            ? ChannelsJson.readParams(
                genesis.get("params"), ChannelsKeeper.DEFAULT_PARAMS, "channels.params")
            : ChannelsKeeper.DEFAULT_PARAMS;
    Map<String, Channel> channels = new HashMap<>();
    int i = 0;
    for (JsonNode n : GenesisJson.optionalArray(genesis, "channels", "channels")) {
      String at = "channels.channels[" + i++ + "]";
      Channel c = ChannelsJson.readChannel(n, at);
      if (channels.put(c.getName(), c) != null) {
        throw new IllegalArgumentException(at + ": duplicate channel " + c.getName());
      }
    }
    Set<StringPair> memberKeys = new HashSet<>();
    List<Member> members = new java.util.ArrayList<>();
    i = 0;
    for (JsonNode n : GenesisJson.optionalArray(genesis, "members", "channels")) {
      String at = "channels.members[" + i++ + "]";
      Member m = ChannelsJson.readMember(n, at);
      requireKnown(channels, m.getChannel(), at);
      if (!memberKeys.add(new StringPair(m.getChannel(), m.getAddress()))) {
        throw new IllegalArgumentException(at + ": duplicate member " + m.getAddress());
      }
      members.add(m);
    }
    Set<StringPair> inviteKeys = new HashSet<>();
    List<Invite> invites = new java.util.ArrayList<>();
    i = 0;
    for (JsonNode n : GenesisJson.optionalArray(genesis, "invites", "channels")) {
      String at = "channels.invites[" + i++ + "]";
      Invite inv = ChannelsJson.readInvite(n, at);
      requireKnown(channels, inv.getChannel(), at);
      StringPair key = new StringPair(inv.getChannel(), inv.getInvitee());
      if (!inviteKeys.add(key)) {
        throw new IllegalArgumentException(at + ": duplicate invite of " + inv.getInvitee());
      }
      if (memberKeys.contains(key)) {
        throw new IllegalArgumentException(at + ": " + inv.getInvitee() + " is already a member");
      }
      invites.add(inv);
    }
    Set<String> postKeys = new HashSet<>();
    List<Post> posts = new java.util.ArrayList<>();
    i = 0;
    for (JsonNode n : GenesisJson.optionalArray(genesis, "posts", "channels")) {
      String at = "channels.posts[" + i++ + "]";
      Post post = ChannelsJson.readPost(n, at);
      Channel c = requireKnown(channels, post.getChannel(), at);
      if (post.getId() >= c.getNextPostId()) {
        throw new IllegalArgumentException(
            at + ": id " + post.getId() + " is not below next_post_id " + c.getNextPostId());
      }
      if (!postKeys.add(post.getChannel() + "/" + post.getId())) {
        throw new IllegalArgumentException(at + ": duplicate post id " + post.getId());
      }
      posts.add(post);
    }
    KVStore s = ctx.store();
    keeper.setParams(s, p);
    channels.values().forEach(c -> keeper.putChannel(s, c));
    members.forEach(
        m -> keeper.putMember(s, m.getChannel(), m.getAddress(), m.getRole(), m.getJoinedHeight()));
    invites.forEach(inv -> keeper.putInvite(s, inv));
    posts.forEach(post -> keeper.putPost(s, post));
  }

  private static Channel requireKnown(Map<String, Channel> channels, String name, String at) {
    Channel c = channels.get(name);
    if (c == null) {
      throw new IllegalArgumentException(at + ": no channel '" + name + "' in genesis");
    }
    return c;
  }

  @Override
  public JsonNode exportGenesis(Context ctx) {
    KVStore s = ctx.store();
    ObjectNode out = GenesisJson.object();
    out.set("params", ChannelsJson.params(keeper.params(s)));
    ArrayNode channels = out.putArray("channels");
    keeper.channels(s).forEach(c -> channels.add(ChannelsJson.channel(c)));
    ArrayNode members = out.putArray("members");
    keeper.allMembers(s).forEach(m -> members.add(ChannelsJson.member(m)));
    ArrayNode invites = out.putArray("invites");
    keeper.invites(s).forEach(inv -> invites.add(ChannelsJson.invite(inv)));
    ArrayNode posts = out.putArray("posts");
    keeper.allPosts(s).forEach(p -> posts.add(ChannelsJson.post(p)));
    return out;
  }

  @Override
  public JsonNode defaultGenesis() {
    ObjectNode out = GenesisJson.object();
    out.set("params", ChannelsJson.params(ChannelsKeeper.DEFAULT_PARAMS));
    return out;
  }

  @Override
  public JsonNode params(KVStore state) {
    return ChannelsJson.params(keeper.params(state));
  }

  /**
   * Fields left out keep their current values; everything is checked before anything is written.
   */
  @Override
  public void setParams(Context ctx, JsonNode params) {
    Params p = ChannelsJson.readParams(params, keeper.params(ctx.store()), "channels.params");
    keeper.setParams(ctx.store(), p);
    ctx.emit("channels.params", "params", ChannelsJson.params(p).toString());
  }

  // ---- invariants ----

  @Override
  public List<Invariant> invariants() {
    return List.of(
        new Invariant("membership", s -> ChannelsInvariants.membership(keeper, s)),
        new Invariant("posts", s -> ChannelsInvariants.posts(keeper, s)),
        new Invariant("invites", s -> ChannelsInvariants.invites(keeper, s)));
  }

  // ---- queries ----

  @Override
  public List<QueryRoute> queries() {
    return List.of(
        new QueryRoute("channel", (s, req) -> ChannelsJson.channel(channelOf(s, req, "name"))),
        new QueryRoute(
            "members",
            (s, req) -> {
              Channel c = channelOf(s, req, "channel");
              ObjectNode out = GenesisJson.object();
              out.put("channel", c.getName());
              ArrayNode arr = out.putArray("members");
              keeper.members(s, c.getName()).forEach(m -> arr.add(ChannelsJson.member(m)));
              return out;
            }),
        new QueryRoute(
            "posts",
            (s, req) -> {
              Channel c = channelOf(s, req, "channel");
              long since = GenesisJson.uint64(req, "since", "request", 0);
              long limit = GenesisJson.uint64(req, "limit", "request", DEFAULT_QUERY_LIMIT);
              if (limit < 1 || limit > MAX_QUERY_LIMIT) {
                throw new IllegalArgumentException(
                    "request.limit must be 1.." + MAX_QUERY_LIMIT + ", got " + limit);
              }
              ObjectNode out = GenesisJson.object();
              out.put("channel", c.getName());
              ArrayNode arr = out.putArray("posts");
              keeper
                  .posts(s, c.getName(), since, (int) limit)
                  .forEach(p -> arr.add(ChannelsJson.post(p)));
              return out;
            }),
        new QueryRoute(
            "channels_of",
            (s, req) -> {
              String address = GenesisJson.requireString(req, "address", "request");
              try {
                Addresses.check(address, "address");
              } catch (TxException e) {
                throw new IllegalArgumentException(e.reason(), e);
              }
              ObjectNode out = GenesisJson.object();
              out.put("address", address);
              ArrayNode arr = out.putArray("channels");
              for (String name : keeper.channelsOf(s, address)) {
                Role role =
                    keeper.member(s, name, address).map(Member::getRole).orElse(Role.ROLE_MEMBER);
                arr.addObject().put("name", name).put("role", ChannelsJson.roleName(role));
              }
              return out;
            }),
        new QueryRoute("params", (s, req) -> params(s)));
  }

  private Channel channelOf(KVStore s, JsonNode req, String field) {
    String name = GenesisJson.requireString(req, field, "request");
    Optional<Channel> c = keeper.channel(s, name);
    return c.orElseThrow(() -> new NoSuchElementException("no channel '" + name + "'"));
  }
}
