package io.lattice.gov;

import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.KeyCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Key encodings of gov's collections: proposal ids big-endian, so scans run in id order. */
final class GovKeys {
  private GovKeys() {}

  /** A proposal id as 8 big-endian bytes (ids are positive, so byte order is numeric order). */
  static final KeyCodec<Long> ID =
      new KeyCodec<>() {
        @Override
        public byte[] encode(Long id) {
          return ByteBuffer.allocate(8).putLong(id).array();
        }

        @Override
        public Long decode(byte[] bytes) {
          if (bytes.length != 8) {
            throw new IllegalStateException(
                "corrupt proposal id key of " + bytes.length + " bytes");
          }
          return ByteBuffer.wrap(bytes).getLong();
        }
      };

  /** A (proposal id, address) key: a prefix scan by id lists one proposal's deposits or votes. */
  record IdAddress(long id, String address) {}

  static final KeyCodec<IdAddress> ID_ADDRESS =
      new KeyCodec<>() {
        @Override
        public byte[] encode(IdAddress key) {
          byte[] a = ID.encode(key.id());
          byte[] b = Codecs.STRING_KEY.encode(key.address());
          byte[] out = Arrays.copyOf(a, a.length + b.length);
          System.arraycopy(b, 0, out, a.length, b.length);
          return out;
        }

        @Override
        public IdAddress decode(byte[] bytes) {
          if (bytes.length < 9) {
            throw new IllegalStateException("corrupt (id, address) key");
          }
          return new IdAddress(
              ID.decode(Arrays.copyOf(bytes, 8)),
              Codecs.STRING_KEY.decode(Arrays.copyOfRange(bytes, 8, bytes.length)));
        }
      };
}
