package io.lattice.node.config;

import com.google.protobuf.ByteString;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorPubKey;
import io.lattice.proto.types.v1.ValidatorSet;
import java.time.Instant;
import java.util.List;

/**
 * The chain's {@code config/genesis.json}; see {@link GenesisFile} for the JSON layout.
 *
 * @param maxBlockBytes consensus parameter {@code block.max_bytes}
 * @param maxBlockGas consensus parameter {@code block.max_gas}, -1 for no limit
 * @param appStateJson the {@code app_state} object as compact JSON bytes, handed to {@code
 *     initChain}
 */
public record Genesis(
    String chainId,
    Instant genesisTime,
    long initialHeight,
    long maxBlockBytes,
    long maxBlockGas,
    List<GenesisValidator> validators,
    byte[] appStateJson) {

  public static final long DEFAULT_MAX_BLOCK_BYTES = 4L << 20;
  public static final long DEFAULT_MAX_BLOCK_GAS = -1;

  /**
   * A validator as genesis lists it.
   *
   * @param address bech32 address of the public key
   * @param publicKey the raw public key in {@code algorithm}'s standard encoding
   */
  public record GenesisValidator(
      String address, String algorithm, byte[] publicKey, long power, String name) {}

  /** The validator set in its canonical protobuf form (genesis order). */
  public ValidatorSet validatorSet(byte[][] addresses) {
    ValidatorSet.Builder set = ValidatorSet.newBuilder();
    for (int i = 0; i < validators.size(); i++) {
      GenesisValidator v = validators.get(i);
      set.addValidators(
          Validator.newBuilder()
              .setAddress(ByteString.copyFrom(addresses[i]))
              .setPubKey(
                  ValidatorPubKey.newBuilder()
                      .setAlgorithm(v.algorithm())
                      .setKey(ByteString.copyFrom(v.publicKey())))
              .setVotingPower(v.power()));
    }
    return set.build();
  }
}
