package io.lattice.runtime.tx;

import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.runtime.module.TxException;

/** Validation of account addresses appearing in messages. */
public final class Addresses {
  private Addresses() {}

  /**
   * Accepts only the canonical text form of an address (bech32, HRP "lat", lower case), so that
   * equal addresses are equal strings in state keys.
   *
   * @throws TxException INVALID_ADDRESS naming the field and the cause
   */
  public static void check(String address, String field) throws TxException {
    if (address.isEmpty()) {
      throw Codes.error(Codes.INVALID_ADDRESS, field + ": address is missing");
    }
    Address parsed;
    try {
      parsed = Address.parse(address);
    } catch (CryptoException | IllegalArgumentException e) {
      throw Codes.error(
          Codes.INVALID_ADDRESS, field + ": invalid address '" + address + "': " + e.getMessage());
    }
    if (!parsed.toString().equals(address)) {
      throw Codes.error(
          Codes.INVALID_ADDRESS,
          field + ": address '" + address + "' is not in canonical form " + parsed);
    }
  }
}
