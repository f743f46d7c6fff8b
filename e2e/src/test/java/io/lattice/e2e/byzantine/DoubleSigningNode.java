package io.lattice.e2e.byzantine;

import com.google.protobuf.ByteString;
import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.EngineListener;
import io.lattice.consensus.block.Votes;
import io.lattice.consensus.tendermint.ConsensusNetwork;
import io.lattice.consensus.tendermint.SignBytes;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.ConfigFile;
import io.lattice.node.config.Logging;
import io.lattice.node.config.NodeHome;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.BlockId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validator that double-signs: a test-only main class, never part of the product. It starts the
 * node of {@code --home H} as {@code lattice start --home H} does ({@link LatticeNode#start} with
 * the default options: same files, P2P, block sync, API, {@code node.pid}, shutdown on SIGTERM),
 * and, once the file {@value #TRIGGER_FILE} exists in the home, equivocates at each of the next
 * {@value #HEIGHTS} heights: when block h is committed it signs a prevote and a precommit for (h +
 * 1, round 0) for a fabricated block id with the raw validator key, bypassing the {@code
 * FilePrivValidator} guard, and broadcasts them to its peers. The engine then signs its own votes
 * of (h + 1, 0) as usual (for the proposed block or nil), so the peers see two votes of this
 * validator for one (height, round, type) with different block ids: duplicate-vote evidence. Both
 * types, so a peer has two chances to hold both votes of a pair before it leaves the height (a
 * lagging validator's own votes may come too late for one of them).
 *
 * <p>Usage, with the arguments of {@code lattice start}: {@code java -cp <e2e test class path>
 * io.lattice.e2e.byzantine.DoubleSigningNode start --home H}.
 */
public final class DoubleSigningNode {
  private static final Logger log = LoggerFactory.getLogger(DoubleSigningNode.class);

  /** The file in the node's home whose presence starts the double-signing. */
  public static final String TRIGGER_FILE = "double-sign";

  /** How many heights it equivocates at once triggered. */
  public static final int HEIGHTS = 3;

  private DoubleSigningNode() {}

  public static void main(String[] args) {
    if (args.length != 3 || !args[0].equals("start") || !args[1].equals("--home")) {
      System.err.println("usage: DoubleSigningNode start --home H");
      System.exit(2);
    }
    NodeHome home = new NodeHome(Path.of(args[2]));
    try {
      Logging.configure(ConfigFile.read(home.configToml()).logFormat(), Optional.empty());
    } catch (ConfigException e) {
      System.err.println("Error: " + e.getMessage());
      System.exit(1);
    }
    // As lattice start: the hook is registered before the node starts, so that a SIGTERM during
    // start-up still closes the node once it is up.
    CompletableFuture<LatticeNode> started = new CompletableFuture<>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    started.join().close();
                  } catch (CompletionException startFailed) {
                    // nothing was left open
                  }
                },
                "lattice-shutdown"));
    LatticeNode node;
    try {
      node = LatticeNode.start(home, LatticeNode.Options.defaults());
      started.complete(node);
    } catch (ConfigException | RuntimeException e) {
      started.completeExceptionally(e);
      System.err.println("Error: " + e.getMessage());
      System.exit(1);
      return;
    }
    ConsensusNetwork peers =
        node.peers()
            .orElseThrow(() -> new IllegalStateException(home + " has no [p2p] listen address"))
            .consensus();
    var unused =
        node.engine()
            .addListener(
                new Equivocator(
                    home.root().resolve(TRIGGER_FILE),
                    node.files().genesis().chainId(),
                    node.files().validatorKey(),
                    peers));
    log.warn("double-signing validator running on {}; touch {} to start", home, TRIGGER_FILE);
    Throwable cause = node.halted().join();
    log.error("the node halted", cause);
    System.exit(1);
  }

  /** Signs and broadcasts the conflicting prevotes, on the engine thread after each commit. */
  static final class Equivocator implements EngineListener {
    private final Path trigger;
    private final String chainId;
    private final PrivateKeySigner key;
    private final ConsensusNetwork peers;
    private final SecureRandom random = new SecureRandom();
    private int forged;

    Equivocator(Path trigger, String chainId, PrivateKeySigner key, ConsensusNetwork peers) {
      this.trigger = trigger;
      this.chainId = chainId;
      this.key = key;
      this.peers = peers;
    }

    @Override
    public void committed(BlockCommitted block) {
      if (forged >= HEIGHTS || !Files.exists(trigger)) {
        return;
      }
      byte[] fabricated = new byte[32];
      random.nextBytes(fabricated);
      long height = block.height() + 1;
      for (int type : new int[] {Votes.PREVOTE, Votes.PRECOMMIT}) {
        peers.broadcast(
            ConsensusMessage.newBuilder().setVote(sign(type, height, fabricated)).build());
      }
      forged++;
      log.warn(
          "DOUBLE-SIGNING ({} of {}): prevote and precommit at height {} round 0 for fabricated"
              + " block {}",
          forged,
          HEIGHTS,
          height,
          HexFormat.of().formatHex(fabricated));
    }

    /** A vote for {@code blockHash} signed with the raw key: no sign state, no guard. */
    private Vote sign(int type, long height, byte[] blockHash) {
      Vote unsigned =
          Vote.newBuilder()
              .setType(type)
              .setHeight(height)
              .setRound(0)
              .setBlockId(BlockId.newBuilder().setHash(ByteString.copyFrom(blockHash)))
              .setTimestamp(Votes.timestamp(Instant.now()))
              .setValidatorAddress(ByteString.copyFrom(key.publicKey().address().bytes()))
              .setChainId(chainId)
              .build();
      return unsigned.toBuilder()
          .setSignature(ByteString.copyFrom(key.sign(SignBytes.vote(chainId, unsigned))))
          .build();
    }
  }
}
