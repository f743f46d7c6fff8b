package io.lattice.consensus.evidence;

import com.google.protobuf.ByteString;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorPubKey;
import io.lattice.proto.types.v1.ValidatorSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Real ed25519 validator keys derived from small seeds, and validator sets over them. */
public final class TestValidators {
  private TestValidators() {}

  /** The key of validator number {@code n} (any n gives a distinct, reproducible key). */
  public static PrivateKeySigner key(int n) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 0x5a);
    seed[0] = (byte) n;
    seed[1] = (byte) (n >> 8);
    try {
      return KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, seed);
    } catch (CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Validator validator(PrivateKeySigner key, long power) {
    return Validator.newBuilder()
        .setAddress(ByteString.copyFrom(key.publicKey().address().bytes()))
        .setPubKey(
            ValidatorPubKey.newBuilder()
                .setAlgorithm(key.publicKey().algorithm().id())
                .setKey(ByteString.copyFrom(key.publicKey().encoded())))
        .setVotingPower(power)
        .build();
  }

  /** Validators {@code first, first + 1, ...} with the given powers, in that order. */
  public static ValidatorSet set(int first, long... powers) {
    List<Validator> vs = new ArrayList<>();
    for (int i = 0; i < powers.length; i++) {
      vs.add(validator(key(first + i), powers[i]));
    }
    return ValidatorSet.newBuilder().addAllValidators(vs).build();
  }
}
