package io.lattice.p2p.peer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.lattice.p2p.PeerAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The anchor peers: outbound peers this node was connected to, remembered across restarts and
 * dialled first at the next start (Bitcoin Core's anchors.dat, as a JSON array of {@code
 * "id@host:port"} strings in {@code anchors.json}). Written atomically (temporary file, then
 * rename).
 */
public final class AnchorFile {
  public static final String NAME = "anchors.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  public AnchorFile(Path directory) {
    this.file = directory.resolve(NAME);
  }

  public Path path() {
    return file;
  }

  /**
   * The remembered anchors; none when the file does not exist.
   *
   * @throws IOException when the file cannot be read or is not a JSON array of peer addresses
   *     (naming the bad entry)
   */
  public List<PeerAddress> load() throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new IOException(file + " must hold a JSON array of \"id@host:port\" strings");
    }
    List<PeerAddress> out = new ArrayList<>();
    for (JsonNode entry : root) {
      if (!entry.isTextual()) {
        throw new IOException(file + ": anchor " + entry + " is not a string");
      }
      try {
        out.add(PeerAddress.parse(entry.asText()));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": anchor " + entry + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  public void save(List<PeerAddress> anchors) throws IOException {
    ArrayNode array = JSON.createArrayNode();
    anchors.forEach(a -> array.add(a.toString()));
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(NAME + ".tmp");
    Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(array));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
