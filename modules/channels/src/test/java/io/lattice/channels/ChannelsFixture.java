package io.lattice.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.lattice.proto.channels.v1.MsgCreateChannel;
import io.lattice.proto.channels.v1.MsgDeletePost;
import io.lattice.proto.channels.v1.MsgInvite;
import io.lattice.proto.channels.v1.MsgJoinChannel;
import io.lattice.proto.channels.v1.MsgLeaveChannel;
import io.lattice.proto.channels.v1.MsgPost;
import io.lattice.proto.channels.v1.MsgRemoveMember;
import io.lattice.proto.channels.v1.MsgRemovePost;
import io.lattice.proto.channels.v1.MsgSetRole;
import io.lattice.proto.channels.v1.Role;
import io.lattice.proto.reputation.v1.MsgAdjustReputation;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.reputation.ReputationKeeper;
import io.lattice.reputation.ReputationModule;
import io.lattice.reputation.TestChain;
import java.util.List;

/** A chat-chain slice (auth, bank, reputation, channels, gov stand-in) and message builders. */
class ChannelsFixture {
  final TestChain chain;
  ChannelsModule channels;

  ChannelsFixture(long seed, int accounts) {
    chain =
        new TestChain(
            seed,
            accounts,
            List.of(),
            (auth, bank) -> {
              ReputationKeeper rep = new ReputationKeeper();
              channels = new ChannelsModule(new ChannelsKeeper(bank, rep));
              return List.of(new ReputationModule(rep), channels);
            });
  }

  String addr(int i) {
    return chain.addresses.get(i);
  }

  /** Delivers {@code msg} signed by {@code signer} and requires success. */
  TxResult ok(int signer, Message msg) {
    TxResult r = chain.deliver(signer, msg);
    assertThat(r.getCode()).as("%s: %s", msg.getClass().getSimpleName(), r.getLog()).isZero();
    return r;
  }

  /**
   * Delivers {@code msg}, requires the refusal code and a reason containing {@code reason}, and
   * that no channels state changed.
   */
  TxResult refused(int signer, Message msg, int code, String reason) {
    String before = chain.dump("channels/");
    TxResult r = chain.deliver(signer, msg);
    assertThat(r.getCode()).as("code of %s: %s", msg, r.getLog()).isEqualTo(code);
    assertThat(r.getLog()).contains(reason);
    assertThat(chain.dump("channels/")).as("channels state after a refusal").isEqualTo(before);
    return r;
  }

  void setReputation(int who, long delta) {
    assertThat(
            chain.govExecute(
                MsgAdjustReputation.newBuilder()
                    .setAuthority(ReputationModule.GOV_AUTHORITY)
                    .setAddress(addr(who))
                    .setDelta(delta)
                    .build()))
        .isEmpty();
  }

  MsgCreateChannel create(int creator, String name, boolean inviteOnly) {
    return MsgCreateChannel.newBuilder()
        .setCreator(addr(creator))
        .setName(name)
        .setInviteOnly(inviteOnly)
        .setDescription("about " + name)
        .build();
  }

  MsgJoinChannel join(int member, String channel) {
    return MsgJoinChannel.newBuilder().setMember(addr(member)).setChannel(channel).build();
  }

  MsgLeaveChannel leave(int member, String channel) {
    return MsgLeaveChannel.newBuilder().setMember(addr(member)).setChannel(channel).build();
  }

  MsgInvite invite(int inviter, String channel, int invitee) {
    return MsgInvite.newBuilder()
        .setInviter(addr(inviter))
        .setChannel(channel)
        .setInvitee(addr(invitee))
        .build();
  }

  MsgSetRole setRole(int actor, String channel, int member, Role role) {
    return MsgSetRole.newBuilder()
        .setActor(addr(actor))
        .setChannel(channel)
        .setMember(addr(member))
        .setRole(role)
        .build();
  }

  MsgPost post(int author, String channel, String content) {
    return MsgPost.newBuilder()
        .setAuthor(addr(author))
        .setChannel(channel)
        .setContent(content)
        .build();
  }

  MsgDeletePost deletePost(int author, String channel, long id) {
    return MsgDeletePost.newBuilder()
        .setAuthor(addr(author))
        .setChannel(channel)
        .setPostId(id)
        .build();
  }

  MsgRemovePost removePost(int moderator, String channel, long id) {
    return MsgRemovePost.newBuilder()
        .setModerator(addr(moderator))
        .setChannel(channel)
        .setPostId(id)
        .setReason("off topic")
        .build();
  }

  MsgRemoveMember removeMember(int moderator, String channel, int member) {
    return MsgRemoveMember.newBuilder()
        .setModerator(addr(moderator))
        .setChannel(channel)
        .setMember(addr(member))
        .build();
  }

  /** Role of account {@code i} in {@code channel} per the "members" query; null when none. */
  String role(String channel, int i) {
    for (var m : chain.query("channels/members", "channel", channel).get("members")) {
      if (m.get("address").asText().equals(addr(i))) {
        return m.get("role").asText();
      }
    }
    return null;
  }

  long channelField(String channel, String field) {
    return chain.query("channels/channel", "name", channel).get(field).asLong();
  }
}
