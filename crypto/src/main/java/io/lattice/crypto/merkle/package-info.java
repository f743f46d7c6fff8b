/**
 * RFC 9162 (Certificate Transparency v2) Merkle trees over SHA-256: the tree head (§2.1.1),
 * inclusion proofs (§2.1.3) and consistency proofs (§2.1.4), each with generation and a standalone
 * verifier that needs no tree. Leaf hash = SHA-256(0x00 ‖ data), interior node = SHA-256(0x01 ‖
 * left ‖ right), empty tree = SHA-256("").
 */
package io.lattice.crypto.merkle;
