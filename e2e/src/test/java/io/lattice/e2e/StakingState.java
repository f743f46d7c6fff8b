package io.lattice.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.lattice.proto.slashing.v1.Params;
import io.lattice.proto.slashing.v1.SigningInfo;
import io.lattice.proto.staking.v1.Validator;
import io.lattice.proto.staking.v1.ValidatorIndex;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.state.StateMap;
import io.lattice.slashing.SlashingKeeper;
import io.lattice.staking.StakingKeeper;
import java.util.Base64;
import java.util.Optional;

/**
 * Staking and slashing records of one node, read over its API as {@code lattice query staking}
 * reads them: point reads of committed state through {@code GET /v1/state/proof}, at the state keys
 * of the modules' typed collections (docs: modules/staking and modules/slashing READMEs).
 */
final class StakingState {
  /** The slashing module's layout (modules/slashing/README.md, "State"). */
  private static final Schema SLASHING = new Schema(SlashingKeeper.NAME);

  private static final byte[] SLASHING_PARAMS =
      SLASHING.item(1, "params", Codecs.proto(Params.parser())).key();
  private static final StateMap<String, SigningInfo> SIGNING_INFOS =
      SLASHING.map(2, "signing_infos", Codecs.STRING_KEY, Codecs.proto(SigningInfo.parser()));

  private StakingState() {}

  /** The staking validator whose consensus address is {@code consensusAddress}. */
  static Optional<Validator> validator(NodeApi api, String consensusAddress) {
    ValidatorIndex index =
        read(api, StakingKeeper.validatorIndexKey(), ValidatorIndex.parser())
            .orElse(ValidatorIndex.getDefaultInstance());
    for (String operator : index.getOperatorAddressesList()) {
      Optional<Validator> v = read(api, StakingKeeper.validatorKey(operator), Validator.parser());
      if (v.isPresent() && v.get().getConsensusAddress().equals(consensusAddress)) {
        return v;
      }
    }
    return Optional.empty();
  }

  /** The slashing module's signing info of a consensus address. */
  static Optional<SigningInfo> signingInfo(NodeApi api, String consensusAddress) {
    return read(api, SIGNING_INFOS.stateKey(consensusAddress), SigningInfo.parser());
  }

  /** The slashing params in state, else the module's defaults (genesis did not set them). */
  static Params slashingParams(NodeApi api) {
    return read(api, SLASHING_PARAMS, Params.parser()).orElse(SlashingKeeper.DEFAULT_PARAMS);
  }

  private static <M> Optional<M> read(NodeApi api, byte[] key, Parser<M> parser) {
    JsonNode answer =
        api.stateProof(key)
            .orElseThrow(() -> new AssertionError(api + " does not answer GET /v1/state/proof"));
    if (!answer.path("exists").asBoolean(false)) {
      return Optional.empty();
    }
    byte[] raw = Base64.getDecoder().decode(answer.path("value").asText());
    try {
      return Optional.of(parser.parseFrom(raw));
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(api + " served an undecodable state value", e);
    }
  }
}
