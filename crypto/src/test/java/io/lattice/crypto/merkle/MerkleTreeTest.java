package io.lattice.crypto.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.common.Hex;
import io.lattice.crypto.CryptoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

  private static List<String[]> vectors() throws IOException {
    try (InputStream in = MerkleTreeTest.class.getResourceAsStream("/merkle-rfc9162.txt")) {
      assertThat(in).as("merkle-rfc9162.txt test resource").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> l.split("\\|", -1))
          .toList();
    }
  }

  private static List<byte[]> hashes(String commaSeparated) {
    if (commaSeparated.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(commaSeparated.split(",")).map(Hex::decode).toList();
  }

  private static String hex(List<byte[]> hashes) {
    return String.join(",", hashes.stream().map(Hex::encode).toList());
  }

  @Test
  void certificateTransparencyEightLeafVectors() throws IOException, CryptoException {
    List<String[]> lines = vectors();
    List<byte[]> leaves = new ArrayList<>();
    byte[][] roots = new byte[9][];
    for (String[] l : lines) {
      if (l[0].equals("leaf")) {
        leaves.add(Hex.decode(l[1]));
      } else if (l[0].equals("root")) {
        roots[Integer.parseInt(l[1])] = Hex.decode(l[2]);
      }
    }
    assertThat(leaves).hasSize(8);
    MerkleTree tree = MerkleTree.ofLeaves(leaves);
    int rootsChecked = 0;
    int inclusionChecked = 0;
    int consistencyChecked = 0;
    for (int n = 0; n <= 8; n++) {
      assertThat(Hex.encode(tree.rootAt(n)))
          .as("root of size %d", n)
          .isEqualTo(Hex.encode(roots[n]));
      assertThat(MerkleTree.ofLeaves(leaves.subList(0, n)).root()).isEqualTo(roots[n]);
      rootsChecked++;
    }
    for (String[] l : lines) {
      if (l[0].equals("inclusion")) {
        int m = Integer.parseInt(l[1]);
        int n = Integer.parseInt(l[2]);
        InclusionProof proof = tree.inclusionProof(m, n);
        assertThat(hex(proof.path())).as("PATH(%d, D[%d])", m, n).isEqualTo(l[3]);
        new InclusionProof(m, n, hashes(l[3])).verify(MerkleTree.leafHash(leaves.get(m)), roots[n]);
        inclusionChecked++;
      } else if (l[0].equals("consistency")) {
        int m = Integer.parseInt(l[1]);
        int n = Integer.parseInt(l[2]);
        ConsistencyProof proof = tree.consistencyProof(m, n);
        assertThat(hex(proof.path())).as("PROOF(%d, D[%d])", m, n).isEqualTo(l[3]);
        new ConsistencyProof(m, n, hashes(l[3])).verify(roots[m], roots[n]);
        consistencyChecked++;
      }
    }
    assertThat(rootsChecked).isEqualTo(9);
    assertThat(inclusionChecked).isEqualTo(36);
    assertThat(consistencyChecked).isEqualTo(28);
  }

  @Test
  void emptyTreeRootIsSha256OfNothing() {
    assertThat(Hex.encode(MerkleTree.ofLeaves(List.of()).root()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  private static MerkleTree randomTree(Random random, int size) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      byte[] leaf = new byte[random.nextInt(40)];
      random.nextBytes(leaf);
      leaves.add(leaf);
    }
    return MerkleTree.ofLeaves(leaves);
  }

  @Test
  void everyInclusionProofVerifiesAndEveryTamperingFails() {
    Random random = new Random(9162);
    int checked = 0;
    for (int size : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65, 100}) {
      MerkleTree tree = randomTree(random, size);
      byte[] root = tree.root();
      for (int i = 0; i < size; i++) {
        InclusionProof proof = tree.inclusionProof(i);
        byte[] leaf = tree.leafHashAt(i);
        assertThat(proof.verifies(leaf, root)).as("leaf %d of %d", i, size).isTrue();
        checked++;
        List<byte[]> path = proof.path();
        for (int j = 0; j < path.size(); j++) {
          List<byte[]> tampered = new ArrayList<>(path);
          byte[] h = tampered.get(j).clone();
          h[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
          tampered.set(j, h);
          assertThat(new InclusionProof(i, size, tampered).verifies(leaf, root)).isFalse();
        }
        assertThat(proof.verifies(flip(leaf), root)).isFalse();
        assertThat(proof.verifies(leaf, flip(root))).isFalse();
        if (size > 1) {
          int other = (i + 1) % size;
          assertThat(new InclusionProof(other, size, path).verifies(leaf, root))
              .as("wrong index")
              .isFalse();
          assertThat(proof.verifies(tree.leafHashAt(other), root)).as("other leaf").isFalse();
        }
        // The proof binds the tree size only through its shape (the signed tree head binds the
        // rest); a size needing more levels must fail.
        assertThat(new InclusionProof(i, 4L * size, path).verifies(leaf, root)).isFalse();
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(root);
        assertThat(new InclusionProof(i, size, longer).verifies(leaf, root)).isFalse();
        if (!path.isEmpty()) {
          assertThat(
                  new InclusionProof(i, size, path.subList(0, path.size() - 1))
                      .verifies(leaf, root))
              .isFalse();
        }
      }
    }
    assertThat(checked)
        .isEqualTo(1 + 2 + 3 + 4 + 5 + 7 + 8 + 9 + 15 + 16 + 17 + 31 + 33 + 64 + 65 + 100);
  }

  @Test
  void everyConsistencyProofVerifiesAndEveryTamperingFails() {
    Random random = new Random(6962);
    MerkleTree tree = randomTree(random, 70);
    int checked = 0;
    for (int n = 0; n <= 70; n++) {
      byte[] newRoot = tree.rootAt(n);
      for (int m = 0; m <= n; m++) {
        byte[] oldRoot = tree.rootAt(m);
        ConsistencyProof proof = tree.consistencyProof(m, n);
        assertThat(proof.verifies(oldRoot, newRoot)).as("PROOF(%d, D[%d])", m, n).isTrue();
        checked++;
        if (m > 0 && m < n) {
          assertThat(proof.verifies(flip(oldRoot), newRoot)).isFalse();
          assertThat(proof.verifies(oldRoot, flip(newRoot))).isFalse();
          List<byte[]> path = proof.path();
          for (int j = 0; j < path.size(); j++) {
            List<byte[]> tampered = new ArrayList<>(path);
            tampered.set(j, flip(tampered.get(j)));
            assertThat(new ConsistencyProof(m, n, tampered).verifies(oldRoot, newRoot)).isFalse();
          }
          assertThat(
                  new ConsistencyProof(m, n, path.subList(1, path.size()))
                      .verifies(oldRoot, newRoot))
              .isFalse();
          List<byte[]> longer = new ArrayList<>(path);
          longer.add(newRoot);
          assertThat(new ConsistencyProof(m, n, longer).verifies(oldRoot, newRoot)).isFalse();
          if (n < 70) {
            assertThat(new ConsistencyProof(m, n + 1, path).verifies(oldRoot, tree.rootAt(n + 1)))
                .isFalse();
          }
          if (m > 1) {
            assertThat(new ConsistencyProof(m - 1, n, path).verifies(tree.rootAt(m - 1), newRoot))
                .isFalse();
          }
        }
      }
    }
    assertThat(checked).isEqualTo(71 * 72 / 2);
  }

  @Test
  void rejectionsNameTheirCause() {
    MerkleTree tree = randomTree(new Random(1), 5);
    InclusionProof proof = tree.inclusionProof(2);
    assertThatThrownBy(
            () -> new InclusionProof(5, 5, proof.path()).verify(tree.leafHashAt(2), tree.root()))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("not below tree size");
    assertThatThrownBy(() -> proof.verify(tree.leafHashAt(2), flip(tree.root())))
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> proof.verify(new byte[31], tree.root()))
        .hasMessageContaining("leaf hash must be 32 bytes, got 31");
    assertThatThrownBy(() ->
            new ConsistencyProof(3, 3, List.of(tree.root())).verify(tree.rootAt(3), tree.rootAt(3)))
        .hasMessageContaining("must be empty");
    assertThatThrownBy(
            () -> new ConsistencyProof(2, 5, List.of()).verify(tree.rootAt(2), tree.root()))
        .hasMessageContaining("path is empty");
    assertThatThrownBy(() -> tree.inclusionProof(5))
        .hasMessageContaining("not in a tree of size 5");
    assertThatThrownBy(() -> tree.consistencyProof(6)).hasMessageContaining("between 0 and");
    assertThatThrownBy(() -> MerkleTree.ofLeafHashes(List.of(new byte[3])))
        .hasMessageContaining("leaf hash 0 must be 32 bytes");
  }

  private static byte[] flip(byte[] h) {
    byte[] c = h.clone();
    c[0] ^= 1;
    return c;
  }
}
