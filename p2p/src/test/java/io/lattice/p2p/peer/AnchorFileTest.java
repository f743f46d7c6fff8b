package io.lattice.p2p.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.p2p.PeerAddress;
import io.lattice.p2p.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnchorFileTest {
  @TempDir Path dir;

  @Test
  void roundTripsAndStartsEmpty() throws IOException {
    AnchorFile f = new AnchorFile(dir.resolve("p2p"));
    assertThat(f.load()).isEmpty();
    List<PeerAddress> anchors =
        List.of(
            new PeerAddress(TestKeys.id(1), "127.0.0.1", 1000),
            new PeerAddress(TestKeys.id(2), "::1", 2000));
    f.save(anchors);
    assertThat(new AnchorFile(dir.resolve("p2p")).load()).isEqualTo(anchors);
  }

  @Test
  void malformedFileNamesTheBadEntry() throws IOException {
    AnchorFile f = new AnchorFile(dir);
    Files.writeString(f.path(), "[\"" + TestKeys.id(1) + "@h:1\", \"nonsense\"]");
    assertThatThrownBy(f::load)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("\"nonsense\"")
        .hasMessageContaining("id@host:port");
    Files.writeString(f.path(), "{\"a\":1}");
    assertThatThrownBy(f::load).hasMessageContaining("JSON array");
    Files.writeString(f.path(), "[1");
    assertThatThrownBy(f::load).hasMessageContaining("not valid JSON");
  }
}
