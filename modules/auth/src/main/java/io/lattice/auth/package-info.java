/**
 * The {@code auth} module (spec: modules/auth/README.md): accounts with their account number,
 * sequence and public key of any supported algorithm, and the auth params (memo limit, gas per tx
 * byte and per signature check). Its {@link io.lattice.auth.AuthKeeper} is what the runtime's
 * transaction pipeline uses for signers and sequences.
 */
package io.lattice.auth;
