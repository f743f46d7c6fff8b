package io.lattice.crypto.keyring;

import io.lattice.crypto.mnemonic.Mnemonic;
import java.util.Optional;

/**
 * A key just added to a keyring.
 *
 * @param mnemonic the words that restore it (ed25519 keys only); shown to the user once, never
 *     stored by the keyring
 */
public record NewKey(KeyInfo info, Optional<Mnemonic> mnemonic) {}
