package io.lattice.xchain.ops;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.lattice.proto.Canonical;
import io.lattice.proto.DecodeException;
import io.lattice.proto.identity.v1.EncryptionKeys;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.tx.Coins;
import io.lattice.xchain.XchainCodes;
import java.util.List;

/** Stateless checks shared by the built-in operations' messages and packet data. */
final class OpInputs {
  /** Longest lock an operation may ask for: ten years. */
  static final long MAX_LOCK_SECONDS = 10L * 365 * 24 * 3600;

  private OpInputs() {}

  /**
   * The source chain's check of a username (xchain.md §5.1 step 1): 3–32 characters of letters,
   * digits and '_', starting with a letter. The chat chain's identity module has the final word.
   */
  static void checkUsername(String username) throws TxException {
    if (!username.matches("[A-Za-z][A-Za-z0-9_]{2,31}")) {
      throw invalid(
          "invalid username '"
              + username
              + "': 3-32 letters, digits or '_', starting with a letter");
    }
  }

  /** identity_key: 32 bytes (X25519); prekeys: at most 16 of 32 bytes each. */
  static void checkKeys(EncryptionKeys keys) throws TxException {
    if (keys.getIdentityKey().size() != 32) {
      throw invalid(
          "identity_key must be a 32-byte X25519 key, got "
              + keys.getIdentityKey().size()
              + " bytes");
    }
    if (keys.getPrekeysCount() > 16) {
      throw invalid("at most 16 prekeys, got " + keys.getPrekeysCount());
    }
    for (int i = 0; i < keys.getPrekeysCount(); i++) {
      if (keys.getPrekeys(i).size() != 32) {
        throw invalid(
            "prekeys[" + i + "] must be 32 bytes, got " + keys.getPrekeys(i).size() + " bytes");
      }
    }
  }

  static void checkCoin(Coin coin, String field) throws TxException {
    Coins.validate(List.of(coin), field, false);
  }

  static <M extends Message> M decode(Parser<M> parser, byte[] data, String what)
      throws TxException {
    try {
      return Canonical.decode(parser, data, 64 * 1024, what);
    } catch (DecodeException e) {
      throw invalid(e.reason());
    }
  }

  static TxException invalid(String reason) {
    return XchainCodes.error(XchainCodes.INVALID_OPERATION, reason);
  }
}
