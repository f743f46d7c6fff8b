/**
 * Named signing keys on disk: {@link io.lattice.crypto.keyring.Keyring} keeps one JSON file per key
 * under the node home's {@code keyring-<backend>/} directory, in the Web3 Secret Storage v3 layout
 * ({@link io.lattice.crypto.keyring.KeystoreV3}) plus Lattice fields (name, algorithm, public key,
 * address, derivation path). The {@code file} backend encrypts each key with scrypt and AES-128-CTR
 * under a Keccak-256 MAC; the {@code test} backend stores keys unencrypted for local networks.
 * Layout, backends and derivation are described in {@code crypto/KEYRING.md}.
 */
package io.lattice.crypto.keyring;
