/**
 * Signatures, hashes and addresses: {@link io.lattice.crypto.KeyAlgorithm}, the {@link
 * io.lattice.crypto.Signer}/{@link io.lattice.crypto.Verifier} ports, {@link
 * io.lattice.crypto.PublicKey} (validated, with its parsed form cached for fast verification),
 * {@link io.lattice.crypto.KeyPairs} to create and restore keys, {@link io.lattice.crypto.Address}
 * (bech32, HRP {@code lat}) and {@link io.lattice.crypto.Hashes}. Each algorithm lives in a
 * package-private scheme class; everything is built on BouncyCastle and nothing here imports a
 * Lattice module other than {@code common}.
 */
package io.lattice.crypto;
