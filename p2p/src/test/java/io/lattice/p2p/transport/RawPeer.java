package io.lattice.p2p.transport;

import io.lattice.crypto.PrivateKeySigner;
import io.lattice.p2p.NodeId;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * A hand-driven peer on a plain blocking socket, for tests that must misbehave in ways the switch
 * never would: garbage, oversize frames, forged identities, floods.
 */
public final class RawPeer implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private SecureSession session;

  private RawPeer(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = new DataOutputStream(socket.getOutputStream());
  }

  public static RawPeer connect(InetSocketAddress address) throws IOException {
    Socket s = new Socket();
    s.connect(address, 5_000);
    s.setTcpNoDelay(true);
    return new RawPeer(s);
  }

  /** An honest identity for {@code key}. */
  public static LocalIdentity identity(PrivateKeySigner key) {
    return LocalIdentity.create(key);
  }

  /** An identity claiming {@code victim}'s id, replaying its signed binding on another key. */
  public static LocalIdentity impersonating(PrivateKeySigner victim, PrivateKeySigner attacker) {
    LocalIdentity real = LocalIdentity.create(victim);
    LocalIdentity own = LocalIdentity.create(attacker);
    return LocalIdentity.withPayload(
        attacker, own.staticPrivate(), own.staticPublic(), real.payload());
  }

  /** Runs the initiator side of the handshake over the socket. */
  public void handshake(LocalIdentity local, String networkId, Optional<NodeId> expected)
      throws IOException, HandshakeException {
    NoiseHandshake hs = NoiseHandshake.initiator(local, networkId, expected);
    sendFrame(hs.write());
    hs.read(readFrame());
    sendFrame(hs.write());
    session = hs.split();
  }

  public NodeId remoteId() {
    return session.remoteId();
  }

  public void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void sendFrame(byte[] body) throws IOException {
    out.writeInt(body.length);
    out.write(body);
    out.flush();
  }

  /** Sends {@code data} as one encrypted single-chunk message on {@code channel}. */
  public void sendMessage(int channel, byte[] data) throws IOException {
    sendChunk(channel, true, data);
  }

  public void sendChunk(int channel, boolean last, byte[] data) throws IOException {
    byte[] plain = new byte[SendQueues.HEADER_BYTES + data.length];
    plain[0] = (byte) channel;
    plain[1] = (byte) (last ? SendQueues.FLAG_LAST : 0);
    System.arraycopy(data, 0, plain, SendQueues.HEADER_BYTES, data.length);
    sendFrame(session.encrypt(plain));
  }

  /**
   * Reads the responder's verdict frame: "accepted", or "refused: " and its reason.
   *
   * @throws javax.crypto.BadPaddingException when the frame does not decrypt
   */
  public String readVerdict() throws IOException, javax.crypto.BadPaddingException {
    byte[] plain = session.decrypt(readFrame());
    if (plain[1] != (SendQueues.FLAG_LAST | Connection.FLAG_CONTROL)) {
      throw new IOException("not a control frame");
    }
    if (plain[2] == Connection.CONTROL_ACCEPT) {
      return "accepted";
    }
    return "refused: "
        + new String(plain, 3, plain.length - 3, java.nio.charset.StandardCharsets.UTF_8);
  }

  private byte[] readFrame() throws IOException {
    int n = in.readInt();
    byte[] body = new byte[n];
    in.readFully(body);
    return body;
  }

  /** Waits up to {@code timeout} for the other end to close; true when it did. */
  public boolean closedByPeer(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (EOFException | SocketException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
