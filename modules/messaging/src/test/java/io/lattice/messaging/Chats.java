package io.lattice.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lattice.identity.ChatTestChain;
import io.lattice.proto.identity.v1.MsgRegister;
import io.lattice.proto.messaging.v1.EncryptedPayload;
import io.lattice.proto.messaging.v1.MsgSendDirectMessage;
import io.lattice.proto.types.v1.TxResult;
import java.util.List;
import java.util.Random;

/** Builders for the messaging tests over a {@link ChatTestChain} with the messaging module. */
final class Chats {
  private Chats() {}

  static ChatTestChain chain(long seed, int accounts) {
    return new ChatTestChain(
        seed,
        accounts,
        (auth, bank, identity) ->
            List.of(new MessagingModule(new MessagingKeeper(identity, bank))));
  }

  static MessagingKeeper keeper(ChatTestChain c) {
    return ((MessagingModule) c.modules.get(3)).keeper();
  }

  static MsgRegister register(ChatTestChain c, int i, String name) {
    return MsgRegister.newBuilder()
        .setOwner(c.addresses.get(i))
        .setUsername(name)
        .setKeys(ChatTestChain.keys(i + 1, 2))
        .build();
  }

  /** Registers accounts {@code 0..n-1} as user0, user1, … in one block. */
  static void registerAll(ChatTestChain c, int n) {
    byte[][] txs = new byte[n][];
    for (int i = 0; i < n; i++) {
      txs[i] = c.tx(i, register(c, i, "user" + i));
    }
    for (TxResult r : c.block(txs).txResults()) {
      assertThat(r.getCode()).as(r.getLog()).isZero();
    }
  }

  /** A well-formed payload with {@code size} bytes of (random) ciphertext. */
  static EncryptedPayload payload(long seed, int size) {
    Random r = new Random(seed);
    byte[] eph = new byte[32];
    byte[] nonce = new byte[12];
    byte[] ct = new byte[size];
    r.nextBytes(eph);
    r.nextBytes(nonce);
    r.nextBytes(ct);
    return EncryptedPayload.newBuilder()
        .setEphemeralKey(ByteString.copyFrom(eph))
        .setNonce(ByteString.copyFrom(nonce))
        .setCiphertext(ByteString.copyFrom(ct))
        .build();
  }

  static MsgSendDirectMessage send(ChatTestChain c, int from, int to, long seed) {
    return MsgSendDirectMessage.newBuilder()
        .setSender(c.addresses.get(from))
        .setRecipient(c.addresses.get(to))
        .setPayload(payload(seed, 48))
        .build();
  }
}
