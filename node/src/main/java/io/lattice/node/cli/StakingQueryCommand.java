package io.lattice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.distribution.DistributionKeeper;
import io.lattice.proto.distribution.v1.DelegatorStart;
import io.lattice.proto.distribution.v1.ValidatorRewards;
import io.lattice.proto.staking.v1.Delegation;
import io.lattice.proto.staking.v1.Params;
import io.lattice.proto.staking.v1.Validator;
import io.lattice.proto.staking.v1.ValidatorIndex;
import io.lattice.staking.ProtoJson;
import io.lattice.staking.StakingKeeper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lattice query staking} and {@code lattice query distribution}: answered from point reads
 * of committed state (each provable against the app hash) through {@link StateReader}.
 */
@Command(
    name = "staking",
    mixinStandardHelpOptions = true,
    description = "Staking module queries.",
    subcommands = {
      StakingQueryCommand.Validators.class,
      StakingQueryCommand.ValidatorQuery.class,
      StakingQueryCommand.Delegations.class
    })
public final class StakingQueryCommand {
  private StakingQueryCommand() {}

  /** Every validator record, ascending by operator address. */
  static List<Validator> validators(StateReader state) throws CliException {
    List<Validator> out = new ArrayList<>();
    ValidatorIndex index =
        state
            .get(StakingKeeper.validatorIndexKey(), ValidatorIndex.parser())
            .orElse(ValidatorIndex.getDefaultInstance());
    for (String op : index.getOperatorAddressesList()) {
      state.get(StakingKeeper.validatorKey(op), Validator.parser()).ifPresent(out::add);
    }
    return out;
  }

  static ObjectNode validatorJson(StateReader state, Validator v) throws CliException {
    Params p =
        state.get(StakingKeeper.paramsKey(), Params.parser()).orElse(StakingKeeper.DEFAULT_PARAMS);
    ObjectNode o = ProtoJson.write(v);
    BigInteger power =
        v.getJailed()
            ? BigInteger.ZERO
            : new BigInteger(v.getTokens()).divide(new BigInteger(p.getPowerReduction()));
    o.put("power", power.toString());
    return o;
  }

  /** A delegation together with the validator it is to. */
  record Delegated(Validator validator, Delegation delegation) {}

  /** The delegations of {@code delegator}, ascending by validator operator address. */
  static List<Delegated> delegations(StateReader state, String delegator) throws CliException {
    List<Delegated> out = new ArrayList<>();
    for (Validator v : validators(state)) {
      state
          .get(StakingKeeper.delegationKey(delegator, v.getOperatorAddress()), Delegation.parser())
          .ifPresent(d -> out.add(new Delegated(v, d)));
    }
    return out;
  }

  /**
   * A query answered from committed state: checks {@code --output} and the arguments before the
   * node is contacted, then prints the answer read at one height.
   */
  abstract static class StateQuery extends QueryCommand.NodeQuery {
    /** Checks and canonicalises the arguments (none by default). */
    void parseArguments() throws CliException {}

    /** The answer, read from {@code state}. */
    abstract JsonNode answer(StateReader state) throws CliException;

    @Override
    final int run() throws CliException {
      node.json();
      parseArguments();
      print(answer(new StateReader(node.client())));
      return 0;
    }

    /** The answer: the height {@code state} was read at, then {@code items} as {@code field}. */
    static ObjectNode atHeight(StateReader state, String field, ArrayNode items) {
      ObjectNode out = JSON.createObjectNode();
      out.put("height", state.height());
      out.set(field, items);
      return out;
    }
  }

  @Command(
      name = "validators",
      mixinStandardHelpOptions = true,
      description = "Every validator (jailed and outside the active set too), by operator.")
  static final class Validators extends StateQuery {
    @Override
    JsonNode answer(StateReader state) throws CliException {
      ArrayNode arr = JSON.createArrayNode();
      for (Validator v : validators(state)) {
        arr.add(validatorJson(state, v));
      }
      return atHeight(state, "validators", arr);
    }
  }

  @Command(
      name = "validator",
      mixinStandardHelpOptions = true,
      description = "One validator by operator address.")
  static final class ValidatorQuery extends StateQuery {
    @Parameters(index = "0", paramLabel = "VALIDATOR")
    String validator;

    private String op;

    @Override
    void parseArguments() throws CliException {
      op = TxCommand.parseAddress("VALIDATOR", validator);
    }

    @Override
    JsonNode answer(StateReader state) throws CliException {
      Validator v =
          state
              .get(StakingKeeper.validatorKey(op), Validator.parser())
              .orElseThrow(() -> new CliException("no validator " + op));
      return validatorJson(state, v);
    }
  }

  @Command(
      name = "delegations",
      mixinStandardHelpOptions = true,
      description = "The delegations of DELEGATOR, with the tokens each is worth.")
  static final class Delegations extends StateQuery {
    @Parameters(index = "0", paramLabel = "DELEGATOR")
    String delegator;

    private String del;

    @Override
    void parseArguments() throws CliException {
      del = TxCommand.parseAddress("DELEGATOR", delegator);
    }

    @Override
    JsonNode answer(StateReader state) throws CliException {
      ArrayNode arr = JSON.createArrayNode();
      for (Delegated d : delegations(state, del)) {
        ObjectNode o = ProtoJson.write(d.delegation());
        o.put(
            "tokens",
            StakingKeeper.tokensOfShares(d.validator(), new BigInteger(d.delegation().getShares()))
                .toString());
        arr.add(o);
      }
      return atHeight(state, "delegations", arr);
    }
  }

  /** {@code lattice query distribution}. */
  @Command(
      name = "distribution",
      mixinStandardHelpOptions = true,
      description = "Distribution module queries.",
      subcommands = {Rewards.class})
  static final class DistributionQuery {}

  @Command(
      name = "rewards",
      mixinStandardHelpOptions = true,
      description = "Rewards DELEGATOR may withdraw now, per validator and in total.")
  static final class Rewards extends StateQuery {
    @Parameters(index = "0", paramLabel = "DELEGATOR")
    String delegator;

    private String del;

    @Override
    void parseArguments() throws CliException {
      del = TxCommand.parseAddress("DELEGATOR", delegator);
    }

    @Override
    JsonNode answer(StateReader state) throws CliException {
      ArrayNode arr = JSON.createArrayNode();
      BigInteger total = BigInteger.ZERO;
      for (Delegated d : delegations(state, del)) {
        String op = d.validator().getOperatorAddress();
        BigInteger now =
            state
                .get(DistributionKeeper.rewardsKey(op), ValidatorRewards.parser())
                .map(r -> new BigInteger(r.getRewardPerShare()))
                .orElse(BigInteger.ZERO);
        BigInteger start =
            state
                .get(DistributionKeeper.startKey(del, op), DelegatorStart.parser())
                .map(s -> new BigInteger(s.getRewardPerShare()))
                .orElse(BigInteger.ZERO);
        BigInteger amount =
            DistributionKeeper.pending(new BigInteger(d.delegation().getShares()), now, start);
        total = total.add(amount);
        arr.addObject().put("validator_address", op).put("amount", amount.toString());
      }
      return atHeight(state, "rewards", arr).put("total", total.toString());
    }
  }
}
