package io.lattice.node.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Free TCP ports on 127.0.0.1 for local networks: {@code lattice up}, and the networks that tests
 * and benchmarks create. A port found free may be taken before it is bound; callers that start
 * processes later skip ports in use again.
 */
public final class LocalPorts {
  private LocalPorts() {}

  /** The first port from {@code from} (within 1,000 ports) that can be bound now. */
  public static int freePort(int from) throws IOException {
    for (int port = from; port < from + 1000 && port < 65536; port++) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // try the next one
      }
    }
    throw new IOException("no free TCP port on 127.0.0.1 from " + from);
  }

  /**
   * A random free first port of a range of 100, in 20000..32000: below the kernel's ephemeral range
   * (32768 up on Linux), so that outgoing connections and relays never take a node's port between
   * choosing it and the node's start, and different test runs rarely collide.
   */
  public static int randomBase() throws IOException {
    Random random = new Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = 20_000 + random.nextInt(120) * 100;
      try (ServerSocket s = new ServerSocket(base, 1, InetAddress.getLoopbackAddress())) {
        return base;
      } catch (IOException taken) {
        // another base
      }
    }
    throw new IOException("no free port base in 20000..32000 on 127.0.0.1");
  }

  /**
   * Hands out free ports for the nodes of one network, never the same one twice (the ports are
   * bound only when the nodes start, so {@link #freePort} alone would give the same port to two
   * nodes).
   */
  public static final class Allocator {
    private final Set<Integer> given = new HashSet<>();
    private final Set<Integer> reserved = new HashSet<>();

    /** Keeps {@code port} for a later {@link #take}: {@link #next} never hands it out. */
    public void reserve(int port) {
      reserved.add(port);
    }

    /**
     * {@code port} if it was reserved, is free now and not handed out yet; otherwise {@link
     * #next}{@code (port)}, which skips reserved ports.
     */
    public int take(int port) throws IOException {
      if (reserved.remove(port) && !given.contains(port) && freePort(port) == port) {
        given.add(port);
        return port;
      }
      return next(port);
    }

    /** The first port from {@code from} that is free now and not handed out before. */
    public int next(int from) throws IOException {
      int port = from;
      while (true) {
        port = freePort(port);
        if (!reserved.contains(port) && given.add(port)) {
          return port;
        }
        port++;
      }
    }
  }
}
