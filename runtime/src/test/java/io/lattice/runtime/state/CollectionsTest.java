package io.lattice.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.state.Codecs.StringPair;
import io.lattice.runtime.store.CacheStore;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.storage.MemoryKeyValueStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectionsTest {
  private final CacheStore store = new CacheStore(StateTreeStore.open(new MemoryKeyValueStore()));

  @Test
  void keysCarryModulePrefixAndCollectionId() {
    Schema schema = new Schema("bank");
    StateMap<StringPair, BigInteger> balances =
        schema.map(1, "balances", Codecs.STRING_PAIR_KEY, Codecs.BIG_UINT);
    byte[] key = balances.stateKey(new StringPair("lat1x", "ulat"));
    byte[] expected = "bank/\u0001\u0005lat1x\u0004ulat".getBytes(StandardCharsets.US_ASCII);
    assertThat(key).isEqualTo(expected);
    assertThat(schema.describe(key)).hasValue("bank/balances");
    assertThat(schema.describe("auth/\u0001".getBytes(StandardCharsets.US_ASCII))).isEmpty();
  }

  @Test
  void mapStoresAndScansByFirstKeyComponent() {
    Schema schema = new Schema("bank");
    StateMap<StringPair, BigInteger> balances =
        schema.map(1, "balances", Codecs.STRING_PAIR_KEY, Codecs.BIG_UINT);
    balances.set(store, new StringPair("a", "x"), BigInteger.ONE);
    balances.set(store, new StringPair("a", "y"), BigInteger.TWO);
    balances.set(store, new StringPair("ab", "x"), BigInteger.TEN);
    assertThat(balances.get(store, new StringPair("a", "y"))).hasValue(BigInteger.TWO);
    assertThat(balances.has(store, new StringPair("b", "y"))).isFalse();
    var forA = balances.entriesWithKeyPrefix(store, Codecs.STRING_KEY.encode("a"));
    assertThat(forA)
        .extracting(Map.Entry::getValue)
        .containsExactly(BigInteger.ONE, BigInteger.TWO);
    assertThat(balances.entries(store)).hasSize(3);
    balances.remove(store, new StringPair("a", "x"));
    assertThat(balances.entries(store)).hasSize(2);
  }

  @Test
  void itemAndSequence() {
    Schema schema = new Schema("auth");
    Item<Coin> item = schema.item(2, "params", Codecs.proto(Coin.parser()));
    Sequence seq = schema.sequence(3, "numbers");
    assertThat(item.get(store)).isEmpty();
    Coin c = Coin.newBuilder().setDenom("u").setAmount("1").build();
    item.set(store, c);
    assertThat(item.get(store)).hasValue(c);
    assertThat(seq.next(store)).isZero();
    assertThat(seq.next(store)).isEqualTo(1);
    assertThat(seq.peek(store)).isEqualTo(2);
  }

  @Test
  void schemaRefusesDuplicateIdsAndNames() {
    Schema schema = new Schema("bank");
    schema.item(1, "a", Codecs.UINT64);
    assertThatThrownBy(() -> schema.item(1, "b", Codecs.UINT64))
        .hasMessage("bank: collection id 1 used by both a and b");
    assertThatThrownBy(() -> schema.item(2, "a", Codecs.UINT64))
        .hasMessage("bank: collection name a used twice");
    assertThatThrownBy(() -> new Schema("Bank!")).hasMessage("invalid module name 'Bank!'");
  }

  @Test
  void codecsRoundTrip() {
    assertThat(
            Codecs.BIG_UINT.decode(
                Codecs.BIG_UINT.encode(new BigInteger("123456789012345678901234567890"))))
        .isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThatThrownBy(() -> Codecs.BIG_UINT.encode(BigInteger.valueOf(-1)))
        .hasMessage("negative amount -1");
    assertThat(Codecs.UINT64.decode(Codecs.UINT64.encode(42L))).isEqualTo(42L);
    StringPair p = new StringPair("lat1abc", "ulat");
    assertThat(Codecs.STRING_PAIR_KEY.decode(Codecs.STRING_PAIR_KEY.encode(p))).isEqualTo(p);
    assertThatThrownBy(() -> Codecs.STRING_KEY.encode("x".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
