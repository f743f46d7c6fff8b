package io.lattice.bank;

import java.util.EnumSet;
import java.util.Set;

/**
 * An account owned by a module rather than a key: its address is {@link
 * BankKeeper#moduleAddress(String) moduleAddress(name)}, so no signature can spend from it, and
 * user messages may not send to it. The permissions are part of the application's composition (as
 * Cosmos SDK's {@code maccPerms}), not of state: every node of a chain runs the same set.
 *
 * @param name lower-case module name, e.g. {@code "distribution"}
 * @param permissions what the module may do besides sending ({@link Permission})
 */
public record ModuleAccount(String name, Set<Permission> permissions) {
  /** The fee collector: fees are paid into it; no permissions. */
  public static final ModuleAccount FEE_COLLECTOR = new ModuleAccount("fee_collector");

  public ModuleAccount {
    if (name == null || !name.matches("[a-z][a-z0-9_]{0,63}")) {
      throw new IllegalArgumentException(
          "module account name must be 1-64 of [a-z0-9_] starting with a letter: " + name);
    }
    permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
  }

  public ModuleAccount(String name, Permission... permissions) {
    this(name, Set.of(permissions));
  }

  public String address() {
    return BankKeeper.moduleAddress(name);
  }

  public boolean has(Permission p) {
    return permissions.contains(p);
  }
}
