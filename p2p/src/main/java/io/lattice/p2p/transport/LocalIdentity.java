package io.lattice.p2p.transport;

import com.southernstorm.noise.protocol.DHState;
import com.southernstorm.noise.protocol.Noise;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.p2p.NodeId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;

/**
 * This node's keys for the handshake: the long-term ed25519 identity key and a Noise static X25519
 * key made for this process, bound to each other by an ed25519 signature over the X25519 public key
 * (see {@link #bindingMessage}). The signed binding is the handshake payload.
 */
public final class LocalIdentity {
  /** Payload layout version. */
  static final byte PAYLOAD_VERSION = 1;

  static final int KEY_BYTES = 32;
  static final int SIGNATURE_BYTES = 64;

  /** version (1) ‖ ed25519 public key (32) ‖ ed25519 signature over the binding message (64). */
  static final int PAYLOAD_BYTES = 1 + KEY_BYTES + SIGNATURE_BYTES;

  private static final byte[] BINDING_DOMAIN =
      "lattice-p2p/v1 noise static key\0".getBytes(StandardCharsets.US_ASCII);

  private final NodeId id;
  private final byte[] staticPrivate;
  private final byte[] staticPublic;
  private final byte[] payload;

  private LocalIdentity(NodeId id, byte[] staticPrivate, byte[] staticPublic, byte[] payload) {
    this.id = id;
    this.staticPrivate = staticPrivate;
    this.staticPublic = staticPublic;
    this.payload = payload;
  }

  /** Makes a fresh Noise static key and signs it with {@code nodeKey} (which must be ed25519). */
  public static LocalIdentity create(PrivateKeySigner nodeKey) {
    if (nodeKey.algorithm() != KeyAlgorithm.ED25519) {
      throw new IllegalArgumentException(
          "the node key must be ed25519, got " + nodeKey.algorithm().id());
    }
    DHState dh = newDh();
    dh.generateKeyPair();
    byte[] priv = new byte[dh.getPrivateKeyLength()];
    byte[] pub = new byte[dh.getPublicKeyLength()];
    dh.getPrivateKey(priv, 0);
    dh.getPublicKey(pub, 0);
    dh.destroy();
    byte[] signature = nodeKey.sign(bindingMessage(pub));
    return withPayload(nodeKey, priv, pub, payload(nodeKey.publicKey().encoded(), signature));
  }

  /** An identity whose payload is given as is: lets tests present forged bindings. */
  static LocalIdentity withPayload(
      PrivateKeySigner nodeKey, byte[] staticPrivate, byte[] staticPublic, byte[] payload) {
    return new LocalIdentity(
        NodeId.of(nodeKey.publicKey()),
        staticPrivate.clone(),
        staticPublic.clone(),
        payload.clone());
  }

  static byte[] payload(byte[] ed25519PublicKey, byte[] signature) {
    return ByteBuffer.allocate(PAYLOAD_BYTES)
        .put(PAYLOAD_VERSION)
        .put(ed25519PublicKey)
        .put(signature)
        .array();
  }

  /** What the ed25519 key signs: a domain tag, then the 32-byte X25519 static public key. */
  static byte[] bindingMessage(byte[] staticPublic) {
    return ByteBuffer.allocate(BINDING_DOMAIN.length + staticPublic.length)
        .put(BINDING_DOMAIN)
        .put(staticPublic)
        .array();
  }

  static DHState newDh() {
    try {
      return Noise.createDH("25519");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("noise-java lacks X25519", e);
    }
  }

  public NodeId id() {
    return id;
  }

  byte[] staticPrivate() {
    return staticPrivate.clone();
  }

  byte[] staticPublic() {
    return staticPublic.clone();
  }

  byte[] payload() {
    return payload.clone();
  }
}
