package io.lattice.consensus.tendermint;

import io.lattice.proto.consensus.v1.BlockPart;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.PartSetHeader;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The messages a core signed (or recovered from the write-ahead log), by (height, round, type), so
 * that it never signs two for one slot, and the parts of the blocks it proposed, so that a
 * recovered proposal is sent again with its block.
 */
final class OwnMessages {
  private record Slot(long height, int round, int type) implements Comparable<Slot> {
    @Override
    public int compareTo(Slot o) {
      int c = Long.compare(height, o.height);
      if (c == 0) {
        c = Integer.compare(round, o.round);
      }
      return c != 0 ? c : Integer.compare(type, o.type);
    }
  }

  private final Map<Slot, ConsensusMessage> signed = new TreeMap<>();
  private final Map<Slot, List<BlockPart>> parts = new TreeMap<>();

  /** Records a recovered message; returns the reason when it is not a proposal, vote or part. */
  Optional<String> recover(ConsensusMessage m) {
    switch (m.getMessageCase()) {
      case PROPOSAL -> {
        Proposal p = m.getProposal();
        signed.put(new Slot(p.getHeight(), p.getRound(), SignBytes.PROPOSAL), m);
      }
      case VOTE -> {
        Vote v = m.getVote();
        signed.put(new Slot(v.getHeight(), v.getRound(), v.getType()), m);
      }
      case BLOCK_PART -> {
        BlockPart part = m.getBlockPart();
        parts
            .computeIfAbsent(
                new Slot(part.getHeight(), part.getRound(), SignBytes.PROPOSAL),
                k -> new ArrayList<>())
            .add(part);
      }
      case EVIDENCE, MESSAGE_NOT_SET -> {
        return Optional.of("recovered message is not a proposal, vote or block part");
      }
    }
    return Optional.empty();
  }

  /**
   * The message signed for (height, round, type); type {@link SignBytes#PROPOSAL} for proposals.
   */
  Optional<ConsensusMessage> get(long height, int round, int type) {
    return Optional.ofNullable(signed.get(new Slot(height, round, type)));
  }

  void put(long height, int round, int type, ConsensusMessage message) {
    signed.put(new Slot(height, round, type), message);
  }

  void putParts(long height, int round, List<BlockPart> blockParts) {
    parts.put(new Slot(height, round, SignBytes.PROPOSAL), List.copyOf(blockParts));
  }

  /**
   * The parts kept for (height, round) that prove to be of {@code header}: a crash between logging
   * the parts of one block and signing its proposal may have left parts of another.
   */
  List<BlockPart> parts(long height, int round, PartSetHeader header) {
    return parts.getOrDefault(new Slot(height, round, SignBytes.PROPOSAL), List.of()).stream()
        .filter(part -> BlockPartSet.verify(header, part).isEmpty())
        .toList();
  }

  /** Forgets heights below {@code height}. */
  void prune(long height) {
    signed.keySet().removeIf(k -> k.height() < height);
    parts.keySet().removeIf(k -> k.height() < height);
  }
}
