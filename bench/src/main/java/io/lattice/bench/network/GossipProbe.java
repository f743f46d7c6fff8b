package io.lattice.bench.network;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.p2p.ChannelDescriptor;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.P2pConfig;
import io.lattice.p2p.PeerAddress;
import io.lattice.p2p.peer.Switch;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.Timestamp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures how long a vote-sized consensus message takes to cross from one validator process to
 * another, using the nodes' own gossip: a validator relays every consensus message it has not seen
 * to all its other peers before its engine checks it (P2pConsensusNetwork). Three bench peers join
 * the network over real TCP + Noise: {@code sender} and {@code near} connect only to validator X,
 * {@code far} only to validator Y. Each probe, a precommit-shaped vote (a past height, an address
 * outside the validator set, so every engine drops it after relaying), is sent by {@code sender} to
 * X; X relays it to {@code near} and to Y (and the others), Y relays it to {@code far}. Then
 *
 * <ul>
 *   <li>{@code near − sent} = bench→X hop + X's receive/relay + X→bench hop;
 *   <li>{@code far − near} = X→Y hop + Y's receive/relay (+ the difference of the two last hops,
 *       equal in expectation): the propagation of a vote from one validator process to another.
 * </ul>
 */
final class GossipProbe implements AutoCloseable {
  private static final int CHANNEL = ChannelDescriptor.CONSENSUS.id();

  private final String chainId;
  private final Switch sender;
  private final Switch near;
  private final Switch far;
  private final NodeId x;
  private final ByteString marker;
  private volatile long[] nearAt = new long[0];
  private volatile long[] farAt = new long[0];

  /** Per-probe figures in nanoseconds (only probes both receivers saw). */
  record Result(int sent, int seen, long[] viaOneNode, long[] nodeToNode) {}

  private GossipProbe(String chainId, PeerAddress x, PeerAddress y) throws IOException {
    this.chainId = chainId;
    this.x = x.id();
    SecureRandom random = new SecureRandom();
    byte[] address = new byte[20];
    random.nextBytes(address);
    this.marker = ByteString.copyFrom(address);
    this.sender = start(chainId, random);
    this.near = start(chainId, random);
    this.far = start(chainId, random);
    near.onReceive(CHANNEL, (peer, bytes) -> record(bytes, true));
    far.onReceive(CHANNEL, (peer, bytes) -> record(bytes, false));
    dial(sender, x);
    dial(near, x);
    dial(far, y);
  }

  /** Connects the three bench peers: two to validator {@code x}, one to validator {@code y}. */
  static GossipProbe connect(String chainId, PeerAddress x, PeerAddress y) throws IOException {
    return new GossipProbe(chainId, x, y);
  }

  private static Switch start(String chainId, SecureRandom random) throws IOException {
    Switch s =
        new Switch(
            KeyPairs.generate(KeyAlgorithm.ED25519, random),
            P2pConfig.builder()
                .networkId(chainId)
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .build());
    s.start();
    return s;
  }

  private static void dial(Switch s, PeerAddress to) throws IOException {
    try {
      s.dial(to).get(15, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot connect a probe peer to " + to + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void record(byte[] bytes, boolean viaNear) {
    long now = System.nanoTime();
    ConsensusMessage m;
    try {
      m = ConsensusMessage.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      return;
    }
    if (!m.hasVote() || !m.getVote().getValidatorAddress().equals(marker)) {
      return;
    }
    int probe = m.getVote().getRound();
    long[] slots = viaNear ? nearAt : farAt;
    if (probe >= 0 && probe < slots.length && slots[probe] == 0) {
      slots[probe] = now;
    }
  }

  /** Sends {@code probes} messages {@code interval} apart, then waits 2 s for the last ones. */
  Result run(int probes, Duration interval) throws InterruptedException {
    long[] sentAt = new long[probes];
    nearAt = new long[probes];
    farAt = new long[probes];
    SecureRandom random = new SecureRandom();
    byte[] hash = new byte[32];
    byte[] signature = new byte[64];
    for (int i = 0; i < probes; i++) {
      random.nextBytes(hash);
      random.nextBytes(signature);
      long nowMillis = System.currentTimeMillis();
      byte[] bytes =
          ConsensusMessage.newBuilder()
              .setVote(
                  Vote.newBuilder()
                      .setType(2)
                      .setHeight(1)
                      .setRound(i)
                      .setBlockId(BlockId.newBuilder().setHash(ByteString.copyFrom(hash)))
                      .setTimestamp(
                          Timestamp.newBuilder()
                              .setSeconds(nowMillis / 1000)
                              .setNanos((int) (nowMillis % 1000) * 1_000_000))
                      .setValidatorAddress(marker)
                      .setChainId(chainId)
                      .setSignature(ByteString.copyFrom(signature)))
              .build()
              .toByteArray();
      sentAt[i] = System.nanoTime();
      sender.send(x, CHANNEL, bytes);
      Thread.sleep(interval);
    }
    Thread.sleep(2000);
    List<long[]> pairs = new ArrayList<>();
    for (int i = 0; i < probes; i++) {
      if (nearAt[i] != 0 && farAt[i] != 0) {
        pairs.add(new long[] {nearAt[i] - sentAt[i], farAt[i] - nearAt[i]});
      }
    }
    long[] one = pairs.stream().mapToLong(p -> p[0]).toArray();
    long[] hop = pairs.stream().mapToLong(p -> p[1]).toArray();
    Arrays.sort(one);
    Arrays.sort(hop);
    return new Result(probes, pairs.size(), one, hop);
  }

  @Override
  public void close() {
    sender.close();
    near.close();
    far.close();
  }
}
