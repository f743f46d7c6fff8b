package io.lattice.node.p2p;

import com.google.protobuf.ByteString;
import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.BlockLedger;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.BlockVerifier;
import io.lattice.consensus.block.InvalidBlockException;
import io.lattice.consensus.light.LightClient;
import io.lattice.consensus.light.LightOptions;
import io.lattice.consensus.light.LightVerification;
import io.lattice.consensus.light.LightVerifier;
import io.lattice.consensus.tendermint.TendermintEngine;
import io.lattice.consensus.tendermint.ValidatorSet;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.PeerInfo;
import io.lattice.p2p.peer.Switch;
import io.lattice.proto.Canonical;
import io.lattice.proto.DecodeException;
import io.lattice.proto.consensus.v1.LightBlock;
import io.lattice.proto.consensus.v1.ValidatorSetState;
import io.lattice.proto.p2p.v1.ChunkRequest;
import io.lattice.proto.p2p.v1.LightBlockRequest;
import io.lattice.proto.p2p.v1.ManifestRequest;
import io.lattice.proto.p2p.v1.SnapshotContext;
import io.lattice.proto.p2p.v1.SnapshotContextRequest;
import io.lattice.proto.p2p.v1.SnapshotInfo;
import io.lattice.proto.p2p.v1.SnapshotsRequest;
import io.lattice.proto.p2p.v1.StateSyncMessage;
import io.lattice.proto.types.v1.Header;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.WriteBatch;
import io.lattice.storage.snapshot.InvalidSnapshotException;
import io.lattice.storage.snapshot.SnapshotManifest;
import io.lattice.storage.snapshot.SnapshotRestorer;
import io.lattice.storage.state.StateTree;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restoring half of state sync: a node without state finds the newest snapshot its peers offer,
 * verifies the snapshot's height with a light client that starts from the genesis validators
 * (bisection, {@link LightClient}), checks the snapshot's manifest against the app hash of the
 * header after it, downloads the chunks from every peer that has them (each verified as it arrives;
 * a bad one costs the peer {@value #BAD_DATA_PENALTY} points and is fetched elsewhere), and writes
 * the state, the block of the snapshot's height with its commit and results, and the validator sets
 * it needs to continue, in one synced batch. Progress is logged every {@value #PROGRESS_SECONDS}
 * seconds. When no snapshot is offered within the discovery time, or none verifies, {@link #run}
 * returns empty and the node starts from genesis (block sync).
 *
 * <p>Proposer priorities of the restored validator sets are taken from the serving peer: the
 * headers commit to the sets' members and powers only (as in CometBFT).
 */
public final class StateSyncClient implements AutoCloseable {
  static final double BAD_DATA_PENALTY = 50;
  static final int PROGRESS_SECONDS = 2;
  static final int DISCOVERY_ROUNDS = 3;
  static final int MAX_TRIED_SNAPSHOTS = 5;

  private static final Logger log = LoggerFactory.getLogger(StateSyncClient.class);
  private static final HexFormat HEX = HexFormat.of();

  /**
   * What the client trusts and how long it waits.
   *
   * @param genesisValidators the validators of the chain's first height: the light client's root
   * @param requestTimeout how long one request may stay unanswered before another peer is asked
   * @param chunksPerPeer chunk requests outstanding per peer
   */
  public record Settings(
      String chainId,
      long initialHeight,
      io.lattice.proto.types.v1.ValidatorSet genesisValidators,
      Duration discoveryTime,
      Duration trustPeriod,
      Duration requestTimeout,
      int chunksPerPeer) {}

  /** A snapshot restored: the node continues from {@code height}. */
  public record Restored(long height, byte[] appHash, int chunks, long keys, Duration took) {}

  private record Received(NodeId peer, StateSyncMessage message) {}

  /** Why one snapshot could not be restored (the next one is tried). */
  private static final class Abandon extends Exception {
    private static final long serialVersionUID = 1L;

    Abandon(String message) {
      super(message);
    }
  }

  private final Switch network;
  private final Settings settings;
  private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
  private final AutoCloseable subscription;

  public StateSyncClient(Switch network, Settings settings) {
    this.network = network;
    this.settings = settings;
    this.subscription = network.onReceive(StateSyncServer.CHANNEL, this::received);
  }

  private void received(NodeId peer, byte[] bytes) {
    try {
      StateSyncMessage m =
          Canonical.decode(
              StateSyncMessage.parser(), bytes, StateSyncServer.MAX_MESSAGE_BYTES, "state sync");
      switch (m.getSumCase()) {
        case SNAPSHOTS_RESPONSE,
            MANIFEST_RESPONSE,
            CHUNK_RESPONSE,
            LIGHT_BLOCK_RESPONSE,
            CONTEXT,
            UNAVAILABLE ->
            inbox.add(new Received(peer, m));
        default -> {
          // requests are the server's; undecodable messages are penalized by the server
        }
      }
    } catch (DecodeException e) {
      // the server penalizes it
    }
  }

  /**
   * Restores the newest verifiable snapshot into {@code tree} (which must be empty) and stages the
   * rest with {@code chain} and {@code alsoStage} into one batch written to {@code db}.
   */
  public Optional<Restored> run(
      KeyValueStore db, StateTree tree, BlockLedger chain, Consumer<WriteBatch> alsoStage)
      throws InterruptedException {
    Instant started = Instant.now();
    for (int round = 1; round <= DISCOVERY_ROUNDS; round++) {
      Map<Long, Set<NodeId>> offers = discover();
      if (offers.isEmpty()) {
        log.warn(
            "state sync: no peer offered a snapshot within {} ({} peers); starting from genesis",
            settings.discoveryTime(),
            network.peers().size());
        return Optional.empty();
      }
      for (Map.Entry<Long, Set<NodeId>> offer : offers.entrySet()) {
        long height = offer.getKey();
        List<NodeId> peers = new ArrayList<>(offer.getValue());
        log.info("state sync: trying the snapshot at height {} offered by {}", height, peers);
        try {
          Restored r = restore(height, peers, db, tree, chain, alsoStage, started);
          log.info(
              "state sync: restored height {} ({} keys in {} chunks) in {} ms, app hash {}",
              r.height(),
              r.keys(),
              r.chunks(),
              r.took().toMillis(),
              HEX.formatHex(r.appHash()));
          return Optional.of(r);
        } catch (Abandon e) {
          tree.discard();
          log.warn("state sync: snapshot at height {} abandoned: {}", height, e.getMessage());
        }
      }
      // peers may have replaced their snapshots meanwhile: ask again
    }
    log.warn(
        "state sync: no offered snapshot could be restored in {} rounds; starting from genesis",
        DISCOVERY_ROUNDS);
    return Optional.empty();
  }

  /**
   * Snapshots offered by peers, newest first (at most {@value #MAX_TRIED_SNAPSHOTS}), with the
   * peers that offer them.
   */
  private Map<Long, Set<NodeId>> discover() throws InterruptedException {
    // each peer's latest answer: snapshots it deleted since an earlier answer are not offered
    Map<NodeId, List<SnapshotInfo>> answers = new HashMap<>();
    long deadline = System.nanoTime() + settings.discoveryTime().toNanos();
    long firstOffer = 0;
    long lastAsk = 0;
    byte[] ask =
        StateSyncMessage.newBuilder()
            .setSnapshotsRequest(SnapshotsRequest.getDefaultInstance())
            .build()
            .toByteArray();
    log.info("state sync: looking for snapshots for up to {}", settings.discoveryTime());
    while (System.nanoTime() < deadline) {
      long now = System.nanoTime();
      if (lastAsk == 0 || now - lastAsk >= TimeUnit.SECONDS.toNanos(1)) {
        network.broadcast(StateSyncServer.CHANNEL, ask);
        lastAsk = now;
      }
      // once something is offered, other peers get two more seconds to answer
      if (firstOffer != 0 && now - firstOffer >= TimeUnit.SECONDS.toNanos(2)) {
        break;
      }
      Received r = inbox.poll(100, TimeUnit.MILLISECONDS);
      if (r != null && r.message().hasSnapshotsResponse()) {
        List<SnapshotInfo> offered = r.message().getSnapshotsResponse().getSnapshotsList();
        answers.put(r.peer(), offered);
        if (firstOffer == 0 && !offered.isEmpty()) {
          firstOffer = System.nanoTime();
        }
      }
    }
    TreeMap<Long, Set<NodeId>> offers = new TreeMap<>(Comparator.reverseOrder());
    answers.forEach((peer, list) -> {
      for (SnapshotInfo s : list) {
        if (s.getHeight() >= settings.initialHeight() && s.getChunks() > 0) {
          offers.computeIfAbsent(s.getHeight(), h -> new LinkedHashSet<>()).add(peer);
        }
      }
    });
    // a peer listing countless (or made-up) heights costs at most this many attempts per round
    while (offers.size() > MAX_TRIED_SNAPSHOTS) {
      offers.pollLastEntry();
    }
    return offers;
  }

  private Restored restore(
      long height,
      List<NodeId> peers,
      KeyValueStore db,
      StateTree tree,
      BlockLedger chain,
      Consumer<WriteBatch> alsoStage,
      Instant started)
      throws Abandon, InterruptedException {
    List<LightBlock> verified = verifyHeaders(height, peers);
    LightBlock atHeight = verified.get(0);
    Header after = verified.get(1).getSignedHeader().getHeader();
    byte[] appHash = after.getAppHash().toByteArray();

    SnapshotRestorer restorer = fetchManifest(height, peers, tree, appHash);
    SnapshotContext context = fetchContext(height, peers, atHeight, after);
    fetchChunks(height, peers, restorer);

    try (WriteBatch batch = db.newBatch()) {
      restorer.commit(batch);
      byte[] blockHash = BlockHashes.header(context.getBlock().getHeader());
      chain.stage(
          batch,
          new BlockCommitted(
              context.getBlock(),
              blockHash,
              context.getCommit(),
              List.copyOf(context.getResultsList()),
              appHash));
      for (int i = 0; i < 3; i++) {
        TendermintEngine.stageValidatorSet(batch, height + i, context.getValidatorSets(i));
      }
      alsoStage.accept(batch);
      db.write(batch, true);
    }
    SnapshotManifest m = restorer.manifest();
    return new Restored(
        height,
        appHash,
        m.chunkCount(),
        restorer.appliedLeaves(),
        Duration.between(started, Instant.now()));
  }

  // ---- light client ----

  /**
   * The light blocks of {@code height} and {@code height + 1}, verified from genesis with each peer
   * in turn as the only source of headers, until one peer's headers verify.
   */
  private List<LightBlock> verifyHeaders(long height, List<NodeId> peers)
      throws Abandon, InterruptedException {
    List<String> failures = new ArrayList<>();
    for (NodeId provider : peers) {
      try {
        return verifyHeadersFrom(height, provider);
      } catch (Abandon e) {
        failures.add(provider + ": " + e.getMessage());
      }
    }
    throw new Abandon("no peer's headers verify: " + String.join("; ", failures));
  }

  private List<LightBlock> verifyHeadersFrom(long height, NodeId provider)
      throws Abandon, InterruptedException {
    List<NodeId> only = List.of(provider);
    LightOptions options = LightOptions.of(settings.trustPeriod(), Duration.ofSeconds(10));
    Instant now = Instant.now();
    LightBlock root = trustedRoot(provider);
    LightBlock atHeight = root;
    if (height > settings.initialHeight()) {
      LightClient client = new LightClient(h -> lightBlockOrEmpty(h, only), options);
      LightClient.Bisection b = client.bisect(root, height, now);
      if (!b.outcome().isVerified()) {
        throw refuted(
            provider,
            atFault(b.outcome()),
            "header " + height + " does not verify: " + b.outcome());
      }
      atHeight = b.trace().get(b.trace().size() - 1);
      log.info(
          "state sync: header {} verified from genesis through {} headers",
          height,
          b.trace().size() - 1);
    }
    LightBlock after = lightBlock(height + 1, only);
    LightVerification v = LightVerifier.verify(atHeight, after, now, options);
    if (!v.isVerified()) {
      throw refuted(provider, atFault(v), "header " + (height + 1) + " does not verify: " + v);
    }
    return List.of(atHeight, after);
  }

  /**
   * An {@link Abandon} for headers that failed verification; the peer that served them is penalized
   * unless it merely lacked a header or the trusted root expired.
   */
  private Abandon refuted(NodeId provider, boolean peersFault, String why) {
    if (peersFault) {
      network.penalize(provider, BAD_DATA_PENALTY, "state sync: " + why);
    }
    return new Abandon(why);
  }

  /** Whether a failed verification proves the serving peer wrong. */
  private static boolean atFault(LightVerification v) {
    return !(v instanceof LightVerification.Failed f
        && (f.reason() == LightVerification.Reason.PROVIDER_MISSING_BLOCK
            || f.reason() == LightVerification.Reason.EXPIRED));
  }

  /** The first height's light block, checked against the genesis validators. */
  private LightBlock trustedRoot(NodeId provider) throws Abandon, InterruptedException {
    long h = settings.initialHeight();
    LightBlock lb = lightBlock(h, List.of(provider));
    Header header = lb.getSignedHeader().getHeader();
    ValidatorSet genesis = ValidatorSet.genesis(settings.genesisValidators());
    if (!header.getChainId().equals(settings.chainId())) {
      throw refuted(provider, true, "the first header is of chain " + header.getChainId());
    }
    if (!Arrays.equals(header.getValidatorsHash().toByteArray(), genesis.hash())) {
      throw refuted(provider, true, "the first header does not name the genesis validators");
    }
    try {
      BlockVerifier.verifyCommit(
          settings.chainId(),
          genesis.toProto(),
          h,
          BlockHashes.header(header),
          lb.getSignedHeader().getCommit());
    } catch (InvalidBlockException e) {
      throw refuted(provider, true, "the first header's commit does not verify: " + e.getMessage());
    }
    return lb.toBuilder().setValidatorSet(genesis.toProto()).build();
  }

  private Optional<LightBlock> lightBlockOrEmpty(long h, List<NodeId> peers) {
    try {
      return Optional.of(lightBlock(h, peers));
    } catch (Abandon e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private LightBlock lightBlock(long h, List<NodeId> peers) throws Abandon, InterruptedException {
    StateSyncMessage request =
        StateSyncMessage.newBuilder()
            .setLightBlockRequest(LightBlockRequest.newBuilder().setHeight(h))
            .build();
    return ask(
            peers,
            request,
            m ->
                m.hasLightBlockResponse()
                    && m.getLightBlockResponse()
                            .getLightBlock()
                            .getSignedHeader()
                            .getHeader()
                            .getHeight()
                        == h,
            "light block " + h)
        .message()
        .getLightBlockResponse()
        .getLightBlock();
  }

  // ---- manifest, context, chunks ----

  private SnapshotRestorer fetchManifest(
      long height, List<NodeId> peers, StateTree tree, byte[] appHash)
      throws Abandon, InterruptedException {
    return askVerified(
        peers,
        StateSyncMessage.newBuilder()
            .setManifestRequest(ManifestRequest.newBuilder().setHeight(height))
            .build(),
        m -> m.hasManifestResponse() && m.getManifestResponse().getHeight() == height,
        "manifest of height " + height,
        m -> {
          SnapshotManifest manifest =
              SnapshotManifest.decode(m.getManifestResponse().getManifest().toByteArray());
          if (manifest.height() != height) {
            throw new InvalidSnapshotException("manifest is of height " + manifest.height());
          }
          return new SnapshotRestorer(tree, manifest, appHash);
        });
  }

  private SnapshotContext fetchContext(
      long height, List<NodeId> peers, LightBlock atHeight, Header after)
      throws Abandon, InterruptedException {
    return askVerified(
        peers,
        StateSyncMessage.newBuilder()
            .setContextRequest(SnapshotContextRequest.newBuilder().setHeight(height))
            .build(),
        m -> m.hasContext() && m.getContext().getHeight() == height,
        "context of height " + height,
        m -> {
          Optional<String> bad = contextProblem(m.getContext(), atHeight, after);
          if (bad.isPresent()) {
            throw new InvalidSnapshotException(bad.get());
          }
          return m.getContext();
        });
  }

  /** What a verified answer yields; throws the reason when it does not verify. */
  @FunctionalInterface
  private interface Check<T> {
    T apply(StateSyncMessage answer) throws InvalidSnapshotException;
  }

  /**
   * Asks {@code peers} in turn until one's answer passes {@code check}; a peer whose answer fails
   * it loses {@value #BAD_DATA_PENALTY} points and is not asked again.
   */
  private <T> T askVerified(
      List<NodeId> peers,
      StateSyncMessage request,
      Predicate<StateSyncMessage> answers,
      String what,
      Check<T> check)
      throws Abandon, InterruptedException {
    List<NodeId> candidates = new ArrayList<>(peers);
    while (!candidates.isEmpty()) {
      Received r = ask(candidates, request, answers, what);
      try {
        return check.apply(r.message());
      } catch (InvalidSnapshotException e) {
        network.penalize(r.peer(), BAD_DATA_PENALTY, "state sync " + what + ": " + e.getMessage());
        candidates.remove(r.peer());
      }
    }
    throw new Abandon("no peer served a " + what + " that verifies");
  }

  /** What is wrong with a context, checked against the verified headers; empty when nothing. */
  private static Optional<String> contextProblem(
      SnapshotContext c, LightBlock atHeight, Header after) {
    Header header = atHeight.getSignedHeader().getHeader();
    byte[] hash = BlockHashes.header(header);
    if (!c.getBlock().getHeader().equals(header)) {
      return Optional.of("the block's header is not the verified header");
    }
    ValidatorSet decidedBy = ValidatorSet.genesis(atHeight.getValidatorSet());
    try {
      BlockVerifier.verifyBlock(header.getChainId(), decidedBy.toProto(), c.getBlock(), hash);
      BlockVerifier.verifyCommit(
          header.getChainId(), decidedBy.toProto(), header.getHeight(), hash, c.getCommit());
    } catch (InvalidBlockException e) {
      return Optional.of(e.getMessage());
    }
    if (!Arrays.equals(
        BlockHashes.results(c.getResultsList()), after.getLastResultsHash().toByteArray())) {
      return Optional.of("the results do not hash to the next header's last_results_hash");
    }
    if (c.getValidatorSetsCount() != 3) {
      return Optional.of(c.getValidatorSetsCount() + " validator sets instead of 3");
    }
    List<ByteString> expected =
        List.of(
            header.getValidatorsHash(), after.getValidatorsHash(), after.getNextValidatorsHash());
    for (int i = 0; i < 3; i++) {
      ValidatorSetState s = c.getValidatorSets(i);
      byte[] actual;
      try {
        actual = ValidatorSet.fromState(s).hash();
      } catch (RuntimeException e) {
        return Optional.of("validator set " + i + " is malformed: " + e.getMessage());
      }
      if (!Arrays.equals(actual, expected.get(i).toByteArray())) {
        return Optional.of("validator set of height " + (header.getHeight() + i) + " differs");
      }
    }
    return Optional.empty();
  }

  private record Outstanding(NodeId peer, long deadline) {}

  private void fetchChunks(long height, List<NodeId> peers, SnapshotRestorer restorer)
      throws Abandon, InterruptedException {
    int total = restorer.manifest().chunkCount();
    Deque<Integer> todo = new ArrayDeque<>();
    for (int i = 0; i < total; i++) {
      todo.add(i);
    }
    Set<NodeId> serving = new LinkedHashSet<>(peers);
    Map<Integer, Outstanding> outstanding = new HashMap<>();
    Map<NodeId, Integer> load = new HashMap<>();
    long lastProgress = System.nanoTime();
    long lastProgressLog = System.nanoTime();
    long timeout = settings.requestTimeout().toNanos();
    log.info(
        "state sync: fetching {} chunks ({} keys) of height {} from {} peers",
        total,
        restorer.manifest().totalLeaves(),
        height,
        serving.size());
    while (!restorer.complete()) {
      serving.retainAll(connected());
      if (serving.isEmpty()) {
        throw new Abandon("no connected peer serves the snapshot any more");
      }
      // hand out requests, least loaded peer first
      while (!todo.isEmpty()) {
        NodeId peer =
            serving.stream()
                .filter(p -> load.getOrDefault(p, 0) < settings.chunksPerPeer())
                .min(Comparator.comparingInt(p -> load.getOrDefault(p, 0)))
                .orElse(null);
        if (peer == null) {
          break;
        }
        int index = todo.poll();
        if (restorer.isApplied(index)) {
          continue;
        }
        network.send(
            peer,
            StateSyncServer.CHANNEL,
            StateSyncMessage.newBuilder()
                .setChunkRequest(ChunkRequest.newBuilder().setHeight(height).setIndex(index))
                .build()
                .toByteArray());
        outstanding.put(index, new Outstanding(peer, System.nanoTime() + timeout));
        load.merge(peer, 1, Integer::sum);
      }
      Received r = inbox.poll(100, TimeUnit.MILLISECONDS);
      if (r != null) {
        lastProgress =
            handleChunkMessage(height, r, restorer, outstanding, load, todo, serving)
                ? System.nanoTime()
                : lastProgress;
      }
      long now = System.nanoTime();
      for (var it = outstanding.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        if (now > e.getValue().deadline()) {
          it.remove();
          load.merge(e.getValue().peer(), -1, Integer::sum);
          todo.add(e.getKey());
        }
      }
      if (now - lastProgress > 6 * timeout) {
        throw new Abandon(
            "no chunk arrived for " + 6 * settings.requestTimeout().toSeconds() + " s");
      }
      if (now - lastProgressLog >= TimeUnit.SECONDS.toNanos(PROGRESS_SECONDS)) {
        lastProgressLog = now;
        log.info(
            "state sync: height {}: {}/{} chunks ({}%), {} keys",
            height,
            restorer.appliedChunks(),
            total,
            100 * restorer.appliedChunks() / total,
            restorer.appliedLeaves());
      }
    }
  }

  /** Handles one message while chunks download; true when a chunk was applied. */
  private boolean handleChunkMessage(
      long height,
      Received r,
      SnapshotRestorer restorer,
      Map<Integer, Outstanding> outstanding,
      Map<NodeId, Integer> load,
      Deque<Integer> todo,
      Set<NodeId> serving) {
    StateSyncMessage m = r.message();
    int index;
    if (m.hasChunkResponse() && m.getChunkResponse().getHeight() == height) {
      index = m.getChunkResponse().getIndex();
    } else if (m.hasUnavailable() && m.getUnavailable().getHeight() == height) {
      index = m.getUnavailable().getIndex();
    } else {
      return false;
    }
    Outstanding o = outstanding.get(index);
    if (o == null || !o.peer().equals(r.peer())) {
      return false; // late answer of a request given to another peer meanwhile
    }
    outstanding.remove(index);
    load.merge(r.peer(), -1, Integer::sum);
    if (m.hasUnavailable()) {
      if (!m.getUnavailable().getWhat().equals(StateSyncServer.BUSY)) {
        serving.remove(r.peer()); // it no longer has the snapshot; a busy peer is asked again
      }
      todo.add(index);
      return false;
    }
    try {
      restorer.apply(index, m.getChunkResponse().getChunk().toByteArray());
      return true;
    } catch (InvalidSnapshotException e) {
      network.penalize(r.peer(), BAD_DATA_PENALTY, "state sync chunk: " + e.getMessage());
      serving.remove(r.peer());
      todo.add(index);
      return false;
    }
  }

  private Set<NodeId> connected() {
    Set<NodeId> out = new LinkedHashSet<>();
    for (PeerInfo p : network.peers()) {
      out.add(p.id());
    }
    return out;
  }

  /**
   * Sends {@code request} to each of {@code peers} in turn until one answers with a message {@code
   * answers} accepts; other messages meanwhile are dropped.
   */
  private Received ask(
      List<NodeId> peers,
      StateSyncMessage request,
      Predicate<StateSyncMessage> answers,
      String what)
      throws Abandon, InterruptedException {
    byte[] bytes = request.toByteArray();
    List<String> refusals = new ArrayList<>();
    for (NodeId peer : peers) {
      if (!network.send(peer, StateSyncServer.CHANNEL, bytes)) {
        refusals.add("not connected");
        continue;
      }
      long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
      String refusal = "no answer within " + settings.requestTimeout().toSeconds() + " s";
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        Received r = inbox.poll(left, TimeUnit.NANOSECONDS);
        if (r == null || !r.peer().equals(peer)) {
          continue;
        }
        if (answers.test(r.message())) {
          return r;
        }
        if (r.message().hasUnavailable()) {
          refusal = "unavailable (" + r.message().getUnavailable().getWhat() + ")";
          break;
        }
      }
      refusals.add(refusal);
    }
    throw new Abandon("no peer served the " + what + ": " + String.join(", ", refusals));
  }

  @Override
  public void close() {
    try {
      subscription.close();
    } catch (Exception e) {
      log.warn("state sync: unsubscribing failed", e);
    }
  }
}
