package io.lattice.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.lattice.crypto.Address;
import io.lattice.proto.messaging.v1.EncryptedPayload;
import io.lattice.proto.messaging.v1.Envelope;
import io.lattice.sdk.Wallet;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sealing into and opening from the messaging module's protos, as each side of a conversation. */
class PayloadsTest {
  private final Wallet alice = Wallet.create();
  private final Wallet bob = Wallet.create();
  private final Wallet eve = Wallet.create();

  private static Address addr(Wallet w) throws Exception {
    return Address.parse(w.address());
  }

  private Envelope envelope(EncryptedPayload p) {
    return Envelope.newBuilder()
        .setSender(alice.address())
        .setRecipient(bob.address())
        .setSequence(1)
        .setPayload(p)
        .build();
  }

  @Test
  void bothSidesOpenAndNobodyElse() throws Exception {
    byte[] text = "hi bob".getBytes(StandardCharsets.UTF_8);
    EncryptedPayload p =
        Payloads.seal(alice.identity(), addr(alice), addr(bob), bob.identity().publicKey(), text);
    assertThat(p.getRecipientKey().toByteArray()).isEqualTo(bob.identity().publicKey());
    Envelope env = envelope(p);
    assertThat(Payloads.open(bob.identity(), addr(bob), env, Optional.empty())).isEqualTo(text);
    assertThat(Payloads.open(alice.identity(), addr(alice), env, Optional.empty())).isEqualTo(text);
    assertThatThrownBy(() -> Payloads.open(eve.identity(), addr(eve), env, Optional.empty()))
        .isInstanceOf(E2eException.class)
        .hasMessageContaining("not " + eve.address());
    // Eve claims to be Bob: the payload names Bob's key, which Eve does not hold.
    assertThatThrownBy(() -> Payloads.open(eve.identity(), addr(bob), env, Optional.empty()))
        .isInstanceOf(E2eException.class)
        .hasMessageContaining("does not hold");
  }

  @Test
  void anEmptyRecipientKeyMeansTheIdentityKey() throws Exception {
    byte[] text = "no key named".getBytes(StandardCharsets.UTF_8);
    EncryptedPayload p =
        Payloads.seal(alice.identity(), addr(alice), addr(bob), bob.identity().publicKey(), text)
            .toBuilder()
            .setRecipientKey(ByteString.EMPTY)
            .build();
    Envelope env = envelope(p);
    assertThat(Payloads.open(bob.identity(), addr(bob), env, Optional.empty())).isEqualTo(text);
    assertThatThrownBy(() -> Payloads.open(alice.identity(), addr(alice), env, Optional.empty()))
        .isInstanceOf(E2eException.class)
        .hasMessageContaining("identity key is unknown");
    assertThat(
            Payloads.open(
                alice.identity(), addr(alice), env, Optional.of(bob.identity().publicKey())))
        .isEqualTo(text);
  }

  @Test
  void aPayloadMovedToAnotherConversationDoesNotOpen() throws Exception {
    EncryptedPayload p =
        Payloads.seal(
            alice.identity(),
            addr(alice),
            addr(bob),
            bob.identity().publicKey(),
            "x".getBytes(StandardCharsets.UTF_8));
    // Eve re-posts Alice's payload to Bob as her own message.
    Envelope forged = envelope(p).toBuilder().setSender(eve.address()).build();
    assertThatThrownBy(() -> Payloads.open(bob.identity(), addr(bob), forged, Optional.empty()))
        .isInstanceOf(DecryptionFailedException.class);
  }
}
