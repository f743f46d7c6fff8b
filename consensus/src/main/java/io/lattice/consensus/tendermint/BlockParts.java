package io.lattice.consensus.tendermint;

import com.google.protobuf.ByteString;
import io.lattice.proto.Canonical;
import io.lattice.proto.DecodeException;
import io.lattice.proto.consensus.v1.BlockPart;
import io.lattice.proto.consensus.v1.PartSetHeader;
import io.lattice.proto.types.v1.Block;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The receiving side of block transfer for one core (docs/spec/consensus.md, "Block transfer"): the
 * part sets of the proposals accepted at the current and the next height, each filling as its parts
 * arrive in any order, and a bounded buffer of parts that came before their proposal. At most two
 * part sets per (height, round): the proposal's, and one second proposal of an equivocating
 * proposer whose block the others may decide. Deterministic: no iteration over hash order.
 */
final class BlockParts {
  /** Part sets of one (height, round) kept at most: the proposal's and one alternative. */
  static final int SETS_PER_ROUND = 2;

  private record Key(long height, int round) {}

  private static final Comparator<Key> ORDER =
      Comparator.comparingLong(Key::height).thenComparingInt(Key::round);

  /** A part from {@code peer} kept until its proposal arrives. */
  private record Orphan(BlockPart part, String peer) {}

  /** What adding a part or a part-set header caused, for the core to act on. */
  sealed interface Outcome {
    /** The part is ignored and counted against {@code peer}. */
    record Drop(String peer, String reason) implements Outcome {}

    /**
     * All parts of the block {@code blockId} of (height, round) are in and decode to {@code block}.
     */
    record Complete(long height, int round, ByteString blockId, Block block) implements Outcome {}

    /**
     * All parts are in, but they are not a block with the proposal's id; the signed part set is the
     * proposer's fault.
     */
    record Invalid(long height, int round, String reason) implements Outcome {}
  }

  private static final class Assembly {
    final PartSetHeader header;
    final ByteString blockId;
    final ByteString[] parts;
    int count;
    Optional<Outcome> result = Optional.empty();

    Assembly(PartSetHeader header, ByteString blockId) {
      this.header = header;
      this.blockId = blockId;
      this.parts = new ByteString[header.getTotal()];
    }
  }

  private final int maxOrphans;
  private final Map<Key, List<Assembly>> sets = new TreeMap<>(ORDER);
  private final List<Orphan> orphans = new ArrayList<>();

  /** {@code maxParts}: most parts of a part set; twice as many orphans are kept. */
  BlockParts(int maxParts) {
    this.maxOrphans = 2 * maxParts;
  }

  /** Forgets everything of heights below {@code height}. */
  void prune(long height) {
    sets.keySet().removeIf(k -> k.height() < height);
    orphans.removeIf(o -> o.part().getHeight() < height);
  }

  /**
   * Starts collecting the parts of {@code header} (already checked and signed by the proposer of
   * (height, round)) for block {@code blockId}, with the buffered parts that match it. A header
   * known already returns its outcome again if it completed; a third header of a round is ignored.
   */
  List<Outcome> expect(long height, int round, PartSetHeader header, ByteString blockId) {
    List<Outcome> out = new ArrayList<>();
    List<Assembly> list = sets.computeIfAbsent(new Key(height, round), k -> new ArrayList<>());
    for (Assembly a : list) {
      if (a.header.equals(header) && a.blockId.equals(blockId)) {
        a.result.ifPresent(out::add);
        return out;
      }
    }
    if (list.size() >= SETS_PER_ROUND) {
      return out;
    }
    Assembly assembly = new Assembly(header, blockId);
    list.add(assembly);
    List<Orphan> mine = new ArrayList<>();
    orphans.removeIf(o -> {
      boolean match = o.part().getHeight() == height && o.part().getRound() == round;
      if (match) {
        mine.add(o);
      }
      return match;
    });
    for (Orphan o : mine) {
      out.addAll(add(List.of(assembly), o.part(), o.peer(), true));
    }
    return out;
  }

  /** The blocks of {@code height} whose parts are all in and that decoded, in round order. */
  List<Block> complete(long height) {
    List<Block> out = new ArrayList<>();
    sets.forEach((k, list) -> {
      if (k.height() == height) {
        for (Assembly a : list) {
          if (a.result.orElse(null) instanceof Outcome.Complete c) {
            out.add(c.block());
          }
        }
      }
    });
    return out;
  }

  /**
   * Adds a part of the current or the next height (height and round already checked by the core). A
   * part whose round has no part set yet is buffered; a duplicate is ignored.
   */
  List<Outcome> add(BlockPart part, String peer) {
    if (part.getBytes().size() > CoreConfig.BLOCK_PART_SIZE) {
      return List.of(new Outcome.Drop(peer, BlockPartSet.oversized(part)));
    }
    List<Assembly> list = sets.get(new Key(part.getHeight(), part.getRound()));
    if (list == null || list.isEmpty()) {
      for (Orphan o : orphans) {
        if (o.part().equals(part)) {
          return List.of();
        }
      }
      if (orphans.size() >= maxOrphans) {
        return List.of(new Outcome.Drop(peer, "block part buffer is full"));
      }
      orphans.add(new Orphan(part, peer));
      return List.of();
    }
    return add(list, part, peer, false);
  }

  private List<Outcome> add(List<Assembly> list, BlockPart part, String peer, boolean buffered) {
    String reason = "";
    for (Assembly a : list) {
      Optional<String> bad = BlockPartSet.verify(a.header, part);
      if (bad.isPresent()) {
        reason = bad.get();
        continue;
      }
      int index = part.getIndex();
      if (a.parts[index] != null) {
        return List.of(); // a duplicate
      }
      a.parts[index] = part.getBytes();
      a.count++;
      if (a.count < a.parts.length) {
        return List.of();
      }
      a.result = Optional.of(assemble(part.getHeight(), part.getRound(), a));
      return List.of(a.result.get());
    }
    return List.of(
        new Outcome.Drop(
            peer,
            (buffered ? "buffered " : "")
                + reason
                + (list.size() > 1 ? " (checked against " + list.size() + " part sets)" : "")));
  }

  private static Outcome assemble(long height, int round, Assembly a) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (ByteString p : a.parts) {
      bytes.writeBytes(p.toByteArray());
    }
    Block block;
    try {
      block =
          Canonical.decode(
              Block.parser(),
              bytes.toByteArray(),
              a.parts.length * CoreConfig.BLOCK_PART_SIZE,
              "block of " + height + "/" + round);
    } catch (DecodeException e) {
      return new Outcome.Invalid(height, round, e.getMessage());
    }
    if (!ConsensusCore.id(block).equals(a.blockId)) {
      return new Outcome.Invalid(
          height, round, "block of " + height + "/" + round + ": header hash is not the block id");
    }
    return new Outcome.Complete(height, round, a.blockId, block);
  }
}
