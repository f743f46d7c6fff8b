package io.lattice.sdk;

import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;

/** Client-side checks of inputs, so that a malformed one fails before anything is signed. */
final class Addresses {
  private Addresses() {}

  /**
   * The canonical form of a {@code lat1…} address.
   *
   * @throws IllegalArgumentException naming the field and the cause
   */
  static String check(String field, String address) {
    return parse(field, address).toString();
  }

  static Address parse(String field, String address) {
    if (address == null || address.isEmpty()) {
      throw new IllegalArgumentException(field + ": address is missing");
    }
    try {
      return Address.parse(address);
    } catch (CryptoException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  static Amount positive(String field, Amount amount) {
    if (amount == null || amount.amount().signum() <= 0) {
      throw new IllegalArgumentException(field + ": amount must be positive, got " + amount);
    }
    return amount;
  }
}
