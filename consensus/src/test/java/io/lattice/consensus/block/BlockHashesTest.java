package io.lattice.consensus.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.common.Hex;
import io.lattice.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9162 section 2.1.1 Merkle Tree Hash, checked by building the trees by hand. */
class BlockHashesTest {
  private static byte[] leaf(byte[] d) {
    return Hashes.sha256(new byte[] {0}, d);
  }

  private static byte[] node(byte[] l, byte[] r) {
    return Hashes.sha256(new byte[] {1}, l, r);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void emptyTreeIsTheHashOfNothing() {
    assertThat(Hex.encode(BlockHashes.merkleRoot(List.of())))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void oneTwoThreeAndFiveLeaves() {
    byte[] a = b("a");
    byte[] bb = b("b");
    byte[] c = b("c");
    byte[] d = b("d");
    byte[] e = b("e");
    assertThat(BlockHashes.merkleRoot(List.of(a))).isEqualTo(leaf(a));
    assertThat(BlockHashes.merkleRoot(List.of(a, bb))).isEqualTo(node(leaf(a), leaf(bb)));
    // n = 3: k = 2, so the left subtree holds a, b and the right one c.
    assertThat(BlockHashes.merkleRoot(List.of(a, bb, c)))
        .isEqualTo(node(node(leaf(a), leaf(bb)), leaf(c)));
    // n = 5: k = 4.
    assertThat(BlockHashes.merkleRoot(List.of(a, bb, c, d, e)))
        .isEqualTo(node(node(node(leaf(a), leaf(bb)), node(leaf(c), leaf(d))), leaf(e)));
  }

  @Test
  void dataHashIsOverTransactionHashes() {
    byte[] tx = b("tx");
    assertThat(BlockHashes.data(List.of(tx))).isEqualTo(leaf(Hashes.sha256(tx)));
  }
}
