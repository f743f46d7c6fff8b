package io.lattice.sdk;

import java.time.Instant;
import java.util.Optional;

/**
 * One direct message of a conversation, as read back by one of its two sides: the envelope's public
 * fields, and either the decrypted {@code text} or the {@code error} saying why it could not be
 * opened (altered, sealed to a key this wallet does not hold, …).
 */
public record DirectMessage(
    String sender,
    String recipient,
    long sequence,
    long height,
    Instant time,
    Optional<String> text,
    Optional<String> error) {

  public boolean isReadable() {
    return text.isPresent();
  }
}
