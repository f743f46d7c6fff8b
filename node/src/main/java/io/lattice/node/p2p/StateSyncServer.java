package io.lattice.node.p2p;

import io.lattice.consensus.BlockLedger;
import io.lattice.consensus.tendermint.TendermintEngine;
import io.lattice.consensus.tendermint.ValidatorSet;
import io.lattice.p2p.ChannelDescriptor;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.PeerListener;
import io.lattice.p2p.peer.Switch;
import io.lattice.proto.Canonical;
import io.lattice.proto.DecodeException;
import io.lattice.proto.consensus.v1.LightBlock;
import io.lattice.proto.consensus.v1.SignedHeader;
import io.lattice.proto.p2p.v1.ChunkResponse;
import io.lattice.proto.p2p.v1.LightBlockResponse;
import io.lattice.proto.p2p.v1.ManifestResponse;
import io.lattice.proto.p2p.v1.SnapshotContext;
import io.lattice.proto.p2p.v1.SnapshotInfo;
import io.lattice.proto.p2p.v1.SnapshotsResponse;
import io.lattice.proto.p2p.v1.StateSyncMessage;
import io.lattice.proto.p2p.v1.Unavailable;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.snapshot.SnapshotManifest;
import io.lattice.storage.snapshot.SnapshotStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving half of state sync (channel state-sync 0x60): lists this node's snapshots and serves
 * their manifests and chunks, light blocks (signed header + validator set) of any stored height,
 * and the context a node restoring a snapshot needs (the block of its height with commit, results
 * and the validator sets of that height and the two after). Requests are answered on a thread of
 * its own, at most {@value #MAX_SERVED_PER_PEER} of one peer at a time; beyond that a request costs
 * the peer {@value #FLOOD_PENALTY} points and is answered {@code Unavailable}. A snapshot is
 * offered once the block after it is stored (its light block proves the snapshot's app hash).
 */
public final class StateSyncServer implements AutoCloseable {
  public static final int CHANNEL = ChannelDescriptor.STATE_SYNC.id();
  public static final int MAX_MESSAGE_BYTES = ChannelDescriptor.STATE_SYNC.maxMessageBytes();
  static final int MAX_SERVED_PER_PEER = 8;
  static final double FLOOD_PENALTY = 5;
  static final double MALFORMED_PENALTY = 20;

  /** {@code Unavailable.what} of a request refused because the peer asked too much at once. */
  static final String BUSY = "busy";

  private static final Logger log = LoggerFactory.getLogger(StateSyncServer.class);

  private final Switch network;
  private final BlockLedger chain;
  private final KeyValueStore db;
  private final SnapshotStore snapshots;
  private final RequestQueue requests;
  private final List<AutoCloseable> subscriptions = new ArrayList<>();

  public StateSyncServer(
      Switch network, BlockLedger chain, KeyValueStore db, SnapshotStore snapshots) {
    this.network = network;
    this.chain = chain;
    this.db = db;
    this.snapshots = snapshots;
    this.requests = new RequestQueue("state-sync-serve-" + network.nodeId(), MAX_SERVED_PER_PEER);
  }

  public void start() {
    subscriptions.add(network.onReceive(CHANNEL, this::received));
    subscriptions.add(
        network.addListener(
            new PeerListener() {
              @Override
              public void disconnected(NodeId peer, String reason) {
                requests.forget(peer);
              }
            }));
  }

  private void received(NodeId peer, byte[] bytes) {
    StateSyncMessage m;
    try {
      m =
          Canonical.decode(
              StateSyncMessage.parser(), bytes, MAX_MESSAGE_BYTES, "state-sync message");
    } catch (DecodeException e) {
      network.penalize(peer, MALFORMED_PENALTY, e.getMessage());
      return;
    }
    switch (m.getSumCase()) {
      case SNAPSHOTS_REQUEST,
          MANIFEST_REQUEST,
          CHUNK_REQUEST,
          LIGHT_BLOCK_REQUEST,
          CONTEXT_REQUEST ->
          serve(peer, m);
      case SUM_NOT_SET -> network.penalize(peer, MALFORMED_PENALTY, "empty state-sync message");
      default -> {
        // responses are for a running StateSyncClient
      }
    }
  }

  private void serve(NodeId peer, StateSyncMessage request) {
    if (!requests.submit(peer, () -> send(peer, answer(request)))) {
      network.penalize(
          peer, FLOOD_PENALTY, "more than " + MAX_SERVED_PER_PEER + " state-sync requests at once");
      send(peer, unavailable(heightOf(request), BUSY, requestedChunk(request)));
    }
  }

  private void send(NodeId peer, StateSyncMessage m) {
    network.send(peer, CHANNEL, m.toByteArray());
  }

  /** The answer to one request, from the snapshot store and the block store. */
  private StateSyncMessage answer(StateSyncMessage request) {
    return switch (request.getSumCase()) {
      case SNAPSHOTS_REQUEST -> snapshotList();
      case MANIFEST_REQUEST -> {
        long h = request.getManifestRequest().getHeight();
        yield servable(h)
            .flatMap(snapshots::manifestBytes)
            .map(b ->
                StateSyncMessage.newBuilder()
                    .setManifestResponse(
                        ManifestResponse.newBuilder()
                            .setHeight(h)
                            .setManifest(com.google.protobuf.ByteString.copyFrom(b)))
                    .build())
            .orElseGet(() -> unavailable(h, "snapshot", 0));
      }
      case CHUNK_REQUEST -> {
        long h = request.getChunkRequest().getHeight();
        int index = request.getChunkRequest().getIndex();
        yield servable(h)
            .flatMap(s -> snapshots.chunk(s, index))
            .filter(b -> b.length + 64 <= MAX_MESSAGE_BYTES)
            .map(b ->
                StateSyncMessage.newBuilder()
                    .setChunkResponse(
                        ChunkResponse.newBuilder()
                            .setHeight(h)
                            .setIndex(index)
                            .setChunk(com.google.protobuf.ByteString.copyFrom(b)))
                    .build())
            .orElseGet(() -> unavailable(h, "chunk", index));
      }
      case LIGHT_BLOCK_REQUEST -> {
        long h = request.getLightBlockRequest().getHeight();
        yield lightBlock(h)
            .map(lb ->
                StateSyncMessage.newBuilder()
                    .setLightBlockResponse(LightBlockResponse.newBuilder().setLightBlock(lb))
                    .build())
            .orElseGet(() -> unavailable(h, "light block", 0));
      }
      case CONTEXT_REQUEST -> {
        long h = request.getContextRequest().getHeight();
        yield context(h)
            .map(c -> StateSyncMessage.newBuilder().setContext(c).build())
            .orElseGet(() -> unavailable(h, "context", 0));
      }
      default -> throw new IllegalArgumentException("not a request: " + request.getSumCase());
    };
  }

  private StateSyncMessage snapshotList() {
    SnapshotsResponse.Builder b = SnapshotsResponse.newBuilder();
    List<Long> heights = snapshots.heights();
    for (int i = heights.size() - 1; i >= 0; i--) {
      long h = heights.get(i);
      if (servable(h).isPresent()) {
        snapshots
            .manifest(h)
            .map(SnapshotManifest::chunkCount)
            .ifPresent(c -> b.addSnapshots(SnapshotInfo.newBuilder().setHeight(h).setChunks(c)));
      }
    }
    return StateSyncMessage.newBuilder().setSnapshotsResponse(b).build();
  }

  /** {@code h} when its snapshot can be verified by a peer: the block after it is stored. */
  private Optional<Long> servable(long h) {
    return h >= 1 && h + 1 <= chain.latestHeight() ? Optional.of(h) : Optional.empty();
  }

  private Optional<LightBlock> lightBlock(long h) {
    if (h < 1 || h > chain.latestHeight()) {
      return Optional.empty();
    }
    Optional<Block> block = chain.block(h);
    Optional<Commit> commit = chain.commit(h);
    Optional<ValidatorSet> set = TendermintEngine.storedValidatorSet(db, h);
    if (block.isEmpty() || commit.isEmpty() || set.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        LightBlock.newBuilder()
            .setSignedHeader(
                SignedHeader.newBuilder()
                    .setHeader(block.get().getHeader())
                    .setCommit(commit.get()))
            .setValidatorSet(set.get().toProto())
            .build());
  }

  private Optional<SnapshotContext> context(long h) {
    if (servable(h).isEmpty()) {
      return Optional.empty();
    }
    Optional<Block> block = chain.block(h);
    Optional<Commit> commit = chain.commit(h);
    var results = chain.results(h);
    if (block.isEmpty() || commit.isEmpty() || results.isEmpty()) {
      return Optional.empty();
    }
    SnapshotContext.Builder c =
        SnapshotContext.newBuilder()
            .setHeight(h)
            .setBlock(block.get())
            .setCommit(commit.get())
            .addAllResults(results.get());
    for (long v = h; v <= h + 2; v++) {
      Optional<ValidatorSet> set = TendermintEngine.storedValidatorSet(db, v);
      if (set.isEmpty()) {
        return Optional.empty();
      }
      c.addValidatorSets(set.get().toState());
    }
    SnapshotContext built = c.build();
    return built.getSerializedSize() + 64 <= MAX_MESSAGE_BYTES
        ? Optional.of(built)
        : Optional.empty();
  }

  private static long heightOf(StateSyncMessage request) {
    return switch (request.getSumCase()) {
      case MANIFEST_REQUEST -> request.getManifestRequest().getHeight();
      case CHUNK_REQUEST -> request.getChunkRequest().getHeight();
      case LIGHT_BLOCK_REQUEST -> request.getLightBlockRequest().getHeight();
      case CONTEXT_REQUEST -> request.getContextRequest().getHeight();
      default -> 0;
    };
  }

  private static int requestedChunk(StateSyncMessage request) {
    return request.hasChunkRequest() ? request.getChunkRequest().getIndex() : 0;
  }

  private static StateSyncMessage unavailable(long height, String what, int index) {
    return StateSyncMessage.newBuilder()
        .setUnavailable(Unavailable.newBuilder().setHeight(height).setWhat(what).setIndex(index))
        .build();
  }

  @Override
  public void close() {
    Reactors.unsubscribe("state sync server", subscriptions, log);
    requests.close();
  }
}
