/**
 * End-to-end encryption of direct messages, done by clients (docs/spec/messaging-e2e.md): HKDF (RFC
 * 5869), X25519 (RFC 7748) over the JDK's XDH, ChaCha20-Poly1305 (RFC 8439) from the JDK, the
 * deterministic derivation of a user's X25519 identity key from the account's signing key, and the
 * sealing and opening of a message. The chain only ever sees the sealed bytes.
 */
package io.lattice.sdk.e2e;
