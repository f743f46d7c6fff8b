/**
 * The versioned, authenticated state tree: a compressed binary sparse Merkle tree over SHA-256 of
 * the keys, stored as 16-ary nodes keyed by (version, path) so past versions stay readable until
 * pruned, with membership and non-membership proofs verifiable without a database. See
 * docs/adr/0001-state-tree.md.
 */
package io.lattice.storage.state;
