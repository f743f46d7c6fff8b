package io.lattice.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.proto.channels.v1.Channel;
import io.lattice.proto.channels.v1.Invite;
import io.lattice.proto.channels.v1.Member;
import io.lattice.proto.channels.v1.Params;
import io.lattice.proto.channels.v1.Post;
import io.lattice.proto.channels.v1.Role;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.tx.Addresses;
import io.lattice.runtime.tx.Coins;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * JSON of the channels records for genesis, params and queries: snake_case proto field names,
 * 64-bit integers as decimal strings, roles as "owner" / "moderator" / "member". Reading rejects
 * unknown fields and malformed values, naming the path.
 */
final class ChannelsJson {
  private ChannelsJson() {}

  static final Set<String> PARAM_FIELDS =
      Set.of("min_reputation_to_create", "creation_fee", "max_post_bytes");

  static String roleName(Role r) {
    return switch (r) {
      case ROLE_OWNER -> "owner";
      case ROLE_MODERATOR -> "moderator";
      case ROLE_MEMBER -> "member";
      default -> throw new IllegalArgumentException("no such role " + r);
    };
  }

  static Role role(String name, String at) {
    return switch (name) {
      case "owner" -> Role.ROLE_OWNER;
      case "moderator" -> Role.ROLE_MODERATOR;
      case "member" -> Role.ROLE_MEMBER;
      default ->
          throw new IllegalArgumentException(
              at + " must be owner, moderator or member, got '" + name + "'");
    };
  }

  private static String u64(long v) {
    return GenesisJson.uint64Text(v);
  }

  // ---- params ----

  static ObjectNode params(Params p) {
    ObjectNode out = GenesisJson.object();
    out.put("min_reputation_to_create", u64(p.getMinReputationToCreate()));
    ArrayNode fee = out.putArray("creation_fee");
    for (Coin c : p.getCreationFeeList()) {
      fee.addObject().put("denom", c.getDenom()).put("amount", c.getAmount());
    }
    out.put("max_post_bytes", u64(p.getMaxPostBytes()));
    return out;
  }

  /**
   * Params from JSON, every field checked; a field left out keeps its value in {@code base}.
   *
   * @throws IllegalArgumentException naming the invalid or unknown field
   */
  static Params readParams(JsonNode node, Params base, String at) {
    GenesisJson.requireObject(node, at, PARAM_FIELDS);
    Params.Builder b =
        base.toBuilder()
            .setMinReputationToCreate(
                GenesisJson.uint64(
                    node, "min_reputation_to_create", at, base.getMinReputationToCreate()))
            .setMaxPostBytes(
                GenesisJson.uint64(node, "max_post_bytes", at, base.getMaxPostBytes()));
    if (node.has("creation_fee")) {
      List<Coin> fee = new ArrayList<>();
      int i = 0;
      for (JsonNode c : GenesisJson.optionalArray(node, "creation_fee", at)) {
        String ci = at + ".creation_fee[" + i++ + "]";
        GenesisJson.requireObject(c, ci, Set.of("denom", "amount"));
        fee.add(
            Coin.newBuilder()
                .setDenom(GenesisJson.requireString(c, "denom", ci))
                .setAmount(GenesisJson.requireString(c, "amount", ci))
                .build());
      }
      b.clearCreationFee().addAllCreationFee(fee);
    }
    Params p = b.build();
    check(p, at);
    return p;
  }

  static void check(Params p, String at) {
    if (p.getMinReputationToCreate() < 0 || p.getMinReputationToCreate() > 100) {
      throw new IllegalArgumentException(at + ".min_reputation_to_create must be 0..100");
    }
    if (p.getMaxPostBytes() < 1 || p.getMaxPostBytes() > 65_536) {
      throw new IllegalArgumentException(at + ".max_post_bytes must be 1..65536");
    }
    try {
      Coins.validate(p.getCreationFeeList(), at + ".creation_fee", true);
    } catch (TxException e) {
      throw new IllegalArgumentException(e.reason(), e);
    }
  }

  // ---- records ----

  static ObjectNode channel(Channel c) {
    ObjectNode out = GenesisJson.object();
    out.put("name", c.getName());
    out.put("owner", c.getOwner());
    out.put("invite_only", c.getInviteOnly());
    out.put("description", c.getDescription());
    out.put("created_height", u64(c.getCreatedHeight()));
    out.put("member_count", u64(c.getMemberCount()));
    out.put("post_count", u64(c.getPostCount()));
    out.put("next_post_id", u64(c.getNextPostId()));
    return out;
  }

  static Channel readChannel(JsonNode n, String at) {
    GenesisJson.requireObject(
        n,
        at,
        Set.of(
            "name",
            "owner",
            "invite_only",
            "description",
            "created_height",
            "member_count",
            "post_count",
            "next_post_id"));
    String name = GenesisJson.requireString(n, "name", at);
    try {
      if (!ChannelNames.canonical(name, at + ".name").equals(name)) {
        throw new IllegalArgumentException(at + ".name must be lower case: " + name);
      }
    } catch (TxException e) {
      throw new IllegalArgumentException(e.reason(), e);
    }
    String description =
        n.has("description") ? GenesisJson.requireString(n, "description", at) : "";
    return Channel.newBuilder()
        .setName(name)
        .setOwner(address(n, "owner", at))
        .setInviteOnly(GenesisJson.bool(n, "invite_only", at, false))
        .setDescription(description)
        .setCreatedHeight(GenesisJson.uint64(n, "created_height", at, 0))
        .setMemberCount(GenesisJson.uint64(n, "member_count", at, 0))
        .setPostCount(GenesisJson.uint64(n, "post_count", at, 0))
        .setNextPostId(GenesisJson.uint64(n, "next_post_id", at, 1))
        .build();
  }

  static ObjectNode member(Member m) {
    ObjectNode out = GenesisJson.object();
    out.put("channel", m.getChannel());
    out.put("address", m.getAddress());
    out.put("role", roleName(m.getRole()));
    out.put("joined_height", u64(m.getJoinedHeight()));
    return out;
  }

  static Member readMember(JsonNode n, String at) {
    GenesisJson.requireObject(n, at, Set.of("channel", "address", "role", "joined_height"));
    return Member.newBuilder()
        .setChannel(GenesisJson.requireString(n, "channel", at))
        .setAddress(address(n, "address", at))
        .setRole(role(GenesisJson.requireString(n, "role", at), at + ".role"))
        .setJoinedHeight(GenesisJson.uint64(n, "joined_height", at, 0))
        .build();
  }

  static ObjectNode invite(Invite i) {
    ObjectNode out = GenesisJson.object();
    out.put("channel", i.getChannel());
    out.put("invitee", i.getInvitee());
    out.put("inviter", i.getInviter());
    out.put("height", u64(i.getHeight()));
    return out;
  }

  static Invite readInvite(JsonNode n, String at) {
    GenesisJson.requireObject(n, at, Set.of("channel", "invitee", "inviter", "height"));
    return Invite.newBuilder()
        .setChannel(GenesisJson.requireString(n, "channel", at))
        .setInvitee(address(n, "invitee", at))
        .setInviter(address(n, "inviter", at))
        .setHeight(GenesisJson.uint64(n, "height", at, 0))
        .build();
  }

  static ObjectNode post(Post p) {
    ObjectNode out = GenesisJson.object();
    out.put("channel", p.getChannel());
    out.put("id", u64(p.getId()));
    out.put("author", p.getAuthor());
    out.put("content", p.getContent());
    out.put("height", u64(p.getHeight()));
    out.put("time", Long.toString(p.getTime()));
    return out;
  }

  static Post readPost(JsonNode n, String at) {
    GenesisJson.requireObject(
        n, at, Set.of("channel", "id", "author", "content", "height", "time"));
    long id = GenesisJson.uint64(n, "id", at, 0);
    if (id <= 0) {
      throw new IllegalArgumentException(at + ".id must be a positive integer");
    }
    return Post.newBuilder()
        .setChannel(GenesisJson.requireString(n, "channel", at))
        .setId(id)
        .setAuthor(address(n, "author", at))
        .setContent(GenesisJson.requireString(n, "content", at))
        .setHeight(GenesisJson.uint64(n, "height", at, 0))
        .setTime(GenesisJson.uint64(n, "time", at, 0))
        .build();
  }

  private static String address(JsonNode n, String field, String at) {
    String a = GenesisJson.requireString(n, field, at);
    try {
      Addresses.check(a, at + "." + field);
    } catch (TxException e) {
      throw new IllegalArgumentException(e.reason(), e);
    }
    return a;
  }
}
