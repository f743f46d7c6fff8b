package io.lattice.p2p.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.p2p.NodeId;
import io.lattice.p2p.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.crypto.BadPaddingException;
import org.junit.jupiter.api.Test;

class NoiseHandshakeTest {
  private final LocalIdentity alice = LocalIdentity.create(TestKeys.key(1));
  private final LocalIdentity bob = LocalIdentity.create(TestKeys.key(2));

  private record Pair(SecureSession initiator, SecureSession responder) {}

  private static Pair run(NoiseHandshake i, NoiseHandshake r) throws HandshakeException {
    r.read(i.write());
    i.read(r.write());
    r.read(i.write());
    assertThat(i.complete()).isTrue();
    assertThat(r.complete()).isTrue();
    return new Pair(i.split(), r.split());
  }

  @Test
  void bothSidesLearnTheOthersNodeIdAndShareKeys() throws Exception {
    Pair p =
        run(
            NoiseHandshake.initiator(alice, "net", Optional.of(TestKeys.id(2))),
            NoiseHandshake.responder(bob, "net"));
    assertThat(p.initiator().remoteId()).isEqualTo(TestKeys.id(2));
    assertThat(p.responder().remoteId()).isEqualTo(TestKeys.id(1));
    byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] ct = p.initiator().encrypt(hello);
    assertThat(ct).hasSize(hello.length + 16).isNotEqualTo(hello);
    assertThat(p.responder().decrypt(ct)).isEqualTo(hello);
    assertThat(p.initiator().decrypt(p.responder().encrypt(hello))).isEqualTo(hello);
  }

  @Test
  void tamperedOrReplayedTransportFramesDoNotDecrypt() throws Exception {
    Pair p =
        run(
            NoiseHandshake.initiator(alice, "net", Optional.empty()),
            NoiseHandshake.responder(bob, "net"));
    byte[] first = p.initiator().encrypt(new byte[] {1, 2, 3});
    byte[] tampered = first.clone();
    tampered[0] ^= 1;
    assertThatThrownBy(() -> p.responder().decrypt(tampered))
        .isInstanceOf(BadPaddingException.class);
    assertThat(p.responder().decrypt(first)).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> p.responder().decrypt(first))
        .as("a replayed frame meets the next nonce")
        .isInstanceOf(BadPaddingException.class);
    SecureSession other =
        run(
                NoiseHandshake.initiator(alice, "net", Optional.empty()),
                NoiseHandshake.responder(bob, "net"))
            .responder();
    byte[] second = p.initiator().encrypt(new byte[] {4});
    assertThatThrownBy(() -> other.decrypt(second))
        .as("each handshake makes fresh keys")
        .isInstanceOf(BadPaddingException.class);
  }

  @Test
  void dialledIdMustMatchTheResponder() throws Exception {
    NoiseHandshake i = NoiseHandshake.initiator(alice, "net", Optional.of(TestKeys.id(3)));
    NoiseHandshake r = NoiseHandshake.responder(bob, "net");
    r.read(i.write());
    byte[] m2 = r.write();
    assertThatThrownBy(() -> i.read(m2))
        .isInstanceOf(HandshakeException.class)
        .hasMessage("dialled node " + TestKeys.id(3) + " but the peer is " + TestKeys.id(2));
  }

  @Test
  void differentNetworksFailAtTheSecondMessage() throws Exception {
    NoiseHandshake i = NoiseHandshake.initiator(alice, "net-a", Optional.empty());
    NoiseHandshake r = NoiseHandshake.responder(bob, "net-b");
    r.read(i.write());
    byte[] m2 = r.write();
    assertThatThrownBy(() -> i.read(m2)).hasMessageContaining("does not decrypt");
  }

  @Test
  void replayedBindingOnAnotherStaticKeyIsRefused() throws Exception {
    // Mallory presents Bob's ed25519 key and Bob's signed binding, but her own Noise static key.
    LocalIdentity mallory = LocalIdentity.create(TestKeys.key(9));
    LocalIdentity forged =
        LocalIdentity.withPayload(
            TestKeys.key(9), mallory.staticPrivate(), mallory.staticPublic(), bob.payload());
    assertImpersonationRefused(forged, TestKeys.id(2));
  }

  @Test
  void bindingSignedByAnotherKeyIsRefused() throws Exception {
    // Mallory presents Bob's public key with her own signature over her static key.
    LocalIdentity mallory = LocalIdentity.create(TestKeys.key(9));
    byte[] signature = TestKeys.key(9).sign(LocalIdentity.bindingMessage(mallory.staticPublic()));
    LocalIdentity forged =
        LocalIdentity.withPayload(
            TestKeys.key(9),
            mallory.staticPrivate(),
            mallory.staticPublic(),
            LocalIdentity.payload(TestKeys.key(2).publicKey().encoded(), signature));
    assertImpersonationRefused(forged, TestKeys.id(2));
  }

  private void assertImpersonationRefused(LocalIdentity forged, NodeId claimed) throws Exception {
    // as responder: the initiator refuses at message 2
    NoiseHandshake i = NoiseHandshake.initiator(alice, "net", Optional.of(claimed));
    NoiseHandshake r = NoiseHandshake.responder(forged, "net");
    r.read(i.write());
    byte[] m2 = r.write();
    assertThatThrownBy(() -> i.read(m2))
        .isInstanceOf(HandshakeException.class)
        .hasMessageContaining("claiming node id " + claimed)
        .hasMessageContaining("did not sign its Noise static key");
    // as initiator: the responder refuses at message 3
    NoiseHandshake i2 = NoiseHandshake.initiator(forged, "net", Optional.empty());
    NoiseHandshake r2 = NoiseHandshake.responder(alice, "net");
    r2.read(i2.write());
    i2.read(r2.write());
    byte[] m3 = i2.write();
    assertThatThrownBy(() -> r2.read(m3)).hasMessageContaining("did not sign its Noise static key");
    assertThat(r2.complete()).isTrue();
    assertThatThrownBy(r2::split).hasMessageContaining("not complete");
  }

  @Test
  void garbageAndOutOfTurnMessagesAreRefused() throws Exception {
    NoiseHandshake r = NoiseHandshake.responder(bob, "net");
    assertThatThrownBy(() -> r.read(new byte[5])).hasMessageContaining("malformed");
    NoiseHandshake i = NoiseHandshake.initiator(alice, "net", Optional.empty());
    assertThatThrownBy(() -> i.read(new byte[32])).hasMessageContaining("unexpected message 1");
    NoiseHandshake r2 = NoiseHandshake.responder(bob, "net");
    r2.read(NoiseHandshake.initiator(alice, "net", Optional.empty()).write());
    assertThatThrownBy(() -> r2.read(new byte[100])).hasMessageContaining("unexpected message 2");
  }
}
