package io.lattice.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.identity.ChatTestChain;
import io.lattice.proto.identity.v1.MsgAddDevice;
import io.lattice.proto.identity.v1.MsgRevokeDevice;
import io.lattice.proto.messaging.v1.Envelope;
import io.lattice.proto.messaging.v1.MsgSendDirectMessage;
import io.lattice.runtime.store.KVStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random direct-message traffic among registered and unregistered accounts, with a device
 * revoked mid-run, a late registration, a tight rate limit and a short retention, against a model
 * that predicts every result and every pruning. After every block: the app's invariants hold, each
 * conversation's stored sequences equal the model's and are gap-free up to the last sequence, and
 * each inbox equals the model's. The same seed gives the same app hash.
 */
class MessagingSimulationTest {
  private static final int ACCOUNTS = 6;
  private static final int BLOCKS = 60;
  private static final long RETENTION = 40;
  private static final int MAX_PER_WINDOW = 3;
  private static final int WINDOW = 3;

  private record Sent(
      String sender, String recipient, long sequence, long height, long expiresAt) {}

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void modelAndInvariantsHoldEveryBlock(long seed) {
    run(seed);
  }

  @Test
  void sameSeedSameAppHash() {
    assertThat(run(77)).isEqualTo(run(77));
  }

  private static String run(long seed) {
    Random rnd = new Random(seed);
    ChatTestChain c = Chats.chain(seed, ACCOUNTS);
    c.genesis
        .putObject("messaging")
        .putObject("params")
        .put("retention_period", Long.toString(RETENTION))
        .put("max_messages_per_window", Integer.toString(MAX_PER_WINDOW))
        .put("window_blocks", Integer.toString(WINDOW));
    c.init();
    Chats.registerAll(c, 4);
    String dev = "d";
    assertThat(
            c.deliver(
                    0,
                    MsgAddDevice.newBuilder()
                        .setOwner(c.addresses.get(0))
                        .setDeviceId(dev)
                        .setPublicKey(ChatTestChain.key32(seed))
                        .build())
                .getCode())
        .isZero();
    Set<Integer> registered = new HashSet<>(List.of(0, 1, 2, 3));
    boolean deviceActive = true;
    Map<String, Long> last = new TreeMap<>();
    List<Sent> live = new ArrayList<>();
    Map<Long, Map<Integer, Integer>> counts = new HashMap<>();
    MessagingKeeper keeper = Chats.keeper(c);
    int accepted = 0;
    int refused = 0;

    for (int b = 0; b < BLOCKS; b++) {
      long h = c.height() + 1;
      long time = ChatTestChain.timeOf(h).getEpochSecond();
      List<byte[]> txs = new ArrayList<>();
      List<Boolean> expected = new ArrayList<>();
      Map<Integer, Integer> ahead = new HashMap<>();
      if (b == 15) {
        txs.add(
            c.tx(
                0,
                MsgRevokeDevice.newBuilder()
                    .setOwner(c.addresses.get(0))
                    .setDeviceId(dev)
                    .build()));
        expected.add(true);
        ahead.put(0, 1);
        deviceActive = false;
      }
      if (b == 25) {
        txs.add(c.tx(4, Chats.register(c, 4, "late4")));
        expected.add(true);
        ahead.put(4, 1);
        registered.add(4);
      }
      int n = 1 + rnd.nextInt(6);
      for (int t = 0; t < n; t++) {
        int from = rnd.nextInt(ACCOUNTS);
        int to = rnd.nextInt(ACCOUNTS - 1);
        if (to >= from) {
          to++;
        }
        boolean useDevice = from == 0 && rnd.nextInt(3) == 0;
        MsgSendDirectMessage m = Chats.send(c, from, to, seed * 100_000 + b * 10L + t);
        if (useDevice) {
          m = m.toBuilder().setSenderDeviceId(dev).build();
        }
        int already = 0;
        for (long w = Math.max(0, h - WINDOW + 1); w <= h; w++) {
          already += counts.getOrDefault(w, Map.of()).getOrDefault(from, 0);
        }
        boolean ok =
            registered.contains(from)
                && registered.contains(to)
                && (!useDevice || deviceActive)
                && already < MAX_PER_WINDOW;
        int k = ahead.getOrDefault(from, 0);
        txs.add(c.tx(from, k, (Message) m));
        ahead.put(from, k + 1);
        expected.add(ok);
        if (ok) {
          counts.computeIfAbsent(h, x -> new HashMap<>()).merge(from, 1, Integer::sum);
          String a = c.addresses.get(from);
          String r = c.addresses.get(to);
          String conv = conv(a, r);
          long seq = last.getOrDefault(conv, 0L) + 1;
          last.put(conv, seq);
          live.add(new Sent(a, r, seq, h, time + RETENTION));
        }
      }
      FinalizedBlock fb = c.block(txs);
      for (int i = 0; i < txs.size(); i++) {
        var r = fb.txResults().get(i);
        assertThat(r.getCode() == 0)
            .as("seed %d block %d tx %d: %s", seed, b, i, r.getLog())
            .isEqualTo(expected.get(i));
        if (r.getCode() == 0) {
          accepted++;
        } else {
          refused++;
        }
      }
      live.removeIf(s -> s.expiresAt() <= time);
      assertMatches(c, keeper, last, live);
    }
    assertThat(accepted).isGreaterThan(20);
    assertThat(refused).isPositive();
    return c.appHashHex();
  }

  private static String conv(String a, String b) {
    return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
  }

  private static void assertMatches(
      ChatTestChain c, MessagingKeeper keeper, Map<String, Long> last, List<Sent> live) {
    KVStore state = c.app.stateAt(0);
    for (int i = 0; i < ACCOUNTS; i++) {
      for (int j = i + 1; j < ACCOUNTS; j++) {
        String a = c.addresses.get(i);
        String b = c.addresses.get(j);
        long lastSeq = keeper.lastSequence(state, a, b);
        assertThat(lastSeq).isEqualTo(last.getOrDefault(conv(a, b), 0L));
        List<Long> stored =
            keeper.conversation(state, a, b, 0, 1000).stream().map(Envelope::getSequence).toList();
        List<Long> want =
            live.stream()
                .filter(s -> conv(s.sender(), s.recipient()).equals(conv(a, b)))
                .map(Sent::sequence)
                .toList();
        assertThat(stored).isEqualTo(want);
        // gap-free: the stored sequences are the tail first..last
        for (int k = 0; k < stored.size(); k++) {
          assertThat(stored.get(k)).isEqualTo(lastSeq - stored.size() + 1 + k);
        }
      }
      String addr = c.addresses.get(i);
      List<String> inbox =
          keeper.inbox(state, addr, 0, 1000).stream()
              .map(e -> e.getHeight() + "/" + e.getSender() + "/" + e.getSequence())
              .toList();
      List<String> wantInbox =
          live.stream()
              .filter(s -> s.recipient().equals(addr))
              .sorted(
                  Comparator.comparingLong(Sent::height)
                      .thenComparing(Sent::sender)
                      .thenComparingLong(Sent::sequence))
              .map(s -> s.height() + "/" + s.sender() + "/" + s.sequence())
              .toList();
      assertThat(inbox).isEqualTo(wantInbox);
    }
  }
}
