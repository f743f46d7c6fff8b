package io.lattice.consensus.tendermint;

import com.google.protobuf.ByteString;
import java.util.Optional;

/**
 * A snapshot of the core's round state (spec "State"): {@code h_p}, {@code round_p}, {@code
 * step_p}, {@code lockedRound_p} with the locked block's hash, {@code validRound_p} with the valid
 * block's hash, and whether {@code decision_p[h_p]} is set.
 */
public record RoundState(
    long height,
    int round,
    Step step,
    int lockedRound,
    Optional<ByteString> lockedBlock,
    int validRound,
    Optional<ByteString> validBlock,
    boolean decided) {}
