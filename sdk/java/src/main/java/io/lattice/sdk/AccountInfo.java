package io.lattice.sdk;

import java.math.BigInteger;
import java.util.List;

/** {@code GET /v1/accounts/{address}}: the numbers a signer needs, and the balances. */
public record AccountInfo(
    String address, long accountNumber, long sequence, List<Amount> balances) {
  public AccountInfo {
    balances = List.copyOf(balances);
  }

  /** The balance of {@code denom}, zero when the account holds none. */
  public BigInteger balance(String denom) {
    return balances.stream()
        .filter(a -> a.denom().equals(denom))
        .map(Amount::amount)
        .findFirst()
        .orElse(BigInteger.ZERO);
  }
}
