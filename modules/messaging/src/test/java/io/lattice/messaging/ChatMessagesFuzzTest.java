package io.lattice.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.lattice.consensus.app.BlockContext;
import io.lattice.identity.ChatTestChain;
import io.lattice.proto.identity.v1.Device;
import io.lattice.proto.identity.v1.EncryptionKeys;
import io.lattice.proto.identity.v1.MsgAddDevice;
import io.lattice.proto.identity.v1.MsgRegister;
import io.lattice.proto.identity.v1.MsgRevokeDevice;
import io.lattice.proto.messaging.v1.EncryptedPayload;
import io.lattice.proto.messaging.v1.MsgSendDirectMessage;
import io.lattice.proto.types.v1.TxResult;
import java.util.List;

/**
 * The identity and messaging handlers on fuzzed message fields, signed by a funded account and
 * executed in a block that is never committed: every outcome is an acceptance or a refusal with a
 * reason, never an exception. Runs under Jazzer with {@code JAZZER_FUZZ=1}; in a normal build it
 * runs its seed inputs.
 */
class ChatMessagesFuzzTest {
  private static final ChatTestChain CHAIN = chain();

  private static ChatTestChain chain() {
    ChatTestChain c = Chats.chain(123, 3).init();
    Chats.registerAll(c, 2);
    return c;
  }

  private static String address(FuzzedDataProvider data) {
    int pick = data.consumeInt(0, 3);
    return pick < 3 ? CHAIN.addresses.get(pick) : data.consumeString(80);
  }

  private static ByteString bytes(FuzzedDataProvider data, int max) {
    return ByteString.copyFrom(data.consumeBytes(data.consumeInt(0, max)));
  }

  private static TxResult execute(Message msg) {
    byte[] tx = CHAIN.tx(0, msg);
    long h = CHAIN.height() + 1;
    return CHAIN
        .app
        .finalizeBlock(
            new BlockContext(ChatTestChain.CHAIN_ID, h, ChatTestChain.timeOf(h), new byte[20]),
            List.of(tx))
        .txResults()
        .get(0);
  }

  private static void assertAnswered(TxResult r) {
    if (r.getCode() != 0) {
      assertThat(r.getLog()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "60s")
  void sendDirectMessage(FuzzedDataProvider data) {
    MsgSendDirectMessage m =
        MsgSendDirectMessage.newBuilder()
            .setSender(CHAIN.addresses.get(0))
            .setRecipient(address(data))
            .setSenderDeviceId(data.consumeString(70))
            .setPayload(
                EncryptedPayload.newBuilder()
                    .setEphemeralKey(bytes(data, 40))
                    .setNonce(bytes(data, 20))
                    .setRecipientKey(bytes(data, 40))
                    .setCiphertext(ByteString.copyFrom(data.consumeRemainingAsBytes())))
            .build();
    assertAnswered(execute(m));
  }

  @FuzzTest(maxDuration = "60s")
  void identityMessages(FuzzedDataProvider data) {
    String owner = CHAIN.addresses.get(0);
    EncryptionKeys.Builder keys = EncryptionKeys.newBuilder().setIdentityKey(bytes(data, 40));
    int prekeys = data.consumeInt(0, 18);
    for (int i = 0; i < prekeys; i++) {
      keys.addPrekeys(bytes(data, 40));
    }
    Message m =
        switch (data.consumeInt(0, 2)) {
          case 0 ->
              MsgRegister.newBuilder()
                  .setOwner(owner)
                  .setUsername(data.consumeString(40))
                  .setKeys(keys)
                  .setDevice(
                      Device.newBuilder()
                          .setDeviceId(data.consumeString(70))
                          .setPublicKey(bytes(data, 40))
                          .setLabel(data.consumeString(80)))
                  .build();
          case 1 ->
              MsgAddDevice.newBuilder()
                  .setOwner(owner)
                  .setDeviceId(data.consumeString(300))
                  .setPublicKey(bytes(data, 40))
                  .setLabel(data.consumeRemainingAsString())
                  .build();
          default ->
              MsgRevokeDevice.newBuilder()
                  .setOwner(owner)
                  .setDeviceId(data.consumeRemainingAsString())
                  .build();
        };
    assertAnswered(execute(m));
  }
}
