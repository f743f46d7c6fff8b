package io.lattice.sdk;

import java.math.BigInteger;

/**
 * A delegation of {@code delegator} to validator {@code validator}: its shares and, when the
 * validator is known, the tokens they are worth.
 */
public record Delegation(String delegator, String validator, String shares, BigInteger tokens) {}
