/**
 * The {@code bank} module (spec: modules/bank/README.md): balances per (address, denom) as
 * arbitrary-precision non-negative integers, total supply per denom, {@code MsgSend} and {@code
 * MsgMultiSend}, fee collection for the transaction pipeline, module accounts with mint and burn
 * permissions, and the supply invariants.
 */
package io.lattice.bank;
