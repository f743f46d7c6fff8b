package io.lattice.channels;

import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.KeyCodec;
import java.nio.ByteBuffer;

/**
 * Key of a post: its channel (length-prefixed, so posts of one channel are a prefix scan) then its
 * id as 8 bytes big-endian (ids are positive, so scans are in id order).
 */
record PostKey(String channel, long id) {
  static final KeyCodec<PostKey> CODEC =
      new KeyCodec<>() {
        @Override
        public byte[] encode(PostKey key) {
          byte[] c = Codecs.STRING_KEY.encode(key.channel());
          return ByteBuffer.allocate(c.length + 8).put(c).putLong(key.id()).array();
        }

        @Override
        public PostKey decode(byte[] bytes) {
          int n = bytes[0] & 0xFF;
          if (bytes.length != n + 1 + 8) {
            throw new IllegalStateException("corrupt post key");
          }
          byte[] c = new byte[n + 1];
          System.arraycopy(bytes, 0, c, 0, c.length);
          return new PostKey(
              Codecs.STRING_KEY.decode(c), ByteBuffer.wrap(bytes, n + 1, 8).getLong());
        }
      };

  /** Encoded prefix of every post key of {@code channel}. */
  static byte[] channelPrefix(String channel) {
    return Codecs.STRING_KEY.encode(channel);
  }
}
