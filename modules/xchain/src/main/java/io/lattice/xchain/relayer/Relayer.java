package io.lattice.xchain.relayer;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.lattice.consensus.block.Votes;
import io.lattice.proto.types.v1.BlockIdFlag;
import io.lattice.proto.types.v1.CommitSig;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.proto.xchain.v1.Acknowledgement;
import io.lattice.proto.xchain.v1.MsgAcknowledgement;
import io.lattice.proto.xchain.v1.MsgRecvPacket;
import io.lattice.proto.xchain.v1.MsgTimeout;
import io.lattice.proto.xchain.v1.MsgUpdateClient;
import io.lattice.proto.xchain.v1.Packet;
import io.lattice.xchain.PacketKeeper;
import io.lattice.xchain.XchainCodes;
import io.lattice.xchain.XchainKeys;
import io.lattice.xchain.relayer.ChainEndpoint.ClientStatus;
import io.lattice.xchain.relayer.ChainEndpoint.LightBlockData;
import io.lattice.xchain.relayer.ChainEndpoint.Proof;
import io.lattice.xchain.relayer.ChainEndpoint.TxOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Relays between two chains (docs/spec/xchain.md §7). Each {@link #relayOnce()} round, for each
 * direction: reads the source's pending packets; for packets the destination acknowledged, proves
 * the acknowledgement back to the source; for packets past their timeout on the destination, proves
 * their absence there; for the rest, proves their commitment to the destination. Headers the proofs
 * need are brought first as {@code MsgUpdateClient}s (bisecting when the validator set changed too
 * much for one skip). Nothing is remembered between rounds; "packet already received", "no pending
 * packet" and "consensus state already exists" count as done (another relayer was first).
 */
public final class Relayer {
  /** Most packets relayed per direction and round (bounds one round's transactions). */
  public static final int MAX_PACKETS_PER_ROUND = 200;

  /** How far a client may lag its chain before an idle round updates it anyway. */
  public static final long REFRESH_BLOCKS = 50;

  private final ChainEndpoint a;
  private final ChainEndpoint b;

  public Relayer(ChainEndpoint a, ChainEndpoint b) {
    this.a = a;
    this.b = b;
  }

  /** One round in both directions. */
  public RelayReport relayOnce() throws IOException {
    return direction(a, b).plus(direction(b, a));
  }

  /**
   * Rounds every {@code pause} until {@code stop} says so; a round that fails with an I/O error is
   * reported as a refusal and retried next time.
   */
  public void run(Duration pause, BooleanSupplier stop, Consumer<RelayReport> reports)
      throws InterruptedException {
    while (!stop.getAsBoolean()) {
      try {
        reports.accept(relayOnce());
      } catch (IOException e) {
        reports.accept(
            new RelayReport(0, 0, 0, 0, 0, 0, List.of("round failed: " + e.getMessage())));
      }
      Thread.sleep(pause.toMillis());
    }
  }

  private enum Kind {
    UPDATE,
    RECV,
    ACK,
    TIMEOUT
  }

  private record Planned(Kind kind, String what, List<Message> msgs) {}

  /**
   * Packets sent by {@code src}: receive them on {@code dst}, or acknowledge / time them out. With
   * nothing to relay, {@code dst}'s client of {@code src} is still brought up to date once it lags
   * {@link #REFRESH_BLOCKS} blocks: packet timeouts count from it, and its trust expires without
   * updates.
   */
  RelayReport direction(ChainEndpoint src, ChainEndpoint dst) throws IOException {
    List<Packet> pending = src.pendingPackets();
    if (pending.isEmpty()) {
      return refresh(src, dst);
    }
    if (pending.size() > MAX_PACKETS_PER_ROUND) {
      pending = pending.subList(0, MAX_PACKETS_PER_ROUND);
    }
    ClientStatus dstClient = dst.client(); // dst's light client of src
    ClientStatus srcClient = src.client(); // src's light client of dst
    List<String> refused = new ArrayList<>();
    if (dstClient.frozen() || srcClient.frozen()) {
      refused.add(
          (dstClient.frozen() ? dst.chainId() : src.chainId())
              + ": light client frozen, nothing relayed");
      return new RelayReport(0, 0, 0, 0, 0, 0, refused);
    }
    long srcLatest = src.latestHeight();
    long dstLatest = dst.latestHeight();
    // Proofs from src at recvH - 1 need dst's consensus state recvH; likewise the other way.
    long recvH = Math.max(dstClient.latestHeight(), srcLatest);
    long backH = Math.max(srcClient.latestHeight(), dstLatest);
    boolean canProveBack = backH >= 2; // proofs need a height >= 1 and the header above it
    long dstTimeMs =
        canProveBack
            ? Votes.instant(dst.lightBlock(backH).signedHeader().getHeader().getTime())
                .toEpochMilli()
            : 0;

    List<Planned> toDst = new ArrayList<>();
    List<Planned> toSrc = new ArrayList<>();
    for (Packet p : pending) {
      long seq = p.getSequence();
      Optional<Acknowledgement> ack = dst.acknowledgement(seq);
      if (ack.isPresent()) {
        if (!canProveBack) {
          continue;
        }
        Proof proof = dst.proof(XchainKeys.ackKey(seq), backH - 1);
        if (proof.value().isPresent()) {
          toSrc.add(
              new Planned(
                  Kind.ACK,
                  "ack " + seq,
                  List.of(
                      MsgAcknowledgement.newBuilder()
                          .setSigner(src.signer())
                          .setPacket(p)
                          .setAcknowledgement(ack.get())
                          .setProofAcked(ByteString.copyFrom(proof.proof()))
                          .setProofHeight(backH - 1)
                          .build())));
        }
        continue;
      }
      boolean timedOut =
          canProveBack
              && ((p.getTimeoutHeight() != 0 && backH >= p.getTimeoutHeight())
                  || (p.getTimeoutTimeMs() != 0 && dstTimeMs >= p.getTimeoutTimeMs()));
      if (timedOut) {
        Proof proof = dst.proof(XchainKeys.receiptKey(seq), backH - 1);
        if (proof.value().isEmpty()) {
          toSrc.add(
              new Planned(
                  Kind.TIMEOUT,
                  "timeout " + seq,
                  List.of(
                      MsgTimeout.newBuilder()
                          .setSigner(src.signer())
                          .setPacket(p)
                          .setProofUnreceived(ByteString.copyFrom(proof.proof()))
                          .setProofHeight(backH - 1)
                          .build())));
        }
        continue;
      }
      if (recvH < 2 || (p.getTimeoutHeight() != 0 && dstLatest + 1 >= p.getTimeoutHeight())) {
        continue; // no provable height yet, or the destination's next block would refuse it
      }
      Proof proof = src.proof(XchainKeys.commitmentKey(seq), recvH - 1);
      if (proof.value().isEmpty()
          || !Arrays.equals(proof.value().get(), PacketKeeper.commitment(p))) {
        continue; // committed after recvH - 1, or already gone: next round
      }
      toDst.add(
          new Planned(
              Kind.RECV,
              "recv " + seq,
              List.of(
                  MsgRecvPacket.newBuilder()
                      .setSigner(dst.signer())
                      .setPacket(p)
                      .setProofCommitment(ByteString.copyFrom(proof.proof()))
                      .setProofHeight(recvH - 1)
                      .build())));
    }
    RelayReport report = RelayReport.empty();
    if (!toDst.isEmpty()) {
      List<Planned> txs = new ArrayList<>(updates(src, dst, dstClient.latestHeight(), recvH));
      txs.addAll(toDst);
      report = report.plus(submit(dst, txs));
    }
    if (!toSrc.isEmpty()) {
      List<Planned> txs = new ArrayList<>(updates(dst, src, srcClient.latestHeight(), backH));
      txs.addAll(toSrc);
      report = report.plus(submit(src, txs));
    }
    return report;
  }

  private RelayReport refresh(ChainEndpoint src, ChainEndpoint dst) throws IOException {
    ClientStatus client = dst.client();
    if (client.frozen()) {
      return RelayReport.empty();
    }
    long srcLatest = src.latestHeight();
    if (srcLatest - client.latestHeight() < REFRESH_BLOCKS) {
      return RelayReport.empty();
    }
    return submit(dst, updates(src, dst, client.latestHeight(), srcLatest));
  }

  /**
   * The MsgUpdateClients that bring {@code to}'s client of {@code from} from {@code trusted} to
   * {@code target}: one skip when more than 1/3 of the trusted next set signed the target, else
   * bisection (xchain.md §2, formats.md §9).
   */
  private List<Planned> updates(ChainEndpoint from, ChainEndpoint to, long trusted, long target)
      throws IOException {
    List<Planned> out = new ArrayList<>();
    Map<Long, LightBlockData> cache = new HashMap<>();
    long t = trusted;
    int guard = 0;
    while (t < target) {
      long h = target;
      ValidatorSet trustedNext = nextOf(from, t, cache);
      while (h > t + 1 && !trustedSigned(trustedNext, block(from, h, cache))) {
        h = t + (h - t) / 2;
        if (++guard > 10_000) {
          throw new IOException("bisection of " + from.chainId() + " did not converge");
        }
      }
      LightBlockData lb = block(from, h, cache);
      out.add(
          new Planned(
              Kind.UPDATE,
              "update " + from.chainId() + " " + t + "->" + h,
              List.of(
                  MsgUpdateClient.newBuilder()
                      .setSigner(to.signer())
                      .setSignedHeader(lb.signedHeader())
                      .setValidatorSet(lb.validators())
                      .setTrustedHeight(t)
                      .setTrustedValidatorSet(trustedNext)
                      .build())));
      t = h;
    }
    return out;
  }

  private static LightBlockData block(ChainEndpoint c, long h, Map<Long, LightBlockData> cache)
      throws IOException {
    LightBlockData lb = cache.get(h);
    if (lb == null) {
      lb = c.lightBlock(h);
      cache.put(h, lb);
    }
    return lb;
  }

  /** The validator set trusted after height {@code t}: the set of block t + 1. */
  private static ValidatorSet nextOf(ChainEndpoint c, long t, Map<Long, LightBlockData> cache)
      throws IOException {
    return block(c, t + 1, cache).validators();
  }

  /** Whether more than 1/3 of {@code trusted}'s power appears among the target commit's signers. */
  private static boolean trustedSigned(ValidatorSet trusted, LightBlockData target) {
    long total = 0;
    long signed = 0;
    Map<ByteString, Long> power = new HashMap<>();
    for (Validator v : trusted.getValidatorsList()) {
      power.put(v.getAddress(), v.getVotingPower());
      total += v.getVotingPower();
    }
    for (CommitSig s : target.signedHeader().getCommit().getSignaturesList()) {
      if (s.getBlockIdFlag() == BlockIdFlag.BLOCK_ID_FLAG_COMMIT) {
        signed += power.getOrDefault(s.getValidatorAddress(), 0L);
      }
    }
    return signed * 3 > total;
  }

  private static RelayReport submit(ChainEndpoint chain, List<Planned> planned) throws IOException {
    List<List<Message>> txs = planned.stream().map(Planned::msgs).toList();
    List<TxOutcome> outcomes = chain.submit(txs);
    int updates = 0;
    int received = 0;
    int acked = 0;
    int timedOut = 0;
    int already = 0;
    int late = 0;
    List<String> refused = new ArrayList<>();
    for (int i = 0; i < planned.size(); i++) {
      Planned p = planned.get(i);
      TxOutcome o = i < outcomes.size() ? outcomes.get(i) : new TxOutcome(-1, "", "no outcome");
      if (o.ok()) {
        switch (p.kind()) {
          case UPDATE -> updates++;
          case RECV -> received++;
          case ACK -> acked++;
          case TIMEOUT -> timedOut++;
        }
      } else if (alreadyDone(o)) {
        already++;
      } else if (XchainCodes.CODESPACE.equals(o.codespace())
          && o.code() == XchainCodes.PACKET_TIMED_OUT) {
        late++;
      } else {
        refused.add(chain.chainId() + ": " + p.what() + ": " + o.log());
      }
    }
    return new RelayReport(updates, received, acked, timedOut, already, late, refused);
  }

  private static boolean alreadyDone(TxOutcome o) {
    return XchainCodes.CODESPACE.equals(o.codespace())
        && (o.code() == XchainCodes.ALREADY_RECEIVED
            || o.code() == XchainCodes.NO_PENDING_PACKET
            || o.code() == XchainCodes.CONSENSUS_STATE_EXISTS);
  }
}
