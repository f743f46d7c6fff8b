package io.lattice.bench.peer.raft;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;

/**
 * Apache Ratis as the replicated log: {@code nodes} RaftServers in this JVM, each with its own
 * storage directory (SegmentedRaftLog with Ratis' default durability: the log worker calls {@code
 * FileChannel.force} before an entry counts as written, grouping up to {@code
 * raft.server.log.force.sync.num} = 128 entries per force; unsafe and async flush off), talking
 * gRPC over loopback TCP (plaintext). The client's async API sends each payload to the leader,
 * which replies once the entry is committed (on a majority's disk) and applied by its state
 * machine, a counter.
 */
final class RatisLog implements ReplicatedLog {
  /** The Ratis release on the class path (pinned in the root pom). */
  static final String VERSION = "3.3.0";

  private final int nodes;
  private final int window;
  private final Duration appenderWait;
  private final Path dir;
  private final List<RaftServer> servers = new ArrayList<>();
  private final List<CountingStateMachine> machines = new ArrayList<>();
  private RaftClient client;
  private LongConsumer committed = id -> {};
  private final AtomicLong failed = new AtomicLong();

  RatisLog(int nodes, int window, Duration appenderWait, Path dir) {
    this.nodes = nodes;
    this.window = window;
    this.appenderWait = appenderWait;
    this.dir = dir;
  }

  /** Counts applied entries; the entries themselves are not kept (a no-op state machine). */
  static final class CountingStateMachine extends BaseStateMachine {
    final AtomicLong applied = new AtomicLong();

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
      LogEntryProto entry = trx.getLogEntry();
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
      applied.incrementAndGet();
      return CompletableFuture.completedFuture(Message.EMPTY);
    }
  }

  @Override
  public String system() {
    return "ratis " + VERSION;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void start(LongConsumer committed) throws IOException {
    this.committed = committed;
    List<RaftPeer> peers = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      ports.add(freePort());
      peers.add(
          RaftPeer.newBuilder().setId("n" + i).setAddress("127.0.0.1:" + ports.get(i)).build());
    }
    RaftGroup group = RaftGroup.valueOf(RaftGroupId.valueOf(UUID.randomUUID()), peers);
    for (int i = 0; i < nodes; i++) {
      RaftPeer peer = peers.get(i);
      RaftProperties p = properties();
      Path storage = Files.createDirectories(dir.resolve("ratis-n" + i));
      RaftServerConfigKeys.setStorageDir(p, List.of(new File(storage.toString())));
      GrpcConfigKeys.Server.setHost(p, "127.0.0.1");
      GrpcConfigKeys.Server.setPort(p, ports.get(i));
      CountingStateMachine sm = new CountingStateMachine();
      machines.add(sm);
      RaftServer server =
          RaftServer.newBuilder()
              .setServerId(peer.getId())
              .setGroup(group)
              .setStateMachine(sm)
              .setProperties(p)
              .build();
      servers.add(server);
      server.start();
    }
    client = RaftClient.newBuilder().setProperties(properties()).setRaftGroup(group).build();
    // blocks until a leader is elected and has committed its first entry
    RaftClientReply first =
        client.io().send(Message.valueOf(ByteString.copyFrom(NoopApplication.payload(-1, 8))));
    if (!first.isSuccess()) {
      throw new IOException("the Ratis cluster did not commit its first entry: " + first);
    }
  }

  private RaftProperties properties() {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    // the client keeps `window` requests in flight (Ratis' default cap is 100)
    RaftClientConfigKeys.Async.setOutstandingRequestsMax(p, Math.max(window, 100));
    // Ratis' default election timeout (150-300 ms) makes leaders step down whenever the shared
    // 2-core machine stalls a server; 1-2 s matches Tendermint's 1 s vote timeouts
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(1, TimeUnit.SECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2, TimeUnit.SECONDS));
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(10, TimeUnit.SECONDS));
    // how long a leader's log appender waits for more entries before sending; at the default 1 ms
    // the twelve appender threads poll the log almost without pause and starve 2 cores
    RaftServerConfigKeys.Log.Appender.setWaitTimeMin(
        p, TimeDuration.valueOf(appenderWait.toNanos(), TimeUnit.NANOSECONDS));
    return p;
  }

  @Override
  public void append(byte[] payload) {
    long id = NoopApplication.id(payload);
    var unused =
        client
            .async()
            .send(Message.valueOf(ByteString.copyFrom(payload)))
            .whenComplete((reply, error) -> {
              if (error == null && reply.isSuccess()) {
                committed.accept(id);
              } else {
                failed.incrementAndGet();
              }
            });
  }

  @Override
  public String conditions() {
    return nodes
        + " RaftServers in one JVM, gRPC over loopback TCP (plaintext), SegmentedRaftLog per"
        + " server on local disk with Ratis' default durability (FileChannel.force before an"
        + " entry counts as written, up to 128 entries per force; unsafe/async flush off),"
        + " no-op state machine (a counter), one RaftClient (async API, gRPC) sending to the"
        + " leader; an entry counts when the leader replies (committed on 3 of 4 disks and"
        + " applied); election timeout 1-2 s (Ratis default 150-300 ms), client request timeout"
        + " 10 s (default 3 s), log appender wait-time.min "
        + appenderWait.toMillis()
        + " ms (default 1 ms); no signatures, no encryption";
  }

  @Override
  public Map<String, Long> counters() {
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("applied_on_leader", machines.stream().mapToLong(m -> m.applied.get()).max().orElse(0));
    c.put("failed_requests", failed.get());
    return c;
  }

  @Override
  public void close() {
    if (client != null) {
      try {
        client.close();
      } catch (IOException e) {
        System.err.println("closing the Ratis client failed: " + e.getMessage());
      }
    }
    for (RaftServer s : servers) {
      try {
        s.close();
      } catch (IOException e) {
        System.err.println("closing a Ratis server failed: " + e.getMessage());
      }
    }
    servers.clear();
  }
}
