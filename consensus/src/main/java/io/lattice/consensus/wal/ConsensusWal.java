package io.lattice.consensus.wal;

import io.lattice.consensus.tendermint.Event;
import io.lattice.consensus.tendermint.Step;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.EndHeight;
import io.lattice.proto.consensus.v1.TimeoutRecord;
import io.lattice.proto.consensus.v1.WalRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What the consensus shell writes to the {@link Wal} and how it replays it (docs/spec/consensus.md,
 * "Write-ahead log"): every proposal, vote and timeout before the core sees it, every own message
 * (fsync) before it is broadcast, and an end-height marker once a block is durable.
 *
 * <p>Replay of height {@code h} ({@link #replay}): the own messages of {@code h} become {@link
 * Event.OwnMessageRecovered} events handed to the core before {@link Event.Start}; the received
 * messages and fired timeouts of {@code h} follow it in their logged order. The core is
 * deterministic, so it reaches the same round, step and lock as before the crash, and where it
 * would sign again it reuses the logged own message instead.
 */
public final class ConsensusWal implements AutoCloseable {
  /** The events that rebuild the round state of one height. */
  public record Replay(List<Event> beforeStart, List<Event> afterStart) {}

  /** Peer id given to replayed messages. */
  public static final String REPLAY_PEER = "wal";

  /** Default size above which the log is rotated at the next end-height marker. */
  public static final long DEFAULT_ROTATE_BYTES = 64L * 1024 * 1024;

  private final Path file;
  private final long rotateBytes;
  private final List<WalRecord> recovered;
  private Wal wal;

  private ConsensusWal(Path file, long rotateBytes, Wal wal) {
    this.file = file;
    this.rotateBytes = rotateBytes;
    this.wal = wal;
    this.recovered = wal.records();
  }

  public static ConsensusWal open(Path file) throws IOException {
    return open(file, DEFAULT_ROTATE_BYTES);
  }

  /**
   * Opens the log; once it is larger than {@code rotateBytes}, the next end-height marker moves it
   * to {@code <file>.1} (replacing an older one) and starts an empty file: replay needs only the
   * records of the height after the last marker.
   */
  public static ConsensusWal open(Path file, long rotateBytes) throws IOException {
    return new ConsensusWal(file, rotateBytes, Wal.open(file));
  }

  public Wal wal() {
    return wal;
  }

  /**
   * Logs an input event before the core handles it. Proposals, block parts, votes and timeouts are
   * logged (without fsync: an input lost in a crash is an input never received); other events are
   * not.
   */
  public void logInput(Event event) throws IOException {
    WalRecord record =
        switch (event) {
          case Event.ProposalReceived p ->
              received(ConsensusMessage.newBuilder().setProposal(p.proposal()).build());
          case Event.VoteReceived v ->
              received(ConsensusMessage.newBuilder().setVote(v.vote()).build());
          case Event.BlockPartReceived b ->
              received(ConsensusMessage.newBuilder().setBlockPart(b.part()).build());
          case Event.TimeoutFired t ->
              WalRecord.newBuilder()
                  .setTimeout(
                      TimeoutRecord.newBuilder()
                          .setHeight(t.height())
                          .setRound(t.round())
                          .setStep(t.step().code()))
                  .build();
          default -> null;
        };
    if (record != null) {
      wal.append(record, false);
    }
  }

  private static WalRecord received(ConsensusMessage m) {
    return WalRecord.newBuilder().setReceived(m).build();
  }

  /**
   * Logs an own message; call before broadcasting it. Proposals and votes are written with fsync.
   * Block parts are not: the core hands them out before their proposal, whose fsync makes them
   * durable too, so a recovered proposal always finds its parts.
   */
  public void logOwn(ConsensusMessage message) throws IOException {
    wal.append(WalRecord.newBuilder().setOwn(message).build(), !message.hasBlockPart());
  }

  /** Logs that block {@code height} is durable, with fsync; rotates a log grown too large. */
  public void endHeight(long height) throws IOException {
    WalRecord marker =
        WalRecord.newBuilder().setEndHeight(EndHeight.newBuilder().setHeight(height)).build();
    wal.append(marker, true);
    if (wal.size() > rotateBytes) {
      wal.close();
      Files.move(
          file,
          file.resolveSibling(file.getFileName() + ".1"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      wal = Wal.open(file);
      wal.append(marker, true);
    }
  }

  /**
   * The events that restore the round state of {@code height}: its records found when the log was
   * opened, in order.
   */
  public Replay replay(long height) {
    List<Event> before = new ArrayList<>();
    List<Event> after = new ArrayList<>();
    for (WalRecord r : recovered) {
      switch (r.getRecordCase()) {
        case OWN -> {
          if (height(r.getOwn()) == height) {
            before.add(new Event.OwnMessageRecovered(r.getOwn()));
          }
        }
        case RECEIVED -> {
          ConsensusMessage m = r.getReceived();
          if (height(m) == height) {
            after.add(
                switch (m.getMessageCase()) {
                  case PROPOSAL -> new Event.ProposalReceived(m.getProposal(), REPLAY_PEER);
                  case BLOCK_PART -> new Event.BlockPartReceived(m.getBlockPart(), REPLAY_PEER);
                  default -> new Event.VoteReceived(m.getVote(), REPLAY_PEER);
                });
          }
        }
        case TIMEOUT -> {
          TimeoutRecord t = r.getTimeout();
          if (t.getHeight() == height) {
            after.add(
                new Event.TimeoutFired(t.getHeight(), t.getRound(), Step.fromCode(t.getStep())));
          }
        }
        case END_HEIGHT, RECORD_NOT_SET -> {}
      }
    }
    return new Replay(before, after);
  }

  /** The height of the last end-height marker found at open, or 0 when there is none. */
  public long lastEndHeight() {
    long last = 0;
    for (WalRecord r : recovered) {
      if (r.hasEndHeight()) {
        last = r.getEndHeight().getHeight();
      }
    }
    return last;
  }

  private static long height(ConsensusMessage m) {
    return switch (m.getMessageCase()) {
      case PROPOSAL -> m.getProposal().getHeight();
      case BLOCK_PART -> m.getBlockPart().getHeight();
      case VOTE -> m.getVote().getHeight();
      case EVIDENCE, MESSAGE_NOT_SET -> -1;
    };
  }

  @Override
  public void close() throws IOException {
    wal.close();
  }
}
