/**
 * X25519 key agreement (RFC 7748) and sealed boxes: anonymous public-key encryption to a
 * recipient's X25519 key with an ephemeral sender key, HKDF-SHA256 and ChaCha20-Poly1305 (RFC
 * 8439).
 *
 * <p>The envelope layout is described on {@link io.lattice.crypto.x25519.SealedBox}.
 */
package io.lattice.crypto.x25519;
