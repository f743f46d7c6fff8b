package io.lattice.storage;

class MemoryKeyValueStoreTest extends KeyValueStoreContractTest {
  @Override
  protected KeyValueStore openStore() {
    return new MemoryKeyValueStore();
  }
}
