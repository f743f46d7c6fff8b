package io.lattice.p2p;

/**
 * Counters of one connection since it opened.
 *
 * @param sendRefused messages {@code send} refused because the channel's queue was full
 * @param receiveRateLimited messages dropped because the peer exceeded its messages/s budget
 * @param readPauses times reading was paused because the peer exceeded its bytes/s budget
 * @param misbehaviour the current misbehaviour points (the peer is banned when they reach the
 *     configured ban score)
 */
public record PeerStats(
    long sentMessages,
    long sentBytes,
    long receivedMessages,
    long receivedBytes,
    long sendRefused,
    long receiveRateLimited,
    long readPauses,
    double misbehaviour) {}
