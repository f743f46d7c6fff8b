package io.lattice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.lattice.proto.channels.v1.MsgCreateChannel;
import io.lattice.proto.channels.v1.MsgDeletePost;
import io.lattice.proto.channels.v1.MsgInvite;
import io.lattice.proto.channels.v1.MsgJoinChannel;
import io.lattice.proto.channels.v1.MsgLeaveChannel;
import io.lattice.proto.channels.v1.MsgPost;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lattice tx channels …} and {@code lattice query channels …} (chat chain). */
public final class ChannelsCommand {
  private ChannelsCommand() {}

  @Command(
      name = "channels",
      mixinStandardHelpOptions = true,
      description = "Channels module transactions (chat chain).",
      subcommands = {
        Create.class,
        Join.class,
        Leave.class,
        Invite.class,
        Post.class,
        DeletePost.class
      })
  static final class Tx {}

  @Command(
      name = "channels",
      mixinStandardHelpOptions = true,
      description = "Channels module queries (chat chain).",
      subcommands = {ChannelQuery.class, Posts.class})
  static final class Query {}

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create channel NAME owned by --from (public unless --invite-only).")
  static final class Create extends SignedTx.Chat {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--invite-only", description = "Only invited accounts may join")
    boolean inviteOnly;

    @Option(names = "--description", defaultValue = "", description = "Free text")
    String description = "";

    @Override
    List<Message> messages(Signing signing) {
      return List.of(
          MsgCreateChannel.newBuilder()
              .setCreator(signing.address())
              .setName(name)
              .setInviteOnly(inviteOnly)
              .setDescription(description)
              .build());
    }

    @Override
    String summary(String signer) {
      return "Create " + (inviteOnly ? "invite-only" : "public") + " channel '" + name + "'";
    }
  }

  @Command(name = "join", mixinStandardHelpOptions = true, description = "Join channel NAME.")
  static final class Join extends SignedTx.Chat {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    List<Message> messages(Signing signing) {
      return List.of(
          MsgJoinChannel.newBuilder().setMember(signing.address()).setChannel(name).build());
    }

    @Override
    String summary(String signer) {
      return signer + " joins channel '" + name + "'";
    }
  }

  @Command(name = "leave", mixinStandardHelpOptions = true, description = "Leave channel NAME.")
  static final class Leave extends SignedTx.Chat {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    List<Message> messages(Signing signing) {
      return List.of(
          MsgLeaveChannel.newBuilder().setMember(signing.address()).setChannel(name).build());
    }

    @Override
    String summary(String signer) {
      return signer + " leaves channel '" + name + "'";
    }
  }

  @Command(
      name = "invite",
      mixinStandardHelpOptions = true,
      description = "Invite ADDRESS to invite-only channel NAME (owner or moderator).")
  static final class Invite extends SignedTx.Chat {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "ADDRESS")
    String invitee;

    @Override
    void parseArguments() throws CliException {
      invitee = TxCommand.parseAddress("ADDRESS", invitee);
    }

    @Override
    List<Message> messages(Signing signing) {
      return List.of(
          MsgInvite.newBuilder()
              .setInviter(signing.address())
              .setChannel(name)
              .setInvitee(invitee)
              .build());
    }

    @Override
    String summary(String signer) {
      return signer + " invites " + invitee + " to channel '" + name + "'";
    }
  }

  @Command(
      name = "post",
      mixinStandardHelpOptions = true,
      description = "Post TEXT to channel NAME (members only).")
  static final class Post extends SignedTx.Chat {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "TEXT")
    String text;

    @Override
    List<Message> messages(Signing signing) {
      return List.of(
          MsgPost.newBuilder()
              .setAuthor(signing.address())
              .setChannel(name)
              .setContent(text)
              .build());
    }

    @Override
    String summary(String signer) {
      return signer + " posts " + text.length() + " characters to channel '" + name + "'";
    }

    @Override
    int report(ObjectNode committed, NodeClient client, boolean json) {
      return reportWithEventNumber(committed, "channels.posted", "post_id", "post_id", json);
    }
  }

  @Command(
      name = "delete-post",
      mixinStandardHelpOptions = true,
      description = "Delete one's own post POST_ID from channel NAME.")
  static final class DeletePost extends SignedTx.Chat {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "POST_ID")
    long postId;

    @Override
    void parseArguments() throws CliException {
      if (postId < 1) {
        throw CliException.badInput("POST_ID must be a positive integer, got " + postId);
      }
    }

    @Override
    List<Message> messages(Signing signing) {
      return List.of(
          MsgDeletePost.newBuilder()
              .setAuthor(signing.address())
              .setChannel(name)
              .setPostId(postId)
              .build());
    }

    @Override
    String summary(String signer) {
      return signer + " deletes post " + postId + " of channel '" + name + "'";
    }
  }

  @Command(
      name = "channel",
      mixinStandardHelpOptions = true,
      description = "A channel: owner, kind, counts.")
  static final class ChannelQuery extends QueryCommand.NodeQuery {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run() throws CliException {
      ModuleApi.chatByDefault(this, node);
      node.json();
      print(ModuleApi.get(node.client(), "/v1/channels/" + SignedTx.url(name)));
      return 0;
    }
  }

  @Command(
      name = "posts",
      mixinStandardHelpOptions = true,
      description = "Posts of channel NAME, oldest first.")
  static final class Posts extends QueryCommand.NodeQuery {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = "--since",
        defaultValue = "0",
        description = "Show posts after this id (default 0: all)")
    long since;

    @Option(names = "--limit", description = "At most this many posts")
    Long limit;

    @Override
    int run() throws CliException {
      ModuleApi.chatByDefault(this, node);
      node.json();
      if (since < 0 || (limit != null && limit < 1)) {
        throw CliException.badInput("--since must be >= 0 and --limit >= 1");
      }
      Map<String, String> params = new LinkedHashMap<>();
      params.put("since", Long.toString(since));
      if (limit != null) {
        params.put("limit", Long.toString(limit));
      }
      StringBuilder q = new StringBuilder();
      params.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(k).append('=').append(v));
      JsonNode posts =
          ModuleApi.get(node.client(), "/v1/channels/" + SignedTx.url(name) + "/posts" + q);
      print(posts);
      return 0;
    }
  }
}
