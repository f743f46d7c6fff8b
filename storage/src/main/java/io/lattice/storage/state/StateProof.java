package io.lattice.storage.state;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A Merkle proof that a key has a given value, or no value, in the state tree at some root.
 *
 * <p>{@code siblings} are the binary sibling hashes from the root (index 0, bit 0 of the key hash)
 * down to the position where the key's path ends. The path ends in an empty subtree ({@code leaf}
 * absent) or in a subtree holding a single leaf ({@code leaf} present): the key's own leaf for a
 * membership proof, another key's leaf for a non-membership proof. Verify with {@link
 * StateProofVerifier}.
 *
 * <p>Encoding (format 1): {@code 0x01}, a flag byte (0 no leaf, 1 leaf), [key hash ‖ value hash],
 * sibling count (u16 big-endian, ≤ 256), a bitmap of ⌈count/8⌉ bytes whose bit {@code i} (MSB
 * first) marks sibling {@code i} as non-empty, then the 32-byte non-empty siblings in order. Empty
 * siblings are the 32 zero bytes and are not written. The encoding is canonical: decoding rejects
 * anything else.
 */
public record StateProof(Optional<Leaf> leaf, List<byte[]> siblings) {
  /** Format byte of {@link #encode()}. */
  public static final int FORMAT = 1;

  /** The leaf where the key's path ends: its key hash and the SHA-256 of its value. */
  public record Leaf(byte[] keyHash, byte[] valueHash) {
    public Leaf {
      requireHash(keyHash, "leaf key hash");
      requireHash(valueHash, "leaf value hash");
      keyHash = keyHash.clone();
      valueHash = valueHash.clone();
    }

    @Override
    public byte[] keyHash() {
      return keyHash.clone();
    }

    @Override
    public byte[] valueHash() {
      return valueHash.clone();
    }
  }

  public StateProof {
    if (siblings.size() > TreeHasher.KEY_BITS) {
      throw new IllegalArgumentException(
          "too many siblings: " + siblings.size() + " > " + TreeHasher.KEY_BITS);
    }
    List<byte[]> copy = new ArrayList<>(siblings.size());
    for (byte[] s : siblings) {
      requireHash(s, "sibling");
      copy.add(s.clone());
    }
    siblings = List.copyOf(copy);
  }

  /** Sibling {@code i} (a copy). */
  public byte[] sibling(int i) {
    return siblings.get(i).clone();
  }

  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4 + 64 + 32 + siblings.size() * 32);
    out.write(FORMAT);
    if (leaf.isPresent()) {
      out.write(1);
      out.writeBytes(leaf.get().keyHash);
      out.writeBytes(leaf.get().valueHash);
    } else {
      out.write(0);
    }
    int n = siblings.size();
    out.write(n >>> 8);
    out.write(n & 0xFF);
    byte[] bitmap = new byte[(n + 7) / 8];
    for (int i = 0; i < n; i++) {
      if (!Arrays.equals(siblings.get(i), TreeHasher.EMPTY)) {
        bitmap[i >>> 3] |= (byte) (0x80 >>> (i & 7));
      }
    }
    out.writeBytes(bitmap);
    for (byte[] s : siblings) {
      if (!Arrays.equals(s, TreeHasher.EMPTY)) {
        out.writeBytes(s);
      }
    }
    return out.toByteArray();
  }

  /**
   * Decodes {@link #encode()}'s output.
   *
   * @throws IllegalArgumentException "malformed state proof: &lt;reason&gt;" for anything that is
   *     not a canonical encoding
   */
  public static StateProof decode(byte[] bytes) {
    int pos = 0;
    if (bytes.length < 4) {
      throw malformed("too short (" + bytes.length + " bytes)");
    }
    int format = bytes[pos++] & 0xFF;
    if (format != FORMAT) {
      throw malformed("unknown format " + format + ", expected " + FORMAT);
    }
    int flag = bytes[pos++] & 0xFF;
    Optional<Leaf> leaf;
    if (flag == 0) {
      leaf = Optional.empty();
    } else if (flag == 1) {
      if (bytes.length < pos + 64 + 2) {
        throw malformed("truncated leaf");
      }
      leaf =
          Optional.of(
              new Leaf(
                  Arrays.copyOfRange(bytes, pos, pos + 32),
                  Arrays.copyOfRange(bytes, pos + 32, pos + 64)));
      pos += 64;
    } else {
      throw malformed("invalid leaf flag " + flag);
    }
    int n = ((bytes[pos] & 0xFF) << 8) | (bytes[pos + 1] & 0xFF);
    pos += 2;
    if (n > TreeHasher.KEY_BITS) {
      throw malformed("too many siblings: " + n + " > " + TreeHasher.KEY_BITS);
    }
    int bitmapLen = (n + 7) / 8;
    if (bytes.length < pos + bitmapLen) {
      throw malformed("truncated sibling bitmap");
    }
    int bitmapStart = pos;
    pos += bitmapLen;
    if (n % 8 != 0 && (bytes[bitmapStart + bitmapLen - 1] & (0xFF >>> (n % 8))) != 0) {
      throw malformed("sibling bitmap has bits set beyond " + n + " siblings");
    }
    List<byte[]> siblings = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean nonEmpty = (bytes[bitmapStart + (i >>> 3)] & (0x80 >>> (i & 7))) != 0;
      if (!nonEmpty) {
        siblings.add(TreeHasher.EMPTY);
        continue;
      }
      if (bytes.length < pos + 32) {
        throw malformed("truncated sibling " + i);
      }
      byte[] s = Arrays.copyOfRange(bytes, pos, pos + 32);
      pos += 32;
      if (Arrays.equals(s, TreeHasher.EMPTY)) {
        throw malformed("sibling " + i + " is the empty hash but marked non-empty");
      }
      siblings.add(s);
    }
    if (pos != bytes.length) {
      throw malformed((bytes.length - pos) + " trailing bytes");
    }
    return new StateProof(leaf, siblings);
  }

  private static IllegalArgumentException malformed(String reason) {
    return new IllegalArgumentException("malformed state proof: " + reason);
  }

  private static void requireHash(byte[] h, String what) {
    if (h == null || h.length != TreeHasher.HASH_LEN) {
      throw new IllegalArgumentException(
          what + " must be " + TreeHasher.HASH_LEN + " bytes, got " + (h == null ? 0 : h.length));
    }
  }
}
