/**
 * The validator's signer with double-sign protection, as CometBFT's privval does it: before a
 * signature leaves {@link io.lattice.consensus.privval.FilePrivValidator}, the (height, round,
 * step) it signs, its sign bytes and the signature are durably written to {@code
 * priv_validator_state.json}; a request below the last signed (height, round, step), or for
 * different data at the same one, is refused, so a restarted validator can never sign two
 * conflicting messages.
 */
package io.lattice.consensus.privval;
