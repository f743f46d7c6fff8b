package io.lattice.sdk;

import java.util.Base64;

/**
 * A registered chat-chain identity ({@code GET /v1/query/identity/name} or {@code …/owner}): its
 * username as registered, its owner address, and its X25519 identity key (base64, 32 bytes).
 */
public record Identity(
    String username, String owner, String identityKeyBase64, long registeredHeight) {

  /** The identity key others seal direct messages to. */
  public byte[] identityKey() {
    return Base64.getDecoder().decode(identityKeyBase64);
  }
}
