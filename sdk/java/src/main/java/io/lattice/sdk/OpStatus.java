package io.lattice.sdk;

import java.util.Locale;

/** Status of an atomic cross-chain operation (docs/spec/xchain.md §5). */
public enum OpStatus {
  PENDING,
  CHAT_CHAIN_CONFIRMED,
  CURRENCY_CHAIN_CONFIRMED,
  ATOMIC_SUCCESS,
  ROLLED_BACK,
  FAILED;

  /** True for the statuses an operation never leaves. */
  public boolean isFinal() {
    return this == ATOMIC_SUCCESS || this == ROLLED_BACK || this == FAILED;
  }

  /**
   * Parses the node's spelling: the proto enum name ({@code OP_STATUS_ATOMIC_SUCCESS}), the bare
   * name ({@code ATOMIC_SUCCESS}) or the spec's ({@code AtomicSuccess}).
   *
   * @throws IllegalArgumentException for anything else, naming it
   */
  public static OpStatus parse(String text) {
    String t = text.toUpperCase(Locale.ROOT);
    if (t.startsWith("OP_STATUS_")) {
      t = t.substring("OP_STATUS_".length());
    }
    String squashed = t.replace("_", "");
    for (OpStatus s : values()) {
      if (s.name().replace("_", "").equals(squashed)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown cross-chain operation status '" + text + "'");
  }
}
