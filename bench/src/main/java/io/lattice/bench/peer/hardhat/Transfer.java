package io.lattice.bench.peer.hardhat;

/**
 * One pre-signed value transfer and what became of it. Times are {@link System#nanoTime()} values,
 * 0 until the event happened; the lane that submits it writes {@code submittedAt}, {@code
 * acceptedAt} and {@code rejection}, the block watcher writes {@code committedAt} and {@code
 * block}.
 */
final class Transfer {
  final int sender;
  final long nonce;
  final String hash;

  /** The complete {@code eth_sendRawTransaction} request body, built before the clock starts. */
  final String request;

  volatile long submittedAt;
  volatile long acceptedAt;
  volatile long committedAt;
  volatile long block;
  volatile String rejection = "";

  Transfer(int sender, long nonce, String hash, String request) {
    this.sender = sender;
    this.nonce = nonce;
    this.hash = hash;
    this.request = request;
  }

  boolean committed() {
    return committedAt != 0;
  }
}
