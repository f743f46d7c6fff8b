package io.lattice.p2p.discovery;

import io.lattice.p2p.NodeId;
import io.lattice.p2p.PeerAddress;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The discovery protocol's messages on channel 0x00. Layout: type (1) ‖ request id (8, big-endian)
 * ‖ body. {@code PING}/{@code PONG} body: the sender's listen port (2). {@code FIND_NODE}: the
 * target id (20). {@code NODES}: a count (1, at most {@value #MAX_NODES}), then per node its id
 * (20), port (2), host length (1) and UTF-8 host.
 */
public sealed interface DiscoveryMessage {
  int MAX_NODES = 32;

  long requestId();

  /** Liveness probe; also tells the receiver where the sender listens. */
  record Ping(long requestId, int listenPort) implements DiscoveryMessage {}

  record Pong(long requestId, int listenPort) implements DiscoveryMessage {}

  record FindNode(long requestId, NodeId target) implements DiscoveryMessage {}

  record Nodes(long requestId, List<PeerAddress> nodes) implements DiscoveryMessage {
    public Nodes {
      nodes = List.copyOf(nodes);
      if (nodes.size() > MAX_NODES) {
        throw new IllegalArgumentException("at most " + MAX_NODES + " nodes per reply");
      }
    }
  }

  default byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer head = ByteBuffer.allocate(9);
    switch (this) {
      case Ping p -> head.put((byte) 1);
      case Pong p -> head.put((byte) 2);
      case FindNode f -> head.put((byte) 3);
      case Nodes n -> head.put((byte) 4);
    }
    head.putLong(requestId());
    out.writeBytes(head.array());
    switch (this) {
      case Ping p -> out.writeBytes(port(p.listenPort()));
      case Pong p -> out.writeBytes(port(p.listenPort()));
      case FindNode f -> out.writeBytes(HexFormat.of().parseHex(f.target().hex()));
      case Nodes n -> {
        out.write(n.nodes().size());
        for (PeerAddress a : n.nodes()) {
          byte[] host = a.host().getBytes(StandardCharsets.UTF_8);
          if (host.length > 255) {
            throw new IllegalArgumentException("host of " + a + " is longer than 255 bytes");
          }
          out.writeBytes(HexFormat.of().parseHex(a.id().hex()));
          out.writeBytes(port(a.port()));
          out.write(host.length);
          out.writeBytes(host);
        }
      }
    }
    return out.toByteArray();
  }

  private static byte[] port(int port) {
    return new byte[] {(byte) (port >> 8), (byte) port};
  }

  /**
   * Parses a message.
   *
   * @throws IllegalArgumentException naming what is wrong (unknown type, truncated, trailing bytes,
   *     bad port or host)
   */
  static DiscoveryMessage decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      int type = in.get() & 0xff;
      long id = in.getLong();
      DiscoveryMessage m =
          switch (type) {
            case 1 -> new Ping(id, in.getShort() & 0xffff);
            case 2 -> new Pong(id, in.getShort() & 0xffff);
            case 3 -> new FindNode(id, readId(in));
            case 4 -> {
              int count = in.get() & 0xff;
              if (count > MAX_NODES) {
                throw new IllegalArgumentException(
                    "NODES lists " + count + " nodes, at most " + MAX_NODES);
              }
              List<PeerAddress> nodes = new ArrayList<>();
              for (int i = 0; i < count; i++) {
                NodeId nodeId = readId(in);
                int port = in.getShort() & 0xffff;
                byte[] host = new byte[in.get() & 0xff];
                in.get(host);
                nodes.add(new PeerAddress(nodeId, new String(host, StandardCharsets.UTF_8), port));
              }
              yield new Nodes(id, nodes);
            }
            default -> throw new IllegalArgumentException("unknown discovery message type " + type);
          };
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(
            "discovery message has " + in.remaining() + " trailing bytes");
      }
      return m;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException(
          "discovery message truncated at " + bytes.length + " bytes", e);
    }
  }

  private static NodeId readId(ByteBuffer in) {
    byte[] id = new byte[20];
    in.get(id);
    return new NodeId(HexFormat.of().formatHex(id));
  }
}
