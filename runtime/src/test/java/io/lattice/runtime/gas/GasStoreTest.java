package io.lattice.runtime.gas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.runtime.store.CacheStore;
import io.lattice.runtime.store.GasStore;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.storage.MemoryKeyValueStore;
import org.junit.jupiter.api.Test;

class GasStoreTest {
  private final GasConfig config = new GasConfig(100, 1, 200, 10, 50, 30, 3);

  @Test
  void chargesReadsWritesDeletesAndScans() {
    GasMeter meter = new GasMeter(1_000_000);
    GasStore store =
        new GasStore(
            new CacheStore(StateTreeStore.open(new MemoryKeyValueStore())),
            meter,
            config,
            k -> "things");
    store.set(new byte[] {1, 2}, new byte[] {3, 4, 5});
    assertThat(meter.used()).isEqualTo(200 + 10 * 5);
    store.get(new byte[] {1, 2});
    assertThat(meter.used()).isEqualTo(250 + 100 + 2 + 3);
    store.get(new byte[] {9});
    assertThat(meter.used()).isEqualTo(355 + 100 + 1);
    store.delete(new byte[] {1, 2});
    assertThat(meter.used()).isEqualTo(456 + 50);
    store.scanPrefix(new byte[] {1});
    assertThat(meter.used()).isEqualTo(506 + 30);
  }

  @Test
  void outOfGasNamesLimitUsageAndWhatWasBeingDone() {
    GasMeter meter = new GasMeter(1000);
    GasStore store =
        new GasStore(
            new CacheStore(StateTreeStore.open(new MemoryKeyValueStore())),
            meter,
            config,
            k -> "bank/balances");
    meter.consume(900, "earlier work");
    assertThatThrownBy(() -> store.set(new byte[] {1}, new byte[] {2}))
        .isInstanceOf(OutOfGasException.class)
        .hasMessage("out of gas: limit 1000, used 1120 (while writing bank/balances)");
  }

  @Test
  void meterRejectsNegativeAndSaturates() {
    GasMeter meter = new GasMeter(10);
    assertThatThrownBy(() -> meter.consume(-1, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> meter.consume(11, "too much"))
        .hasMessage("out of gas: limit 10, used 11 (while too much)");
    GasMeter unlimited = GasMeter.unlimited();
    unlimited.consume(Long.MAX_VALUE - 1, "a");
    unlimited.consume(1, "b");
    assertThat(unlimited.used()).isEqualTo(Long.MAX_VALUE);
  }
}
