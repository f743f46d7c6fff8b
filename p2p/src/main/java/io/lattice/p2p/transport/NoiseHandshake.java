package io.lattice.p2p.transport;

import com.southernstorm.noise.protocol.CipherStatePair;
import com.southernstorm.noise.protocol.HandshakeState;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.P2pConfig;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.BadPaddingException;
import javax.crypto.ShortBufferException;

/**
 * One side of the Noise XX handshake ({@value #PROTOCOL}, noiseprotocol.org rev 34), without I/O:
 * the caller moves the messages. Pattern:
 *
 * <pre>
 *   -> e                         (payload empty)
 *   <- e, ee, s, es              (payload: responder identity)
 *   -> s, se                     (payload: initiator identity)
 * </pre>
 *
 * The prologue is {@code "lattice-p2p/v1\0" + networkId}, so nodes of different networks fail at
 * the second message. An identity payload is {@link LocalIdentity#PAYLOAD_BYTES} bytes: version 1,
 * the ed25519 public key, and its signature over {@link LocalIdentity#bindingMessage} of the
 * sender's Noise static key; it is checked as soon as it arrives. Not thread-safe.
 */
public final class NoiseHandshake {
  public static final String PROTOCOL = "Noise_XX_25519_ChaChaPoly_SHA256";
  private static final int MAX_MESSAGE = P2pConfig.NOISE_MAX_MESSAGE;

  private final HandshakeState state;
  private final LocalIdentity local;
  private final Optional<NodeId> expected;
  private int messages;
  private PublicKey remoteKey;

  private NoiseHandshake(
      int role, LocalIdentity local, String networkId, Optional<NodeId> expected) {
    this.local = local;
    this.expected = expected;
    try {
      state = new HandshakeState(PROTOCOL, role);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("noise-java lacks " + PROTOCOL, e);
    }
    byte[] prologue = ("lattice-p2p/v1\0" + networkId).getBytes(StandardCharsets.UTF_8);
    state.setPrologue(prologue, 0, prologue.length);
    state.getLocalKeyPair().setPrivateKey(local.staticPrivate(), 0);
    state.start();
  }

  /** The dialling side; {@code expected} is the node id the dialled address must answer with. */
  public static NoiseHandshake initiator(
      LocalIdentity local, String networkId, Optional<NodeId> expected) {
    return new NoiseHandshake(HandshakeState.INITIATOR, local, networkId, expected);
  }

  public static NoiseHandshake responder(LocalIdentity local, String networkId) {
    return new NoiseHandshake(HandshakeState.RESPONDER, local, networkId, Optional.empty());
  }

  public boolean wantsToWrite() {
    return state.getAction() == HandshakeState.WRITE_MESSAGE;
  }

  public boolean wantsToRead() {
    return state.getAction() == HandshakeState.READ_MESSAGE;
  }

  public boolean complete() {
    return state.getAction() == HandshakeState.SPLIT;
  }

  /** The next handshake message to send. */
  public byte[] write() throws HandshakeException {
    if (!wantsToWrite()) {
      throw new HandshakeException("handshake: not our turn to write");
    }
    byte[] payload = messages == 0 ? new byte[0] : local.payload();
    byte[] out = new byte[MAX_MESSAGE];
    try {
      int n = state.writeMessage(out, 0, payload, 0, payload.length);
      messages++;
      return Arrays.copyOf(out, n);
    } catch (ShortBufferException | RuntimeException e) {
      throw new HandshakeException("handshake: cannot write message " + (messages + 1), e);
    }
  }

  /** Consumes the peer's next handshake message, verifying its identity payload if it has one. */
  public void read(byte[] message) throws HandshakeException {
    if (!wantsToRead()) {
      throw new HandshakeException("handshake: unexpected message " + (messages + 1));
    }
    byte[] payload = new byte[MAX_MESSAGE];
    int n;
    try {
      n = state.readMessage(message, 0, message.length, payload, 0);
    } catch (ShortBufferException | RuntimeException e) {
      throw new HandshakeException(
          "handshake message " + (messages + 1) + " is malformed (" + message.length + " bytes)",
          e);
    } catch (BadPaddingException e) {
      throw new HandshakeException(
          "handshake message "
              + (messages + 1)
              + " does not decrypt (different network id, or corrupted)",
          e);
    }
    messages++;
    if (messages == 1) {
      if (n != 0) {
        throw new HandshakeException("handshake message 1 must carry no payload, got " + n);
      }
      return;
    }
    remoteKey = verifyIdentity(Arrays.copyOf(payload, n));
  }

  private PublicKey verifyIdentity(byte[] payload) throws HandshakeException {
    if (payload.length != LocalIdentity.PAYLOAD_BYTES
        || payload[0] != LocalIdentity.PAYLOAD_VERSION) {
      throw new HandshakeException(
          "handshake identity payload must be "
              + LocalIdentity.PAYLOAD_BYTES
              + " bytes of version "
              + LocalIdentity.PAYLOAD_VERSION
              + ", got "
              + payload.length
              + " bytes");
    }
    int keyEnd = 1 + LocalIdentity.KEY_BYTES;
    PublicKey key;
    try {
      key = PublicKey.decode(KeyAlgorithm.ED25519, Arrays.copyOfRange(payload, 1, keyEnd));
    } catch (CryptoException e) {
      throw new HandshakeException("peer's ed25519 key is invalid: " + e.getMessage(), e);
    }
    byte[] remoteStatic = new byte[state.getRemotePublicKey().getPublicKeyLength()];
    state.getRemotePublicKey().getPublicKey(remoteStatic, 0);
    byte[] signature = Arrays.copyOfRange(payload, keyEnd, payload.length);
    NodeId id = NodeId.of(key);
    if (!key.verify(LocalIdentity.bindingMessage(remoteStatic), signature)) {
      throw new HandshakeException(
          "peer claiming node id "
              + id
              + " did not sign its Noise static key with that ed25519 key (impersonation?)");
    }
    if (expected.isPresent() && !expected.get().equals(id)) {
      throw new HandshakeException("dialled node " + expected.get() + " but the peer is " + id);
    }
    return key;
  }

  /** The encrypted session, once {@link #complete()}. */
  public SecureSession split() throws HandshakeException {
    if (!complete() || remoteKey == null) {
      throw new HandshakeException("handshake is not complete");
    }
    CipherStatePair pair = state.split();
    state.destroy();
    return new SecureSession(remoteKey, pair.getSender(), pair.getReceiver());
  }
}
