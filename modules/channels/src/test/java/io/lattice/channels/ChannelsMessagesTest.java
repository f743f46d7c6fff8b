package io.lattice.channels;

import static io.lattice.channels.ChannelsKeeper.CODE_ALREADY_INVITED;
import static io.lattice.channels.ChannelsKeeper.CODE_ALREADY_MEMBER;
import static io.lattice.channels.ChannelsKeeper.CODE_BAD_POST;
import static io.lattice.channels.ChannelsKeeper.CODE_BAD_ROLE;
import static io.lattice.channels.ChannelsKeeper.CODE_BAD_TEXT;
import static io.lattice.channels.ChannelsKeeper.CODE_FORBIDDEN;
import static io.lattice.channels.ChannelsKeeper.CODE_INVALID_NAME;
import static io.lattice.channels.ChannelsKeeper.CODE_LOW_REPUTATION;
import static io.lattice.channels.ChannelsKeeper.CODE_NAME_TAKEN;
import static io.lattice.channels.ChannelsKeeper.CODE_NOT_INVITED;
import static io.lattice.channels.ChannelsKeeper.CODE_NOT_MEMBER;
import static io.lattice.channels.ChannelsKeeper.CODE_NO_CHANNEL;
import static io.lattice.channels.ChannelsKeeper.CODE_NO_POST;
import static io.lattice.channels.ChannelsKeeper.CODE_OWNER_CANNOT_LEAVE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.bank.ModuleAccount;
import io.lattice.proto.channels.v1.Role;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.reputation.TestChain;
import io.lattice.runtime.tx.Codes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every channels message: its effect, and each refusal leaving channels state unchanged. */
class ChannelsMessagesTest {
  private static final int OWNER = 0;
  private static final int MOD = 1;
  private static final int MEMBER = 2;
  private static final int OUTSIDER = 3;
  private static final int OTHER = 4;

  private ChannelsFixture f;

  @BeforeEach
  void setUp() {
    f = new ChannelsFixture(5, 6);
    f.chain.genesis();
  }

  /** "town" (public): OWNER, MOD (moderator), MEMBER; "club" (invite-only): OWNER. */
  private void populate() {
    f.ok(OWNER, f.create(OWNER, "town", false));
    f.ok(MOD, f.join(MOD, "town"));
    f.ok(MEMBER, f.join(MEMBER, "town"));
    f.ok(OWNER, f.setRole(OWNER, "town", MOD, Role.ROLE_MODERATOR));
    f.ok(OWNER, f.create(OWNER, "club", true));
  }

  // ---- create ----

  @Test
  void createMakesTheCreatorOwnerAndOnlyMember() {
    TxResult r = f.ok(OWNER, f.create(OWNER, "General", false));
    assertThat(r.getEventsList()).anyMatch(e -> e.getType().equals("channels.created"));
    var c = f.chain.query("channels/channel", "name", "general");
    assertThat(c.get("name").asText()).isEqualTo("general");
    assertThat(c.get("owner").asText()).isEqualTo(f.addr(OWNER));
    assertThat(c.get("invite_only").asBoolean()).isFalse();
    assertThat(c.get("description").asText()).isEqualTo("about General");
    assertThat(c.get("member_count").asLong()).isEqualTo(1);
    assertThat(f.role("general", OWNER)).isEqualTo("owner");
    assertThat(f.chain.query("channels/channels_of", "address", f.addr(OWNER)).get("channels"))
        .hasToString("[{\"name\":\"general\",\"role\":\"owner\"}]");
    // Lookups are case-insensitive too.
    assertThat(f.chain.query("channels/channel", "name", "GENERAL").get("name").asText())
        .isEqualTo("general");
  }

  @Test
  void createRefusesBadNames() {
    f.refused(OWNER, f.create(OWNER, "ab", false), CODE_INVALID_NAME, "must be 3-48 characters");
    f.refused(
        OWNER,
        f.create(OWNER, "a".repeat(49), false),
        CODE_INVALID_NAME,
        "must be 3-48 characters");
    f.refused(OWNER, f.create(OWNER, "1abc", false), CODE_INVALID_NAME, "must start with a letter");
    f.refused(OWNER, f.create(OWNER, "a b c", false), CODE_INVALID_NAME, "only a-z, 0-9");
    f.refused(OWNER, f.create(OWNER, "dot.name", false), CODE_INVALID_NAME, "only a-z, 0-9");
    f.refused(OWNER, f.create(OWNER, "café", false), CODE_INVALID_NAME, "only a-z, 0-9");
    f.refused(OWNER, f.create(OWNER, "", false), CODE_INVALID_NAME, "channel name is missing");
    f.ok(OWNER, f.create(OWNER, "a".repeat(48), false));
    f.ok(OWNER, f.create(OWNER, "ok_name-3", false));
  }

  @Test
  void namesAreUniqueCaseInsensitively() {
    f.ok(OWNER, f.create(OWNER, "lobby", false));
    f.refused(OTHER, f.create(OTHER, "LOBBY", true), CODE_NAME_TAKEN, "'lobby' is taken");
    f.refused(OTHER, f.create(OTHER, "lobby", false), CODE_NAME_TAKEN, "'lobby' is taken");
  }

  @Test
  void createNeedsMinimumReputationWhichGovernanceCanChange() {
    f.setReputation(OTHER, -20);
    f.refused(
        OTHER,
        f.create(OTHER, "mine", false),
        CODE_LOW_REPUTATION,
        "is 30, creating a channel needs min_reputation_to_create 40");
    assertThat(
            f.chain.govSetParams(
                "channels", TestChain.JSON.createObjectNode().put("min_reputation_to_create", 30)))
        .isEmpty();
    f.ok(OTHER, f.create(OTHER, "mine", false));
  }

  @Test
  void createChargesTheCreationFeeToTheFeeCollector() {
    ObjectNode p = TestChain.JSON.createObjectNode();
    p.putArray("creation_fee").addObject().put("denom", "ulat").put("amount", "5000");
    assertThat(f.chain.govSetParams("channels", p)).isEmpty();
    long before = f.chain.balance(f.addr(OWNER));
    long collector = f.chain.balance(ModuleAccount.FEE_COLLECTOR.address());
    f.ok(OWNER, f.create(OWNER, "paid", false));
    assertThat(f.chain.balance(f.addr(OWNER))).isEqualTo(before - TestChain.FEE - 5000);
    assertThat(f.chain.balance(ModuleAccount.FEE_COLLECTOR.address()))
        .isEqualTo(collector + TestChain.FEE + 5000);
  }

  @Test
  void createWithoutFundsForTheFeeIsRefused() {
    ObjectNode p = TestChain.JSON.createObjectNode();
    p.putArray("creation_fee")
        .addObject()
        .put("denom", "ulat")
        .put("amount", Long.toString(2 * TestChain.INITIAL));
    assertThat(f.chain.govSetParams("channels", p)).isEmpty();
    long before = f.chain.balance(f.addr(OWNER));
    f.refused(OWNER, f.create(OWNER, "pricey", false), 5, "insufficient funds");
    assertThat(f.chain.balance(f.addr(OWNER))).isEqualTo(before - TestChain.FEE);
  }

  @Test
  void createRefusesALongDescriptionAndABadCreator() {
    f.refused(
        OWNER,
        f.create(OWNER, "words", false).toBuilder().setDescription("d".repeat(513)).build(),
        CODE_BAD_TEXT,
        "description is longer than 512 bytes");
    f.refused(
        OWNER,
        f.create(OWNER, "words", false).toBuilder().setCreator("lat1bogus").build(),
        Codes.INVALID_ADDRESS,
        "creator: invalid address");
  }

  @Test
  void aTransactionWhoseLaterMessageFailsLeavesNoChannelBehind() {
    String before = f.chain.dump("channels/");
    // The post passes the stateless checks and fails in execution, after the creation ran.
    TxResult r =
        f.chain.deliver(
            OWNER, f.create(OWNER, "atomic", false), f.post(OWNER, "atomic", "x".repeat(4097)));
    assertThat(r.getCode()).isEqualTo(CODE_BAD_POST);
    assertThat(r.getLog()).contains("max_post_bytes is 4096");
    assertThat(f.chain.dump("channels/")).isEqualTo(before);
    r = f.chain.deliver(OWNER, f.create(OWNER, "atomic", false), f.post(OWNER, "atomic", "first"));
    assertThat(r.getCode()).isZero();
    assertThat(f.channelField("atomic", "post_count")).isEqualTo(1);
  }

  // ---- join / leave ----

  @Test
  void joinAPublicChannel() {
    populate();
    TxResult r = f.ok(OUTSIDER, f.join(OUTSIDER, "Town"));
    assertThat(r.getEventsList()).anyMatch(e -> e.getType().equals("channels.joined"));
    assertThat(f.role("town", OUTSIDER)).isEqualTo("member");
    assertThat(f.channelField("town", "member_count")).isEqualTo(4);
  }

  @Test
  void joinRefusals() {
    populate();
    f.refused(MEMBER, f.join(MEMBER, "town"), CODE_ALREADY_MEMBER, "already a member of 'town'");
    f.refused(OWNER, f.join(OWNER, "town"), CODE_ALREADY_MEMBER, "already a member");
    f.refused(OUTSIDER, f.join(OUTSIDER, "nowhere"), CODE_NO_CHANNEL, "no channel 'nowhere'");
    f.refused(
        OUTSIDER, f.join(OUTSIDER, "club"), CODE_NOT_INVITED, "'club' is invite-only and lat1");
    f.refused(OUTSIDER, f.join(OUTSIDER, "x"), CODE_INVALID_NAME, "channel: channel name 'x'");
  }

  @Test
  void joinAnInviteOnlyChannelConsumesTheInvitation() {
    populate();
    f.ok(OWNER, f.invite(OWNER, "club", OUTSIDER));
    f.ok(OUTSIDER, f.join(OUTSIDER, "club"));
    assertThat(f.role("club", OUTSIDER)).isEqualTo("member");
    f.ok(OUTSIDER, f.leave(OUTSIDER, "club"));
    f.refused(OUTSIDER, f.join(OUTSIDER, "club"), CODE_NOT_INVITED, "has no invitation");
  }

  @Test
  void leave() {
    populate();
    f.ok(MEMBER, f.leave(MEMBER, "town"));
    assertThat(f.role("town", MEMBER)).isNull();
    assertThat(f.channelField("town", "member_count")).isEqualTo(2);
    assertThat(f.chain.query("channels/channels_of", "address", f.addr(MEMBER)).get("channels"))
        .isEmpty();
    f.refused(
        MEMBER, f.leave(MEMBER, "town"), CODE_NOT_MEMBER, "is not a member of channel 'town'");
    f.refused(MEMBER, f.leave(MEMBER, "nowhere"), CODE_NO_CHANNEL, "no channel");
  }

  @Test
  void theOwnerCannotLeaveWhileOthersRemainButClosesAnEmptyChannel() {
    populate();
    f.refused(
        OWNER,
        f.leave(OWNER, "town"),
        CODE_OWNER_CANNOT_LEAVE,
        "the owner cannot leave 'town' while 2 other member(s) remain");
    f.ok(OWNER, f.post(OWNER, "club", "bye"));
    f.ok(OWNER, f.invite(OWNER, "club", OUTSIDER));
    TxResult r = f.ok(OWNER, f.leave(OWNER, "club"));
    assertThat(r.getEventsList()).anyMatch(e -> e.getType().equals("channels.closed"));
    assertThat(f.chain.dump("channels/")).doesNotContain(hex("club"));
    // The name is free again.
    f.ok(OTHER, f.create(OTHER, "club", false));
    assertThat(f.channelField("club", "post_count")).isZero();
  }

  private static String hex(String s) {
    return java.util.HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  // ---- invite ----

  @Test
  void ownerAndModeratorsInvite() {
    populate();
    TxResult r = f.ok(OWNER, f.invite(OWNER, "club", OUTSIDER));
    assertThat(r.getEventsList()).anyMatch(e -> e.getType().equals("channels.invited"));
    f.ok(MOD, f.invite(MOD, "town", OTHER));
    f.ok(OTHER, f.join(OTHER, "town"));
  }

  @Test
  void inviteRefusals() {
    populate();
    f.refused(MEMBER, f.invite(MEMBER, "town", OUTSIDER), CODE_FORBIDDEN, "may invite");
    f.refused(
        OUTSIDER, f.invite(OUTSIDER, "club", OTHER), CODE_NOT_MEMBER, "is not a member of channel");
    f.refused(OWNER, f.invite(OWNER, "town", MEMBER), CODE_ALREADY_MEMBER, "already a member");
    f.ok(OWNER, f.invite(OWNER, "club", OUTSIDER));
    f.refused(
        OWNER,
        f.invite(OWNER, "club", OUTSIDER),
        CODE_ALREADY_INVITED,
        "already has an invitation");
    f.refused(OWNER, f.invite(OWNER, "nowhere", OUTSIDER), CODE_NO_CHANNEL, "no channel");
    f.refused(
        OWNER,
        f.invite(OWNER, "club", OUTSIDER).toBuilder().setInvitee("").build(),
        Codes.INVALID_ADDRESS,
        "invitee: address is missing");
  }

  // ---- roles ----

  @Test
  void theOwnerSetsRoles() {
    populate();
    assertThat(f.role("town", MOD)).isEqualTo("moderator");
    TxResult r = f.ok(OWNER, f.setRole(OWNER, "town", MOD, Role.ROLE_MEMBER));
    assertThat(r.getEventsList()).anyMatch(e -> e.getType().equals("channels.role_set"));
    assertThat(f.role("town", MOD)).isEqualTo("member");
  }

  @Test
  void setRoleRefusals() {
    populate();
    f.refused(
        MOD, f.setRole(MOD, "town", MEMBER, Role.ROLE_MODERATOR), CODE_FORBIDDEN, "only the owner");
    f.refused(
        OUTSIDER,
        f.setRole(OUTSIDER, "town", MEMBER, Role.ROLE_MODERATOR),
        CODE_NOT_MEMBER,
        "actor");
    f.refused(
        OWNER,
        f.setRole(OWNER, "town", OUTSIDER, Role.ROLE_MODERATOR),
        CODE_NOT_MEMBER,
        "member " + f.addr(OUTSIDER));
    f.refused(
        OWNER,
        f.setRole(OWNER, "town", OWNER, Role.ROLE_MEMBER),
        CODE_BAD_ROLE,
        "the owner's role cannot be changed");
    f.refused(
        OWNER,
        f.setRole(OWNER, "town", MOD, Role.ROLE_MODERATOR),
        CODE_BAD_ROLE,
        "already has role ROLE_MODERATOR");
    f.refused(
        OWNER,
        f.setRole(OWNER, "town", MEMBER, Role.ROLE_OWNER),
        CODE_BAD_ROLE,
        "role must be ROLE_MODERATOR or ROLE_MEMBER");
    f.refused(
        OWNER,
        f.setRole(OWNER, "town", MEMBER, Role.ROLE_UNSPECIFIED),
        CODE_BAD_ROLE,
        "role must be");
  }

  // ---- posts ----

  @Test
  void membersPostWithIncreasingIds() {
    populate();
    TxResult r = f.ok(MEMBER, f.post(MEMBER, "town", "hello"));
    assertThat(r.getEventsList())
        .anyMatch(e ->
            e.getType().equals("channels.posted")
                && e.getAttributesList().stream()
                    .anyMatch(a -> a.getKey().equals("post_id") && a.getValue().equals("1")));
    f.ok(OWNER, f.post(OWNER, "town", "héllo wörld ✓"));
    var posts = f.chain.query("channels/posts", "channel", "town").get("posts");
    assertThat(posts).hasSize(2);
    assertThat(posts.get(0).get("id").asLong()).isEqualTo(1);
    assertThat(posts.get(0).get("author").asText()).isEqualTo(f.addr(MEMBER));
    assertThat(posts.get(1).get("content").asText()).isEqualTo("héllo wörld ✓");
    assertThat(f.channelField("town", "post_count")).isEqualTo(2);
    assertThat(f.channelField("town", "next_post_id")).isEqualTo(3);
  }

  @Test
  void postRefusals() {
    populate();
    f.refused(
        OUTSIDER,
        f.post(OUTSIDER, "town", "hi"),
        CODE_NOT_MEMBER,
        "author " + f.addr(OUTSIDER) + " is not a member of channel 'town'");
    f.refused(MEMBER, f.post(MEMBER, "town", ""), CODE_BAD_POST, "content is empty");
    f.refused(MEMBER, f.post(MEMBER, "nowhere", "hi"), CODE_NO_CHANNEL, "no channel");
    f.refused(
        MEMBER,
        f.post(MEMBER, "town", "x".repeat(4097)),
        CODE_BAD_POST,
        "content is 4097 bytes, max_post_bytes is 4096");
    // The limit counts UTF-8 bytes, not characters.
    f.refused(MEMBER, f.post(MEMBER, "town", "é".repeat(2049)), CODE_BAD_POST, "4098 bytes");
    f.ok(MEMBER, f.post(MEMBER, "town", "x".repeat(4096)));
    assertThat(
            f.chain.govSetParams(
                "channels", TestChain.JSON.createObjectNode().put("max_post_bytes", "10")))
        .isEmpty();
    f.refused(
        MEMBER, f.post(MEMBER, "town", "x".repeat(11)), CODE_BAD_POST, "max_post_bytes is 10");
  }

  /** The SDK's and CLI's default gas limit (300,000) must carry a post of the default maximum. */
  @Test
  void aPostOfMaxPostBytesFitsTheClientsDefaultGas() {
    populate();
    TxResult r = f.ok(MEMBER, f.post(MEMBER, "town", "x".repeat(4096)));
    assertThat(r.getGasUsed()).isLessThan(300_000);
  }

  @Test
  void authorsDeleteTheirOwnPostsOnly() {
    populate();
    f.ok(MEMBER, f.post(MEMBER, "town", "mine"));
    f.ok(MOD, f.post(MOD, "town", "the moderator's"));
    f.refused(
        MEMBER, f.deletePost(MEMBER, "town", 2), CODE_FORBIDDEN, "only its author may delete it");
    f.refused(MEMBER, f.deletePost(MEMBER, "town", 9), CODE_NO_POST, "'town' has no post 9");
    f.refused(MEMBER, f.deletePost(MEMBER, "town", 0), CODE_NO_POST, "post_id must be a positive");
    f.refused(MEMBER, f.deletePost(MEMBER, "nowhere", 1), CODE_NO_CHANNEL, "no channel");
    TxResult r = f.ok(MEMBER, f.deletePost(MEMBER, "town", 1));
    assertThat(r.getEventsList()).anyMatch(e -> e.getType().equals("channels.post_deleted"));
    assertThat(f.channelField("town", "post_count")).isEqualTo(1);
    f.refused(MEMBER, f.deletePost(MEMBER, "town", 1), CODE_NO_POST, "has no post 1");
    // Ids are never reused.
    f.ok(MEMBER, f.post(MEMBER, "town", "again"));
    assertThat(
            f.chain
                .query("channels/posts", "channel", "town")
                .get("posts")
                .get(1)
                .get("id")
                .asLong())
        .isEqualTo(3);
  }

  @Test
  void moderatorsAndTheOwnerRemovePosts() {
    populate();
    f.ok(MEMBER, f.post(MEMBER, "town", "spam"));
    f.ok(MEMBER, f.post(MEMBER, "town", "more spam"));
    f.ok(MOD, f.post(MOD, "town", "mod post"));
    TxResult r = f.ok(MOD, f.removePost(MOD, "town", 1));
    assertThat(r.getEventsList()).anyMatch(e -> e.getType().equals("channels.post_removed"));
    f.ok(OWNER, f.removePost(OWNER, "town", 3));
    assertThat(f.channelField("town", "post_count")).isEqualTo(1);
    f.refused(MEMBER, f.removePost(MEMBER, "town", 2), CODE_FORBIDDEN, "may remove posts");
    f.refused(OUTSIDER, f.removePost(OUTSIDER, "town", 2), CODE_NOT_MEMBER, "not a member");
    f.refused(MOD, f.removePost(MOD, "town", 1), CODE_NO_POST, "has no post 1");
    f.refused(
        MOD,
        f.removePost(MOD, "town", 2).toBuilder().setReason("r".repeat(257)).build(),
        CODE_BAD_TEXT,
        "reason is longer than 256 bytes");
  }

  // ---- remove member ----

  @Test
  void moderatorsAndTheOwnerRemoveMembers() {
    populate();
    f.ok(OUTSIDER, f.join(OUTSIDER, "town"));
    TxResult r = f.ok(MOD, f.removeMember(MOD, "town", MEMBER));
    assertThat(r.getEventsList()).anyMatch(e -> e.getType().equals("channels.member_removed"));
    assertThat(f.role("town", MEMBER)).isNull();
    f.ok(OWNER, f.removeMember(OWNER, "town", MOD));
    assertThat(f.channelField("town", "member_count")).isEqualTo(2);
    assertThat(f.chain.query("channels/channels_of", "address", f.addr(MOD)).get("channels"))
        .isEmpty();
  }

  @Test
  void removeMemberRefusals() {
    populate();
    f.ok(OUTSIDER, f.join(OUTSIDER, "town"));
    f.ok(OTHER, f.join(OTHER, "town"));
    f.ok(OWNER, f.setRole(OWNER, "town", OTHER, Role.ROLE_MODERATOR));
    f.refused(
        MOD,
        f.removeMember(MOD, "town", OTHER),
        CODE_FORBIDDEN,
        "a moderator cannot remove another moderator");
    f.refused(
        MOD, f.removeMember(MOD, "town", OWNER), CODE_FORBIDDEN, "the owner of 'town' cannot");
    f.refused(MEMBER, f.removeMember(MEMBER, "town", OUTSIDER), CODE_FORBIDDEN, "remove members");
    f.refused(MOD, f.removeMember(MOD, "town", MOD), CODE_FORBIDDEN, "use MsgLeaveChannel");
    f.refused(OWNER, f.removeMember(OWNER, "club", MEMBER), CODE_NOT_MEMBER, "not a member");
    f.refused(MOD, f.removeMember(MOD, "club", OWNER), CODE_NOT_MEMBER, "not a member");
    f.refused(MOD, f.removeMember(MOD, "nowhere", MEMBER), CODE_NO_CHANNEL, "no channel");
  }
}
