import io.lattice.crypto.Address;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.proto.messaging.v1.Envelope;
import io.lattice.sdk.*;
import io.lattice.sdk.e2e.E2eException;
import io.lattice.sdk.e2e.Payloads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exercises every client method of the Java SDK against a running local network (both chains and
 * the relayer, as `lattice up` starts them) and fails (exit 1) on the first unexpected outcome.
 * Run by sdk/java/scripts/live-check.sh; see sdk/java/README.md, "Checking against a network".
 *
 * Arguments: CHAT_URL CURRENCY_URL CHAT_FAUCET_HOME CURRENCY_FAUCET_HOME
 * (the homes hold the test-backend keyring with key 'faucet', e.g. <dir>/chat/node0).
 */
public class LiveCheck {
  static int checks;

  static void ok(String what, Object value) {
    checks++;
    System.out.println("ok   " + what + ": " + value);
  }

  static void require(boolean condition, String what) {
    if (!condition) {
      System.out.println("FAIL " + what);
      System.exit(1);
    }
  }

  interface Call {
    void run() throws Exception;
  }

  static void refused(String what, Class<? extends Exception> type, String reasonPart, Call call) {
    try {
      call.run();
    } catch (Exception e) {
      require(type.isInstance(e) && e.getMessage().contains(reasonPart),
          what + ": expected " + type.getSimpleName() + " containing '" + reasonPart + "', got " + e);
      ok(what, e.getClass().getSimpleName() + ": " + e.getMessage());
      return;
    }
    require(false, what + ": expected " + type.getSimpleName() + ", but it succeeded");
  }

  static Wallet faucet(String home) throws Exception {
    return Wallet.fromSigner(Keyring.open(Path.of(home), Backend.TEST, PassphraseSource.none()).signer("faucet"));
  }

  public static void main(String[] args) throws Exception {
    String chatUrl = args[0], currencyUrl = args[1];
    Wallet chatFaucet = faucet(args[2]), currencyFaucet = faucet(args[3]);
    CurrencyChainClient currency = new CurrencyChainClient(currencyUrl);
    CurrencyChainClient chatBank = new CurrencyChainClient(chatUrl);
    ChatChainClient chat = new ChatChainClient(chatUrl);
    CrossChainBridge bridge = new CrossChainBridge(currencyUrl, chatUrl);
    String tag = Long.toString(System.nanoTime() % 1_000_000);
    String validator =
        currency.node().query("staking", "validators", Map.of()).get(0).path("operator_address").asText();

    // Currency chain.
    Wallet alice = currency.createWallet(), bob = currency.createWallet(), carol = currency.createWallet();
    require(currency.getBalance(alice.address()).signum() == 0, "a new wallet has no balance");
    TxResult t = currency.transfer(currencyFaucet, alice.address(), Amount.ulat(20_000_000));
    currency.transfer(currencyFaucet, carol.address(), Amount.ulat(20_000_000));
    ok("transfer", t.txHash() + " at " + t.height());
    require(currency.getBalance(alice.address()).longValue() == 20_000_000, "getBalance after transfer");
    ok("getBalance", currency.getBalance(alice.address()));
    ok("waitForConfirmation(3)", currency.waitForConfirmation(t.txHash(), 3, Duration.ofMinutes(1)).height());
    refused("transfer beyond balance", TxFailedException.class, "insufficient funds",
        () -> currency.transfer(alice, bob.address(), Amount.ulat(1_000_000_000_000L)));
    refused("transfer from an account the chain never saw", LatticeException.class, "must receive funds first",
        () -> currency.transfer(bob, alice.address(), Amount.ulat(1)));
    ok("stake (lock 3 s)", currency.stake(alice, validator, Amount.ulat(2_000_000), Duration.ofSeconds(3)).height());
    refused("unstake while locked", TxFailedException.class, "locked",
        () -> currency.unstake(alice, validator, Amount.ulat(1_000_000)));
    Thread.sleep(4_000);
    ok("unstake after the lock", currency.unstake(alice, validator, Amount.ulat(1_000_000)).height());
    List<Delegation> ds = currency.getDelegations(alice.address());
    require(ds.size() == 1 && ds.get(0).tokens().longValue() == 1_000_000, "getDelegations: " + ds);
    ok("getDelegations", ds);
    ok("getPendingRewards", currency.getPendingRewards(alice.address()));
    ok("claimRewards", currency.claimRewards(alice).height());
    ok("getTransactionHistory", currency.getTransactionHistory(alice.address(), 50).size() + " txs");

    // Chat chain.
    for (Wallet w : List.of(alice, bob)) chatBank.transfer(chatFaucet, w.address(), Amount.ulat(20_000_000));
    ok("registerUser", chat.registerUser(alice, "Alice" + tag).height());
    chat.registerUser(bob, "bob" + tag);
    refused("registerUser with a taken name (case-insensitive)", TxFailedException.class, "taken",
        () -> { Wallet x = Wallet.create(); chatBank.transfer(chatFaucet, x.address(), Amount.ulat(1_000_000)); chat.registerUser(x, "ALICE" + tag); });
    Identity ai = chat.getUser("alice" + tag).orElseThrow();
    require(ai.owner().equals(alice.address()) && Arrays.equals(ai.identityKey(), alice.identity().publicKey()), "getUser");
    ok("getUser", ai.username());
    require(chat.getUserByAddress(bob.address()).orElseThrow().username().equals("bob" + tag), "getUserByAddress");
    TxResult dm = chat.sendDirectMessage(alice, "bob" + tag, "meet at noon");
    chat.sendDirectMessage(bob, alice.address(), "see you");
    ok("sendDirectMessage", dm.txHash());
    List<DirectMessage> bobSees = chat.readConversation(bob, "alice" + tag, 0);
    require(bobSees.size() == 2 && bobSees.get(0).text().orElse("").equals("meet at noon")
        && bobSees.get(1).text().orElse("").equals("see you"), "readConversation (recipient): " + bobSees);
    List<DirectMessage> aliceSees = chat.readConversation(alice, bob.address(), 1);
    require(aliceSees.size() == 1 && aliceSees.get(0).text().orElse("").equals("see you"), "readConversation since 1");
    ok("readConversation", bobSees.size() + " messages, both readable by both sides");
    Envelope stored = chat.conversation(alice.address(), bob.address(), 0).get(0);
    require(!new String(stored.getPayload().getCiphertext().toByteArray(), StandardCharsets.ISO_8859_1).contains("noon"),
        "the chain stores no plaintext");
    Wallet eve = Wallet.create();
    refused("a third party opens the stored envelope", E2eException.class, "not " + eve.address(),
        () -> Payloads.open(eve.identity(), Address.parse(eve.address()), stored, Optional.empty()));
    refused("sendDirectMessage to a name nobody registered", LatticeException.class, "no registered identity",
        () -> chat.sendDirectMessage(alice, "nobody" + tag, "x"));
    String room = "room" + tag;
    ok("createChannel", chat.createChannel(alice, room, false, "test room").height());
    refused("postToChannel before joining", TxFailedException.class, "not a member",
        () -> chat.postToChannel(bob, room, "early"));
    ok("joinChannel", chat.joinChannel(bob, room).height());
    ok("postToChannel", chat.postToChannel(bob, room, "hello all").height());
    require(chat.getChannelPosts(room, 0, 10).get(0).content().equals("hello all"), "getChannelPosts");
    ok("leaveChannel", chat.leaveChannel(bob, room).height());
    require(chat.getReputation(alice.address()) == 50, "getReputation of a new account is 50");
    ok("getReputation", chat.getReputation(alice.address()));
    ok("getTransactionHistory (chat)", chat.getTransactionHistory(alice.address(), 50).size() + " txs");

    // Cross-chain.
    Instant t0 = Instant.now();
    String op = bridge.registerUserWithStake(carol, "carol" + tag, Amount.ulat(2_000_000), validator, Duration.ofSeconds(60));
    ok("registerUserWithStake", op + ", status " + bridge.getStatus(op).status());
    CrossChainOp done = bridge.waitForAtomicCompletion(op, Duration.ofMinutes(3));
    require(done.isSuccess(), "registerUserWithStake ends AtomicSuccess: " + done);
    ok("waitForAtomicCompletion", done.status() + " in " + Duration.between(t0, Instant.now()).toMillis() + " ms, steps " + done.steps());
    require(bridge.getStatusOnChatChain(op).orElseThrow().status() == OpStatus.ATOMIC_SUCCESS, "same status on the chat chain");
    require(chat.getUser("carol" + tag).orElseThrow().owner().equals(carol.address()), "identity registered");
    require(currency.getDelegations(carol.address()).size() == 1, "stake bonded");
    Wallet dave = Wallet.create();
    currency.transfer(currencyFaucet, dave.address(), Amount.ulat(10_000_000));
    CrossChainOp rolled = bridge.waitForAtomicCompletion(
        bridge.registerUserWithStake(dave, "CAROL" + tag, Amount.ulat(2_000_000), validator, Duration.ZERO), Duration.ofMinutes(3));
    require(rolled.status() == OpStatus.ROLLED_BACK && rolled.reason().contains("taken"), "taken name rolls back: " + rolled);
    require(currency.getBalance(dave.address()).longValue() == 10_000_000 - FeePolicy.DEFAULT.fee().amount().longValue(),
        "escrow refunded (only the fee spent)");
    ok("registerUserWithStake with a taken name", rolled.status() + ": " + rolled.reason());
    CrossChainOp paid = bridge.waitForAtomicCompletion(
        bridge.createChannelWithFee(carol, "paid" + tag, false, Amount.ulat(5_000)), Duration.ofMinutes(3));
    require(paid.isSuccess(), "createChannelWithFee: " + paid);
    ok("createChannelWithFee", paid.status());
    System.out.println("all " + checks + " checks passed");
  }
}
