package io.lattice.p2p.transport;

import java.util.Optional;

/**
 * What a {@link Connection} tells its owner (the switch). Called on the connection's event loop;
 * implementations must not block.
 */
public interface ConnectionEvents {
  /**
   * The handshake succeeded ({@link Connection#remoteId()} is known). Returns why the connection is
   * refused (banned, self, duplicate, too many peers), or empty to accept it.
   */
  Optional<String> authenticated(Connection connection);

  /** The connection is open: {@link Connection#send} now reaches the peer. */
  void opened(Connection connection);

  /** A complete message arrived on a declared channel, within the peer's rate limits. */
  void received(Connection connection, int channel, byte[] message);

  /** The authenticated peer misbehaved; {@code points} count towards a ban. */
  void penalized(Connection connection, double points, String reason);

  /**
   * The connection closed; {@code wasOpen} tells whether it had been accepted after the handshake.
   */
  void closed(Connection connection, String reason, boolean wasOpen);
}
