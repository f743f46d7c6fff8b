package io.lattice.storage.block;

import java.util.List;

/**
 * A transaction to index with its block: its hash, its position in the block and the account
 * addresses it touches (signers, recipients), each indexed for {@link
 * BlockStore#txHashesByAccount}.
 */
public record TxIndexEntry(byte[] txHash, int index, List<String> accounts) {
  public TxIndexEntry {
    if (txHash == null || txHash.length == 0) {
      throw new IllegalArgumentException("tx hash must not be empty");
    }
    if (index < 0) {
      throw new IllegalArgumentException("tx index must be ≥ 0, got " + index);
    }
    for (String a : accounts) {
      if (a.isEmpty() || a.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("invalid account address for tx index: '" + a + "'");
      }
    }
    txHash = txHash.clone();
    accounts = List.copyOf(accounts);
  }

  @Override
  public byte[] txHash() {
    return txHash.clone();
  }
}
