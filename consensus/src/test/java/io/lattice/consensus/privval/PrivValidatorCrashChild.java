package io.lattice.consensus.privval;

import io.lattice.common.Hex;
import io.lattice.consensus.block.Votes;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.types.v1.Timestamp;
import java.nio.file.Path;

/**
 * The process {@link FilePrivValidatorCrashTest} kills: signs prevotes and precommits at increasing
 * (height, round) forever and prints {@code SIGNED height round step signature} for every signature
 * the signer released. Arguments: state file, hex ed25519 seed.
 */
public final class PrivValidatorCrashChild {
  private PrivValidatorCrashChild() {}

  public static void main(String[] args) throws Exception {
    PrivateKeySigner key = KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, Hex.decode(args[1]));
    FilePrivValidator pv = FilePrivValidator.open(key, Path.of(args[0]));
    long startHeight = pv.lastSignState().height() + 1;
    System.out.println("READY " + startHeight);
    System.out.flush();
    for (long h = startHeight; ; h++) {
      for (int r = 0; r < 2; r++) {
        for (int type : new int[] {Votes.PREVOTE, Votes.PRECOMMIT}) {
          SignedVote v =
              pv.signVote(
                  FilePrivValidatorTest.CHAIN,
                  type,
                  h,
                  r,
                  FilePrivValidatorTest.block(h * 10 + r),
                  Timestamp.newBuilder().setSeconds(h).build());
          System.out.println(
              "SIGNED " + h + " " + r + " " + type + " " + Hex.encode(v.signature()));
          System.out.flush();
        }
      }
    }
  }
}
