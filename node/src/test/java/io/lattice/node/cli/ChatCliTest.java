package io.lattice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.node.config.NodeHome;
import io.lattice.sdk.e2e.IdentityKeyPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat chain's CLI on a real node running {@code lattice-chat-*}: identities, encrypted direct
 * messages, channels, reputation and governance, each refusal exiting 1 with the node's reason.
 */
class ChatCliTest {
  static final String CHAIN_ID = "lattice-chat-clitest-1";

  @TempDir static Path dir;
  static CliTestNode chain;
  static NodeHome home;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    chain = CliTestNode.start(dir, CHAIN_ID, "chatcli");
    home = chain.home();
    url = chain.url();
    for (String k : List.of("alice", "bob", "carol")) {
      assertThat(cli("keys", "add", k).exitCode()).isZero();
      assertThat(
              tx("tx", "bank", "send", "faucet", address(k), "50000000ulat").path("code").asInt())
          .isZero();
    }
    assertThat(tx("tx", "identity", "register", "alice", "--from", "alice").path("code").asInt())
        .isZero();
    assertThat(tx("tx", "identity", "register", "bob", "--from", "bob").path("code").asInt())
        .isZero();
  }

  @AfterAll
  static void stop() {
    if (chain != null) {
      chain.close();
    }
  }

  static CliRun cli(String... args) {
    List<String> full = new ArrayList<>(Arrays.asList(args));
    if (!args[0].equals("keys")) {
      full.addAll(List.of("--node", url));
    }
    if (args[0].equals("tx")
        || args[0].equals("keys")
        || Arrays.asList(args).contains("--decrypt")) {
      full.addAll(List.of("--home", home.root().toString(), "--keyring-backend", "test"));
    }
    return CliRun.exec(full.toArray(String[]::new));
  }

  static JsonNode json(CliRun run) throws Exception {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return CliCommand.JSON.readTree(run.out());
  }

  static CliRun txRun(String... args) {
    List<String> full = new ArrayList<>(Arrays.asList(args));
    full.addAll(List.of("--fees", "4000ulat", "--yes", "--output", "json"));
    return cli(full.toArray(String[]::new));
  }

  static JsonNode tx(String... args) throws Exception {
    return json(txRun(args));
  }

  /** A refused transaction: exit 1 and the node's reason on stderr. */
  static void refused(CliRun run, String reason) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(CliException.FAILED);
    assertThat(run.err()).as(run.toString()).startsWith("Error: ").contains(reason);
  }

  static String address(String key) {
    return CliRun.exec(
            "keys",
            "show",
            key,
            "--address",
            "--home",
            home.root().toString(),
            "--keyring-backend",
            "test")
        .outLine();
  }

  static PrivateKeySigner signer(String key) throws Exception {
    return Keyring.open(home.root(), Backend.TEST, PassphraseSource.none()).signer(key);
  }

  @Test
  void registeredIdentityCarriesTheKeyTheSdkDerives() throws Exception {
    JsonNode alice = json(cli("query", "identity", "alice", "--output", "json"));
    assertThat(alice.path("owner").asText()).isEqualTo(address("alice"));
    String expected =
        Base64.getEncoder().encodeToString(IdentityKeyPair.derive(signer("alice")).publicKey());
    assertThat(alice.path("keys").path("identity_key").asText()).isEqualTo(expected);
    JsonNode byAddress = json(cli("query", "identity", address("alice"), "--output", "json"));
    assertThat(byAddress.path("username").asText()).isEqualTo("alice");
    assertThat(json(cli("query", "identity", "ALICE", "--output", "json")).path("owner").asText())
        .isEqualTo(address("alice"));

    refused(
        txRun("tx", "identity", "register", "Alice", "--from", "carol"),
        "'Alice' is already taken");
    refused(cli("query", "identity", "nobody", "--output", "json"), "no identity named 'nobody'");
    CliRun badKey =
        txRun("tx", "identity", "register", "carol", "--from", "carol", "--identity-key", "abcd");
    assertThat(badKey.exitCode()).as(badKey.toString()).isEqualTo(CliException.BAD_INPUT);
    assertThat(badKey.err()).contains("--identity-key: must be 32 bytes");
  }

  @Test
  void devicesAreAddedAndRevokedOnce() throws Exception {
    String key = "11".repeat(32);
    assertThat(
            tx("tx", "identity", "add-device", "phone", key, "--label", "my phone", "--from", "bob")
                .path("code")
                .asInt())
        .isZero();
    JsonNode bob = json(cli("query", "identity", "bob", "--output", "json"));
    assertThat(bob.path("devices").get(0).path("device_id").asText()).isEqualTo("phone");
    assertThat(tx("tx", "identity", "revoke-device", "phone", "--from", "bob").path("code").asInt())
        .isZero();
    bob = json(cli("query", "identity", "bob", "--output", "json"));
    assertThat(bob.path("devices").get(0).path("revoked").asBoolean()).isTrue();
    refused(txRun("tx", "identity", "revoke-device", "phone", "--from", "bob"), "phone");
    refused(txRun("tx", "identity", "add-device", "phone", key, "--from", "bob"), "phone");
  }

  @Test
  void directMessageIsReadableByBothSidesOnly() throws Exception {
    String text = "hello bob, this is alice";
    JsonNode sent = tx("tx", "messaging", "send", "bob", text, "--from", "alice");
    assertThat(sent.path("recipient").asText()).isEqualTo(address("bob"));
    long sequence = sent.path("sequence").asLong();
    assertThat(sequence).isPositive();

    JsonNode sealed =
        json(cli("query", "messaging", "conversation", "alice", "bob", "--output", "json"));
    JsonNode stored = null;
    for (JsonNode m : sealed.path("messages")) {
      if (m.path("sequence").asLong() == sequence) {
        stored = m;
      }
    }
    assertThat(stored).as(sealed.toString()).isNotNull();
    byte[] ciphertext =
        Base64.getDecoder().decode(stored.path("payload").path("ciphertext").asText());
    assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("hello");

    for (String reader : List.of("bob", "alice")) {
      JsonNode opened =
          json(
              cli(
                  "query",
                  "messaging",
                  "conversation",
                  "alice",
                  "bob",
                  "--since",
                  Long.toString(sequence - 1),
                  "--decrypt",
                  "--from",
                  reader,
                  "--output",
                  "json"));
      assertThat(opened.path("messages").get(0).path("text").asText()).as(reader).isEqualTo(text);
    }
    CliRun outsider =
        cli("query", "messaging", "conversation", "alice", "bob", "--decrypt", "--from", "carol");
    assertThat(outsider.exitCode()).isEqualTo(CliException.BAD_INPUT);
    assertThat(outsider.err()).contains("neither side");

    refused(txRun("tx", "messaging", "send", "nobody", "hi", "--from", "alice"), "nobody");
    // carol has no identity: the chain refuses her message
    refused(txRun("tx", "messaging", "send", "bob", "hi", "--from", "carol"), "Error");
  }

  @Test
  void channelsLifecycle() throws Exception {
    assertThat(tx("tx", "channels", "create", "general", "--from", "alice").path("code").asInt())
        .isZero();
    refused(txRun("tx", "channels", "post", "general", "not a member", "--from", "bob"), "member");
    assertThat(tx("tx", "channels", "join", "general", "--from", "bob").path("code").asInt())
        .isZero();
    long postId =
        tx("tx", "channels", "post", "general", "hi all", "--from", "bob").path("post_id").asLong();
    assertThat(postId).isPositive();
    JsonNode posts = json(cli("query", "channels", "posts", "general", "--output", "json"));
    assertThat(posts.toString()).contains("hi all");
    refused(
        txRun("tx", "channels", "delete-post", "general", Long.toString(postId), "--from", "alice"),
        "Error");
    assertThat(
            tx("tx", "channels", "delete-post", "general", Long.toString(postId), "--from", "bob")
                .path("code")
                .asInt())
        .isZero();
    assertThat(tx("tx", "channels", "leave", "general", "--from", "bob").path("code").asInt())
        .isZero();
    JsonNode channel = json(cli("query", "channels", "channel", "general", "--output", "json"));
    assertThat(channel.path("owner").asText()).isEqualTo(address("alice"));
    refused(cli("query", "channels", "channel", "nosuch", "--output", "json"), "nosuch");
  }

  @Test
  void crossChainCommandsReportTheChainsReasons() throws Exception {
    JsonNode client = json(cli("query", "xchain", "client", "--output", "json"));
    assertThat(client.path("configured").asBoolean()).as(client.toString()).isFalse();
    refused(
        txRun("tx", "xchain", "register-with-stake", "carol", "1000000ulat", "--from", "carol"),
        "starts on the currency chain");
    refused(cli("query", "xchain", "op", CHAIN_ID + "/99"), "no operation");
  }

  @Test
  void reputationStartsAtFifty() throws Exception {
    JsonNode r = json(cli("query", "reputation", address("carol"), "--output", "json"));
    assertThat(r.path("score").asLong()).isEqualTo(50);
    CliRun bad = cli("query", "reputation", "lat1nope");
    assertThat(bad.exitCode()).isEqualTo(CliException.BAD_INPUT);
  }

  @Test
  void governanceProposalIsSubmittedAndVotedOn() throws Exception {
    JsonNode params = json(cli("query", "gov", "proposals", "--output", "json"));
    assertThat(params.path("proposals").isArray()).isTrue();
    JsonNode submitted =
        tx(
            "tx",
            "gov",
            "submit-proposal",
            "--title",
            "cheaper messages",
            "--param-change",
            "messaging={\"message_fee\":\"0\"}",
            "--deposit",
            "5000000ulat",
            "--from",
            "faucet");
    long id = submitted.path("proposal_id").asLong();
    assertThat(id).as(submitted.toString()).isPositive();
    JsonNode proposal =
        json(cli("query", "gov", "proposal", Long.toString(id), "--output", "json"));
    assertThat(proposal.path("title").asText()).isEqualTo("cheaper messages");
    assertThat(
            tx("tx", "gov", "deposit", Long.toString(id), "5000000ulat", "--from", "carol")
                .path("code")
                .asInt())
        .isZero();
    CliRun vote = txRun("tx", "gov", "vote", Long.toString(id), "yes", "--from", "validator");
    assertThat(vote.exitCode()).as(vote.toString()).isZero();

    CliRun bad = txRun("tx", "gov", "vote", Long.toString(id), "maybe", "--from", "validator");
    assertThat(bad.exitCode()).isEqualTo(CliException.BAD_INPUT);
    CliRun badJson =
        txRun(
            "tx",
            "gov",
            "submit-proposal",
            "--title",
            "t",
            "--param-change",
            "bank={",
            "--from",
            "faucet");
    assertThat(badJson.exitCode()).isEqualTo(CliException.BAD_INPUT);
    assertThat(badJson.err()).contains("--param-change bank: not JSON");
    refused(cli("query", "gov", "proposal", "999", "--output", "json"), "999");
  }
}
