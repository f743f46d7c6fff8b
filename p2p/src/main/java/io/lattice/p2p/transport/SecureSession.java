package io.lattice.p2p.transport;

import com.southernstorm.noise.protocol.CipherState;
import io.lattice.crypto.PublicKey;
import io.lattice.p2p.NodeId;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.ShortBufferException;

/**
 * The two Noise cipher states after a handshake, and the authenticated peer. Each direction must be
 * used by one thread at a time (the connection's event loop); nonces advance per message, so
 * messages must be decrypted in the order they were encrypted.
 */
public final class SecureSession {
  private final PublicKey remoteKey;
  private final NodeId remoteId;
  private final CipherState sender;
  private final CipherState receiver;

  SecureSession(PublicKey remoteKey, CipherState sender, CipherState receiver) {
    this.remoteKey = remoteKey;
    this.remoteId = NodeId.of(remoteKey);
    this.sender = sender;
    this.receiver = receiver;
  }

  public NodeId remoteId() {
    return remoteId;
  }

  public PublicKey remoteKey() {
    return remoteKey;
  }

  /** Tag bytes each ciphertext adds. */
  public int overhead() {
    return sender.getMACLength();
  }

  public byte[] encrypt(byte[] plaintext) {
    byte[] out = new byte[plaintext.length + sender.getMACLength()];
    try {
      int n = sender.encryptWithAd(null, plaintext, 0, out, 0, plaintext.length);
      return n == out.length ? out : Arrays.copyOf(out, n);
    } catch (ShortBufferException e) {
      throw new IllegalStateException("ciphertext buffer sized from the MAC length", e);
    }
  }

  /**
   * @throws BadPaddingException when the frame was not encrypted by the peer's next nonce
   */
  public byte[] decrypt(byte[] ciphertext) throws BadPaddingException {
    if (ciphertext.length < receiver.getMACLength()) {
      throw new BadPaddingException(
          "frame of " + ciphertext.length + " bytes is shorter than the authentication tag");
    }
    byte[] out = new byte[ciphertext.length];
    try {
      int n = receiver.decryptWithAd(null, ciphertext, 0, out, 0, ciphertext.length);
      return Arrays.copyOf(out, n);
    } catch (ShortBufferException e) {
      throw new IllegalStateException("plaintext buffer as long as the ciphertext", e);
    }
  }
}
