package io.lattice.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.auth.v1.BaseAccount;
import io.lattice.runtime.gas.GasMeter;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.store.CacheStore;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.storage.MemoryKeyValueStore;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthModuleTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AuthKeeper keeper = new AuthKeeper();
  private final AuthModule module = new AuthModule(keeper);
  private final Context ctx =
      new Context(
          new CacheStore(StateTreeStore.open(new MemoryKeyValueStore())),
          GasMeter.unlimited(),
          "lattice-1",
          0,
          Instant.EPOCH);

  private static PrivateKeySigner key(KeyAlgorithm alg, int seed) throws CryptoException {
    byte[] sk = new byte[alg == KeyAlgorithm.HYBRID ? 64 : 32];
    sk[0] = (byte) seed;
    sk[1] = 1;
    return KeyPairs.fromPrivateKey(alg, sk);
  }

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void defaultGenesisHasDefaultParamsAndNoAccounts() {
    module.initGenesis(ctx, module.defaultGenesis());
    assertThat(keeper.params(ctx.store())).isEqualTo(AuthKeeper.DEFAULT_PARAMS);
    assertThat(keeper.allAccounts(ctx.store())).isEmpty();
    assertThat(keeper.nextAccountNumber(ctx.store())).isZero();
  }

  @Test
  void importsAccountsWithKeysOfAnyAlgorithmAndExportsThemBack() throws Exception {
    PrivateKeySigner ed = key(KeyAlgorithm.ED25519, 1);
    PrivateKeySigner k1 = key(KeyAlgorithm.SECP256K1, 2);
    String genesis =
        "{\"params\":{\"max_memo_characters\":\"100\"},\"accounts\":["
            + account(ed, 0, 3)
            + ","
            + account(k1, 7, 0)
            + "]}";
    module.initGenesis(ctx, json(genesis));
    assertThat(keeper.params(ctx.store()).getMaxMemoCharacters()).isEqualTo(100);
    assertThat(keeper.params(ctx.store()).getSigVerifyCostEd25519()).isEqualTo(590);
    BaseAccount a = keeper.account(ctx.store(), ed.publicKey().address().toString()).orElseThrow();
    assertThat(a.getSequence()).isEqualTo(3);
    assertThat(a.getPublicKey().getAlgorithm()).isEqualTo("ed25519");
    assertThat(keeper.nextAccountNumber(ctx.store())).isEqualTo(8);
    assertThat(module.invariants().getFirst().check().broken(ctx.store())).isEmpty();

    JsonNode exported = module.exportGenesis(ctx);
    AuthKeeper k2 = new AuthKeeper();
    Context ctx2 =
        new Context(
            new CacheStore(StateTreeStore.open(new MemoryKeyValueStore())),
            GasMeter.unlimited(),
            "lattice-1",
            0,
            Instant.EPOCH);
    new AuthModule(k2).initGenesis(ctx2, exported);
    assertThat(new AuthModule(k2).exportGenesis(ctx2)).isEqualTo(exported);
  }

  private static String account(PrivateKeySigner k, long number, long sequence) {
    return "{\"address\":\""
        + k.publicKey().address()
        + "\",\"public_key\":{\"algorithm\":\""
        + k.publicKey().algorithm().id()
        + "\",\"key\":\""
        + Base64.getEncoder().encodeToString(k.publicKey().encoded())
        + "\"},\"account_number\":\""
        + number
        + "\",\"sequence\":"
        + sequence
        + "}";
  }

  @Test
  void ensureAccountHandsOutConsecutiveNumbersOnce() {
    String a = BankLikeAddresses.of("a");
    String b = BankLikeAddresses.of("b");
    assertThat(keeper.ensureAccount(ctx.store(), a).getAccountNumber()).isZero();
    assertThat(keeper.ensureAccount(ctx.store(), b).getAccountNumber()).isEqualTo(1);
    assertThat(keeper.ensureAccount(ctx.store(), a).getAccountNumber()).isZero();
    assertThat(keeper.nextAccountNumber(ctx.store())).isEqualTo(2);
  }

  @Test
  void rejectsBadGenesisWithTheFieldPath() throws Exception {
    PrivateKeySigner ed = key(KeyAlgorithm.ED25519, 1);
    PrivateKeySigner other = key(KeyAlgorithm.ED25519, 2);
    String wrongKey =
        account(ed, 0, 0)
            .replace(ed.publicKey().address().toString(), other.publicKey().address().toString());
    assertThatThrownBy(() -> module.initGenesis(ctx, json("{\"accounts\":[" + wrongKey + "]}")))
        .hasMessageContaining("auth.accounts[0].public_key belongs to " + ed.publicKey().address());
    assertThatThrownBy(() ->
            module.initGenesis(
                ctx, json("{\"accounts\":[" + account(ed, 0, 0) + "," + account(ed, 1, 0) + "]}")))
        .hasMessageContaining("duplicate account");
    assertThatThrownBy(() ->
            module.initGenesis(
                ctx,
                json("{\"accounts\":[" + account(ed, 0, 0) + "," + account(other, 0, 0) + "]}")))
        .hasMessageContaining("duplicate account number 0");
    assertThatThrownBy(
            () -> module.initGenesis(ctx, json("{\"accounts\":[{\"address\":\"nope\"}]}")))
        .hasMessageContaining("auth.accounts[0].address: invalid address 'nope'");
    assertThatThrownBy(
            () -> module.initGenesis(ctx, json("{\"params\":{\"max_memo_characters\":-1}}")))
        .hasMessageContaining("auth.params.max_memo_characters must be a non-negative integer");
    assertThatThrownBy(() -> module.initGenesis(ctx, json("[]")))
        .hasMessage("auth must be a JSON object");
  }

  /** Valid addresses without keys, derived like module accounts. */
  static final class BankLikeAddresses {
    private BankLikeAddresses() {}

    static String of(String name) {
      try {
        byte[] h =
            io.lattice.crypto.Hashes.sha256(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return io.lattice.crypto.Address.fromBytes(java.util.Arrays.copyOf(h, 20)).toString();
      } catch (CryptoException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
