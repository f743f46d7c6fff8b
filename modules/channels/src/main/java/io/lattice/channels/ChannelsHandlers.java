package io.lattice.channels;

import static io.lattice.channels.ChannelsKeeper.CODE_ALREADY_INVITED;
import static io.lattice.channels.ChannelsKeeper.CODE_ALREADY_MEMBER;
import static io.lattice.channels.ChannelsKeeper.CODE_BAD_POST;
import static io.lattice.channels.ChannelsKeeper.CODE_BAD_ROLE;
import static io.lattice.channels.ChannelsKeeper.CODE_BAD_TEXT;
import static io.lattice.channels.ChannelsKeeper.CODE_FORBIDDEN;
import static io.lattice.channels.ChannelsKeeper.CODE_NOT_INVITED;
import static io.lattice.channels.ChannelsKeeper.CODE_NO_POST;
import static io.lattice.channels.ChannelsKeeper.CODE_OWNER_CANNOT_LEAVE;
import static io.lattice.channels.ChannelsKeeper.NAME;

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
import io.lattice.proto.channels.v1.Post;
import io.lattice.proto.channels.v1.Role;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Addresses;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Stateless checks and handlers of the channels messages. Each handler checks everything before its
 * first write.
 */
final class ChannelsHandlers {
  static final int MAX_DESCRIPTION_BYTES = 512;
  static final int MAX_REASON_BYTES = 256;

  private final ChannelsKeeper keeper;

  ChannelsHandlers(ChannelsKeeper keeper) {
    this.keeper = keeper;
  }

  // ---- stateless checks ----

  static void checkCreate(MsgCreateChannel m) throws TxException {
    Addresses.check(m.getCreator(), "creator");
    ChannelNames.canonical(m.getName(), "name");
    checkText(m.getDescription(), "description", MAX_DESCRIPTION_BYTES);
  }

  static void checkJoin(MsgJoinChannel m) throws TxException {
    Addresses.check(m.getMember(), "member");
    ChannelNames.canonical(m.getChannel(), "channel");
  }

  static void checkLeave(MsgLeaveChannel m) throws TxException {
    Addresses.check(m.getMember(), "member");
    ChannelNames.canonical(m.getChannel(), "channel");
  }

  static void checkInvite(MsgInvite m) throws TxException {
    Addresses.check(m.getInviter(), "inviter");
    Addresses.check(m.getInvitee(), "invitee");
    ChannelNames.canonical(m.getChannel(), "channel");
  }

  static void checkSetRole(MsgSetRole m) throws TxException {
    Addresses.check(m.getActor(), "actor");
    Addresses.check(m.getMember(), "member");
    ChannelNames.canonical(m.getChannel(), "channel");
    if (m.getRole() != Role.ROLE_MODERATOR && m.getRole() != Role.ROLE_MEMBER) {
      throw new TxException(
          NAME, CODE_BAD_ROLE, "role must be ROLE_MODERATOR or ROLE_MEMBER, got " + m.getRole());
    }
  }

  static void checkPost(MsgPost m) throws TxException {
    Addresses.check(m.getAuthor(), "author");
    ChannelNames.canonical(m.getChannel(), "channel");
    if (m.getContent().isEmpty()) {
      throw new TxException(NAME, CODE_BAD_POST, "content is empty");
    }
  }

  static void checkDeletePost(MsgDeletePost m) throws TxException {
    Addresses.check(m.getAuthor(), "author");
    ChannelNames.canonical(m.getChannel(), "channel");
    checkPostId(m.getPostId());
  }

  static void checkRemovePost(MsgRemovePost m) throws TxException {
    Addresses.check(m.getModerator(), "moderator");
    ChannelNames.canonical(m.getChannel(), "channel");
    checkPostId(m.getPostId());
    checkText(m.getReason(), "reason", MAX_REASON_BYTES);
  }

  static void checkRemoveMember(MsgRemoveMember m) throws TxException {
    Addresses.check(m.getModerator(), "moderator");
    Addresses.check(m.getMember(), "member");
    ChannelNames.canonical(m.getChannel(), "channel");
  }

  private static void checkPostId(long id) throws TxException {
    if (id <= 0) {
      throw new TxException(NAME, CODE_NO_POST, "post_id must be a positive post id");
    }
  }

  private static void checkText(String text, String field, int maxBytes) throws TxException {
    if (text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw new TxException(NAME, CODE_BAD_TEXT, field + " is longer than " + maxBytes + " bytes");
    }
  }

  // ---- handlers ----

  void create(Context ctx, MsgCreateChannel m) throws TxException {
    keeper.create(ctx, m.getCreator(), m.getName(), m.getInviteOnly(), m.getDescription(), true);
  }

  private Channel channel(KVStore s, String name) throws TxException {
    return keeper.requireChannel(s, ChannelNames.canonical(name, "channel"));
  }

  void join(Context ctx, MsgJoinChannel m) throws TxException {
    KVStore s = ctx.store();
    Channel c = channel(s, m.getChannel());
    String who = m.getMember();
    if (keeper.member(s, c.getName(), who).isPresent()) {
      throw new TxException(
          NAME, CODE_ALREADY_MEMBER, who + " is already a member of '" + c.getName() + "'");
    }
    Optional<Invite> invite = keeper.invite(s, c.getName(), who);
    if (c.getInviteOnly() && invite.isEmpty()) {
      throw new TxException(
          NAME,
          CODE_NOT_INVITED,
          "channel '" + c.getName() + "' is invite-only and " + who + " has no invitation");
    }
    if (invite.isPresent()) {
      keeper.deleteInvite(s, c.getName(), who);
    }
    keeper.putMember(s, c.getName(), who, Role.ROLE_MEMBER, ctx.height());
    keeper.putChannel(s, c.toBuilder().setMemberCount(c.getMemberCount() + 1).build());
    ctx.emit("channels.joined", "channel", c.getName(), "member", who);
  }

  void leave(Context ctx, MsgLeaveChannel m) throws TxException {
    KVStore s = ctx.store();
    Channel c = channel(s, m.getChannel());
    Member me = keeper.requireMember(s, c, m.getMember(), "member");
    if (me.getRole() == Role.ROLE_OWNER) {
      if (c.getMemberCount() > 1) {
        throw new TxException(
            NAME,
            CODE_OWNER_CANNOT_LEAVE,
            "the owner cannot leave '"
                + c.getName()
                + "' while "
                + (c.getMemberCount() - 1)
                + " other member(s) remain");
      }
      keeper.deleteChannel(s, c.getName());
      ctx.emit("channels.left", "channel", c.getName(), "member", m.getMember());
      ctx.emit("channels.closed", "channel", c.getName());
      return;
    }
    keeper.deleteMember(s, c.getName(), m.getMember());
    keeper.putChannel(s, c.toBuilder().setMemberCount(c.getMemberCount() - 1).build());
    ctx.emit("channels.left", "channel", c.getName(), "member", m.getMember());
  }

  void invite(Context ctx, MsgInvite m) throws TxException {
    KVStore s = ctx.store();
    Channel c = channel(s, m.getChannel());
    keeper.requireModerator(s, c, m.getInviter(), "invite");
    String invitee = m.getInvitee();
    if (keeper.member(s, c.getName(), invitee).isPresent()) {
      throw new TxException(
          NAME, CODE_ALREADY_MEMBER, invitee + " is already a member of '" + c.getName() + "'");
    }
    if (keeper.invite(s, c.getName(), invitee).isPresent()) {
      throw new TxException(
          NAME,
          CODE_ALREADY_INVITED,
          invitee + " already has an invitation to '" + c.getName() + "'");
    }
    keeper.putInvite(
        s,
        Invite.newBuilder()
            .setChannel(c.getName())
            .setInvitee(invitee)
            .setInviter(m.getInviter())
            .setHeight(ctx.height())
            .build());
    ctx.emit(
        "channels.invited", "channel", c.getName(), "inviter", m.getInviter(), "invitee", invitee);
  }

  void setRole(Context ctx, MsgSetRole m) throws TxException {
    KVStore s = ctx.store();
    Channel c = channel(s, m.getChannel());
    Member actor = keeper.requireMember(s, c, m.getActor(), "actor");
    if (actor.getRole() != Role.ROLE_OWNER) {
      throw new TxException(
          NAME, CODE_FORBIDDEN, "only the owner of '" + c.getName() + "' may set roles");
    }
    Member target = keeper.requireMember(s, c, m.getMember(), "member");
    if (target.getRole() == Role.ROLE_OWNER) {
      throw new TxException(NAME, CODE_BAD_ROLE, "the owner's role cannot be changed");
    }
    if (target.getRole() == m.getRole()) {
      throw new TxException(
          NAME, CODE_BAD_ROLE, m.getMember() + " already has role " + m.getRole());
    }
    keeper.putMember(s, c.getName(), m.getMember(), m.getRole(), target.getJoinedHeight());
    ctx.emit(
        "channels.role_set",
        "channel",
        c.getName(),
        "member",
        m.getMember(),
        "role",
        ChannelsJson.roleName(m.getRole()));
  }

  void post(Context ctx, MsgPost m) throws TxException {
    KVStore s = ctx.store();
    Channel c = channel(s, m.getChannel());
    keeper.requireMember(s, c, m.getAuthor(), "author");
    long max = keeper.params(s).getMaxPostBytes();
    int size = m.getContent().getBytes(StandardCharsets.UTF_8).length;
    if (size > max) {
      throw new TxException(
          NAME, CODE_BAD_POST, "content is " + size + " bytes, max_post_bytes is " + max);
    }
    long id = c.getNextPostId();
    keeper.putPost(
        s,
        Post.newBuilder()
            .setChannel(c.getName())
            .setId(id)
            .setAuthor(m.getAuthor())
            .setContent(m.getContent())
            .setHeight(ctx.height())
            .setTime(ctx.time().getEpochSecond())
            .build());
    keeper.putChannel(
        s, c.toBuilder().setNextPostId(id + 1).setPostCount(c.getPostCount() + 1).build());
    ctx.emit(
        "channels.posted",
        "channel",
        c.getName(),
        "author",
        m.getAuthor(),
        "post_id",
        Long.toString(id));
  }

  private Post requirePost(KVStore s, Channel c, long id) throws TxException {
    return keeper
        .post(s, c.getName(), id)
        .orElseThrow(() ->
            new TxException(NAME, CODE_NO_POST, "channel '" + c.getName() + "' has no post " + id));
  }

  void deletePost(Context ctx, MsgDeletePost m) throws TxException {
    KVStore s = ctx.store();
    Channel c = channel(s, m.getChannel());
    Post p = requirePost(s, c, m.getPostId());
    if (!p.getAuthor().equals(m.getAuthor())) {
      throw new TxException(
          NAME,
          CODE_FORBIDDEN,
          "post "
              + p.getId()
              + " of '"
              + c.getName()
              + "' is not by "
              + m.getAuthor()
              + "; only its author may delete it");
    }
    keeper.deletePost(s, c.getName(), p.getId());
    keeper.putChannel(s, c.toBuilder().setPostCount(c.getPostCount() - 1).build());
    ctx.emit(
        "channels.post_deleted",
        "channel",
        c.getName(),
        "author",
        m.getAuthor(),
        "post_id",
        Long.toString(p.getId()));
  }

  void removePost(Context ctx, MsgRemovePost m) throws TxException {
    KVStore s = ctx.store();
    Channel c = channel(s, m.getChannel());
    keeper.requireModerator(s, c, m.getModerator(), "remove posts");
    Post p = requirePost(s, c, m.getPostId());
    keeper.deletePost(s, c.getName(), p.getId());
    keeper.putChannel(s, c.toBuilder().setPostCount(c.getPostCount() - 1).build());
    ctx.emit(
        "channels.post_removed",
        "channel",
        c.getName(),
        "moderator",
        m.getModerator(),
        "post_id",
        Long.toString(p.getId()),
        "author",
        p.getAuthor(),
        "reason",
        m.getReason());
  }

  void removeMember(Context ctx, MsgRemoveMember m) throws TxException {
    KVStore s = ctx.store();
    Channel c = channel(s, m.getChannel());
    Member actor = keeper.requireModerator(s, c, m.getModerator(), "remove members");
    if (m.getMember().equals(m.getModerator())) {
      throw new TxException(
          NAME, CODE_FORBIDDEN, "a member cannot remove itself; use MsgLeaveChannel");
    }
    Member target = keeper.requireMember(s, c, m.getMember(), "member");
    if (target.getRole() == Role.ROLE_OWNER) {
      throw new TxException(
          NAME, CODE_FORBIDDEN, "the owner of '" + c.getName() + "' cannot be removed");
    }
    if (actor.getRole() == Role.ROLE_MODERATOR && target.getRole() == Role.ROLE_MODERATOR) {
      throw new TxException(NAME, CODE_FORBIDDEN, "a moderator cannot remove another moderator");
    }
    keeper.deleteMember(s, c.getName(), m.getMember());
    keeper.putChannel(s, c.toBuilder().setMemberCount(c.getMemberCount() - 1).build());
    ctx.emit(
        "channels.member_removed",
        "channel",
        c.getName(),
        "moderator",
        m.getModerator(),
        "member",
        m.getMember());
  }
}
