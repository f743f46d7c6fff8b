package io.lattice.p2p;

import java.net.InetSocketAddress;

/**
 * Where to dial a peer and which node must answer there, written {@code id@host:port} (the CometBFT
 * form). The port is the peer's listen port.
 */
public record PeerAddress(NodeId id, String host, int port) {
  public PeerAddress {
    if (id == null) {
      throw new IllegalArgumentException("peer address needs a node id");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("peer address needs a host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
  }

  public static PeerAddress of(NodeId id, InetSocketAddress address) {
    return new PeerAddress(id, address.getHostString(), address.getPort());
  }

  /** Parses {@code id@host:port}; an IPv6 host is written in brackets. */
  public static PeerAddress parse(String text) {
    int at = text.indexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException("peer address \"" + text + "\" must be id@host:port");
    }
    int colon = text.lastIndexOf(':');
    if (colon < at) {
      throw new IllegalArgumentException("peer address \"" + text + "\" has no port");
    }
    String host = text.substring(at + 1, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("peer address \"" + text + "\" has a malformed port", e);
    }
    return new PeerAddress(NodeId.parse(text.substring(0, at)), host, port);
  }

  public InetSocketAddress socketAddress() {
    return InetSocketAddress.createUnresolved(host, port);
  }

  @Override
  public String toString() {
    return id + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
