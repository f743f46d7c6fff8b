/**
 * BIP-39 mnemonic phrases and SLIP-10 ed25519 key derivation.
 *
 * <p>{@link io.lattice.crypto.mnemonic.Mnemonic} turns entropy into words of the English BIP-39
 * wordlist (shipped as the resource {@code english.txt}, pinned by its SHA-256) and words into the
 * 64-byte BIP-39 seed; {@link io.lattice.crypto.mnemonic.Slip10} derives ed25519 private keys from
 * that seed along a hardened {@link io.lattice.crypto.mnemonic.DerivationPath}, by default {@link
 * io.lattice.crypto.mnemonic.DerivationPath#LATTICE_DEFAULT} ({@code m/44'/9000'/0'/0'/0'}).
 */
package io.lattice.crypto.mnemonic;
