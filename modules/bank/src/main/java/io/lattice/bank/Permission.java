package io.lattice.bank;

import java.util.Locale;

/** A right a module account may hold on the bank (as Cosmos SDK's module account permissions). */
public enum Permission {
  /** May create coins in its own account ({@link BankMinter#mint}). */
  MINTER,
  /** May destroy coins held by its own account ({@link BankMinter#burn}). */
  BURNER;

  /** The lower-case name used in queries and docs: {@code "minter"}, {@code "burner"}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
