package io.lattice.distribution.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.crypto.PublicKey;
import io.lattice.staking.StakingKeeper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The genesis {@code app_state} of a {@link PosApp} chain whose staking set equals its genesis
 * validators: used by {@code lattice init}, the local network and the simulator, so that all of
 * them bond validators the same way.
 */
public final class PosGenesis {
  private PosGenesis() {}

  /** The staking and fee denomination. */
  public static final String DENOM = "ulat";

  /** Staking's default power reduction: ulat per unit of consensus power. */
  public static final BigInteger POWER_REDUCTION = BigInteger.valueOf(1_000_000);

  /** An account's genesis balance in {@link #DENOM}. */
  public record Balance(String address, BigInteger amount) {}

  /**
   * A genesis validator bonded by its operator's self-delegation of {@code power × 1,000,000} ulat
   * ({@link #POWER_REDUCTION}), so that staking's active set equals genesis.json's validators.
   */
  public record StakedValidator(
      String operator, PublicKey consensusKey, long power, String moniker) {
    public BigInteger tokens() {
      return BigInteger.valueOf(power).multiply(POWER_REDUCTION);
    }
  }

  /**
   * {@code auth} (no accounts), {@code bank} with {@code balances} plus the bonded pool holding the
   * validators' tokens, and {@code staking} with each validator and its operator's self-delegation
   * (default params, commission 10 %, max 20 %, max change 1 %). Other modules take their defaults;
   * callers may add sections to the returned object.
   */
  public static ObjectNode appState(List<StakedValidator> validators, List<Balance> balances) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.putObject("auth").putArray("accounts");
    ArrayNode bank = root.putObject("bank").putArray("balances");
    BigInteger bonded = BigInteger.ZERO;
    for (StakedValidator v : validators) {
      bonded = bonded.add(v.tokens());
    }
    List<Balance> all = new ArrayList<>(balances);
    if (bonded.signum() > 0) {
      all.add(new Balance(StakingKeeper.BONDED_POOL, bonded));
    }
    for (Balance b : all) {
      ObjectNode entry = bank.addObject();
      entry.put("address", b.address());
      ObjectNode coin = entry.putArray("coins").addObject();
      coin.put("denom", DENOM);
      coin.put("amount", b.amount().toString());
    }
    ObjectNode staking = root.putObject("staking");
    ArrayNode vs = staking.putArray("validators");
    ArrayNode ds = staking.putArray("delegations");
    for (StakedValidator v : validators) {
      String shares = v.tokens() + "000000000000000000"; // 18-decimal fixed point
      ObjectNode o = vs.addObject();
      o.put("operator_address", v.operator());
      o.putObject("pub_key")
          .put("algorithm", v.consensusKey().algorithm().id())
          .put("key", Base64.getEncoder().encodeToString(v.consensusKey().encoded()));
      o.put("consensus_address", v.consensusKey().address().toString());
      o.put("tokens", v.tokens().toString());
      o.put("delegator_shares", shares);
      o.put("moniker", v.moniker());
      o.putObject("commission")
          .put("rate", "0.100000000000000000")
          .put("max_rate", "0.200000000000000000")
          .put("max_change_rate", "0.010000000000000000");
      o.put("min_self_delegation", "1");
      ds.addObject()
          .put("delegator_address", v.operator())
          .put("validator_address", v.operator())
          .put("shares", shares);
    }
    return root;
  }
}
