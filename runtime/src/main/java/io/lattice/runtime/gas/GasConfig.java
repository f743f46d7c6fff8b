package io.lattice.runtime.gas;

/**
 * Gas prices of state access. Defaults follow the Cosmos SDK's KVStore gas schedule so that gas
 * limits chosen for Cosmos chains are in the right range.
 */
public record GasConfig(
    long readFlat,
    long readPerByte,
    long writeFlat,
    long writePerByte,
    long deleteFlat,
    long scanFlat,
    long scanPerEntry) {
  public static final GasConfig DEFAULT = new GasConfig(1000, 3, 2000, 30, 1000, 1000, 30);
}
