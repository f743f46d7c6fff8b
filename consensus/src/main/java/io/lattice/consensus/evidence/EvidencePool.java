package io.lattice.consensus.evidence;

import io.lattice.common.Hex;
import io.lattice.consensus.block.Votes;
import io.lattice.proto.consensus.v1.DuplicateVoteEvidence;
import io.lattice.storage.KeyValueIterator;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.Keys;
import io.lattice.storage.WriteBatch;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verified evidence waiting for a block, and the evidence blocks have committed, kept in a {@link
 * KeyValueStore} under a prefix so both survive a restart:
 *
 * <table>
 *   <caption>Layout</caption>
 *   <tr><th>key</th><th>value</th></tr>
 *   <tr><td>prefix ‖ 0x01 ‖ height (8, big-endian) ‖ hash (32)</td>
 *       <td>pending evidence encoding</td></tr>
 *   <tr><td>prefix ‖ 0x02 ‖ hash (32)</td>
 *       <td>committed marker: evidence height (8) ‖ evidence time seconds (8) ‖ nanos (4)</td></tr>
 * </table>
 *
 * <p>Pending evidence is proposed in key order (height, then hash), so every proposer with the same
 * pool proposes the same list. Committed evidence is never pending or proposed again, until it
 * expires and is pruned (expired evidence is rejected by age anyway). Thread-safe.
 */
public final class EvidencePool {
  private static final byte PENDING = 1;
  private static final byte COMMITTED = 2;

  private final KeyValueStore store;
  private final byte[] prefix;
  private final String chainId;
  private final EvidenceParams params;
  private final ChainHistory history;

  public EvidencePool(
      KeyValueStore store,
      byte[] prefix,
      String chainId,
      EvidenceParams params,
      ChainHistory history) {
    this.store = Objects.requireNonNull(store, "store");
    this.prefix = prefix.clone();
    this.chainId = Objects.requireNonNull(chainId, "chainId");
    this.params = Objects.requireNonNull(params, "params");
    this.history = Objects.requireNonNull(history, "history");
  }

  /**
   * Verifies {@code evidence} against the chain at (currentHeight, currentTime) and keeps it
   * pending when valid and not seen before. Nothing changes when the result is invalid.
   */
  public synchronized Verification add(
      DuplicateVoteEvidence evidence, long currentHeight, Instant currentTime) {
    byte[] hash = DuplicateVotes.hash(evidence);
    if (isCommitted(hash)) {
      return new Verification.Invalid(
          Verification.Reason.ALREADY_COMMITTED,
          "evidence " + Hex.encode(hash) + " was already committed");
    }
    long height = evidence.getVoteA().getHeight();
    if (store.get(pendingKey(height, hash)).isPresent()) {
      return new Verification.Invalid(
          Verification.Reason.ALREADY_PENDING, "evidence " + Hex.encode(hash) + " is pending");
    }
    Verification v = check(evidence, currentHeight, currentTime);
    if (v.isValid()) {
      try (WriteBatch batch = store.newBatch()) {
        batch.put(pendingKey(height, hash), evidence.toByteArray());
        store.write(batch, false);
      }
    }
    return v;
  }

  /** Evidence to propose, in (height, hash) order, whose encodings fit in {@code maxBytes}. */
  public synchronized List<DuplicateVoteEvidence> pending(long maxBytes) {
    List<DuplicateVoteEvidence> out = new ArrayList<>();
    long used = 0;
    try (KeyValueIterator it = store.scanPrefix(Keys.concat(prefix, new byte[] {PENDING}))) {
      while (it.hasNext()) {
        byte[] value = it.next().value();
        if (used + value.length > maxBytes) {
          break;
        }
        used += value.length;
        out.add(DuplicateVotes.decode(value));
      }
    }
    return out;
  }

  /** {@link #pending(long)} with the {@link EvidenceParams#maxBytes()} limit. */
  public List<DuplicateVoteEvidence> pending() {
    return pending(params.maxBytes());
  }

  /**
   * Checks the evidence list of a proposed block at height {@code currentHeight + 1}: every item
   * decodes canonically, verifies, is not committed yet, appears once, and all fit in {@link
   * EvidenceParams#maxBytes()}. The pool is not changed.
   */
  public synchronized Verification checkProposed(
      List<byte[]> encodings, long currentHeight, Instant currentTime) {
    long bytes = 0;
    Set<String> seen = new HashSet<>();
    for (byte[] encoding : encodings) {
      bytes += encoding.length;
      if (bytes > params.maxBytes()) {
        return new Verification.Invalid(
            Verification.Reason.MALFORMED,
            "block evidence exceeds " + params.maxBytes() + " bytes");
      }
      DuplicateVoteEvidence ev;
      try {
        ev = DuplicateVotes.decode(encoding);
      } catch (IllegalArgumentException e) {
        return new Verification.Invalid(Verification.Reason.MALFORMED, e.getMessage());
      }
      byte[] hash = DuplicateVotes.hash(ev);
      if (!seen.add(Hex.encode(hash))) {
        return new Verification.Invalid(
            Verification.Reason.ALREADY_PENDING,
            "evidence " + Hex.encode(hash) + " appears twice in the block");
      }
      if (isCommitted(hash)) {
        return new Verification.Invalid(
            Verification.Reason.ALREADY_COMMITTED,
            "evidence " + Hex.encode(hash) + " was already committed");
      }
      Verification v = check(ev, currentHeight, currentTime);
      if (!v.isValid()) {
        return v;
      }
    }
    return new Verification.Valid();
  }

  /**
   * Records that block {@code height} committed {@code evidence}: it leaves the pending list and is
   * never accepted or proposed again. Written with {@code sync = true}.
   */
  public synchronized void markCommitted(long height, List<DuplicateVoteEvidence> evidence) {
    if (evidence.isEmpty()) {
      return;
    }
    try (WriteBatch batch = store.newBatch()) {
      stageCommitted(batch, evidence);
      store.write(batch, true);
    }
  }

  /**
   * {@link #markCommitted} as writes to {@code batch}, so that an engine records the evidence in
   * the same atomic write as the block that carries it. The batch must be written to this pool's
   * store.
   */
  public synchronized void stageCommitted(WriteBatch batch, List<DuplicateVoteEvidence> evidence) {
    for (DuplicateVoteEvidence ev : evidence) {
      byte[] hash = DuplicateVotes.hash(ev);
      batch.delete(pendingKey(ev.getVoteA().getHeight(), hash));
      batch.put(
          committedKey(hash),
          ByteBuffer.allocate(20)
              .putLong(ev.getVoteA().getHeight())
              .putLong(ev.getTimestamp().getSeconds())
              .putInt(ev.getTimestamp().getNanos())
              .array());
    }
  }

  public synchronized boolean isCommitted(byte[] evidenceHash) {
    return store.get(committedKey(evidenceHash)).isPresent();
  }

  /**
   * Drops pending and committed evidence older than both age limits at (currentHeight,
   * currentTime); returns how many entries were removed.
   */
  public synchronized int prune(long currentHeight, Instant currentTime) {
    int removed = 0;
    try (WriteBatch batch = store.newBatch()) {
      try (KeyValueIterator it = store.scanPrefix(Keys.concat(prefix, new byte[] {PENDING}))) {
        while (it.hasNext()) {
          KeyValueIterator.Entry e = it.next();
          DuplicateVoteEvidence ev = DuplicateVotes.decode(e.value());
          if (expired(
              ev.getVoteA().getHeight(),
              Votes.instant(ev.getTimestamp()),
              currentHeight,
              currentTime)) {
            batch.delete(e.key());
            removed++;
          }
        }
      }
      try (KeyValueIterator it = store.scanPrefix(Keys.concat(prefix, new byte[] {COMMITTED}))) {
        while (it.hasNext()) {
          KeyValueIterator.Entry e = it.next();
          ByteBuffer v = ByteBuffer.wrap(e.value());
          long height = v.getLong();
          Instant time = Instant.ofEpochSecond(v.getLong(), v.getInt());
          if (expired(height, time, currentHeight, currentTime)) {
            batch.delete(e.key());
            removed++;
          }
        }
      }
      if (removed > 0) {
        store.write(batch, false);
      }
    }
    return removed;
  }

  private boolean expired(long height, Instant time, long currentHeight, Instant currentTime) {
    return currentHeight - height > params.maxAgeNumBlocks()
        && Duration.between(time, currentTime).compareTo(params.maxAgeDuration()) > 0;
  }

  private Verification check(
      DuplicateVoteEvidence evidence, long currentHeight, Instant currentTime) {
    Verification votes = EvidenceVerifier.checkVotes(evidence);
    if (!votes.isValid()) {
      return votes;
    }
    long height = evidence.getVoteA().getHeight();
    if (height > currentHeight) {
      return new Verification.Invalid(
          Verification.Reason.UNKNOWN_HEIGHT,
          "evidence height " + height + " is above the current height " + currentHeight);
    }
    Optional<io.lattice.proto.types.v1.ValidatorSet> validators = history.validatorSet(height);
    Optional<Instant> blockTime = history.blockTime(height);
    if (validators.isEmpty() || blockTime.isEmpty()) {
      return new Verification.Invalid(
          Verification.Reason.UNKNOWN_HEIGHT,
          "no validator set or block time is known for evidence height " + height);
    }
    return EvidenceVerifier.verify(
        evidence, validators.get(), blockTime.get(), chainId, currentHeight, currentTime, params);
  }

  private byte[] pendingKey(long height, byte[] hash) {
    return Keys.concat(
        prefix, new byte[] {PENDING}, ByteBuffer.allocate(8).putLong(height).array(), hash);
  }

  private byte[] committedKey(byte[] hash) {
    return Keys.concat(prefix, new byte[] {COMMITTED}, hash);
  }
}
