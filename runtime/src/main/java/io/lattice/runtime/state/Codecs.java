package io.lattice.runtime.state;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The value and key codecs modules use. */
public final class Codecs {
  private Codecs() {}

  /** A protobuf message in its canonical (deterministic) encoding. */
  public static <M extends Message> Codec<M> proto(Parser<M> parser) {
    return new Codec<>() {
      @Override
      public byte[] encode(M value) {
        return value.toByteArray();
      }

      @Override
      public M decode(byte[] bytes) {
        try {
          return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException("corrupt state value: " + e.getMessage(), e);
        }
      }
    };
  }

  /** A non-negative integer as its decimal string (readable in proofs and state dumps). */
  public static final Codec<BigInteger> BIG_UINT =
      new Codec<>() {
        @Override
        public byte[] encode(BigInteger value) {
          if (value.signum() < 0) {
            throw new IllegalArgumentException("negative amount " + value);
          }
          return value.toString().getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public BigInteger decode(byte[] bytes) {
          return new BigInteger(new String(bytes, StandardCharsets.US_ASCII));
        }
      };

  /** An unsigned 64-bit integer, 8 bytes big-endian. */
  public static final Codec<Long> UINT64 =
      new Codec<>() {
        @Override
        public byte[] encode(Long value) {
          return ByteBuffer.allocate(8).putLong(value).array();
        }

        @Override
        public Long decode(byte[] bytes) {
          if (bytes.length != 8) {
            throw new IllegalStateException(
                "corrupt uint64 state value of " + bytes.length + " bytes");
          }
          return ByteBuffer.wrap(bytes).getLong();
        }
      };

  /**
   * A string key as one length byte followed by its UTF-8 bytes (at most 255 bytes): prefix-free,
   * so it can start a composite key.
   */
  public static final KeyCodec<String> STRING_KEY =
      new KeyCodec<>() {
        @Override
        public byte[] encode(String key) {
          byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
          if (utf8.length > 255) {
            throw new IllegalArgumentException("key longer than 255 bytes: " + key);
          }
          byte[] out = new byte[utf8.length + 1];
          out[0] = (byte) utf8.length;
          System.arraycopy(utf8, 0, out, 1, utf8.length);
          return out;
        }

        @Override
        public String decode(byte[] bytes) {
          int n = bytes[0] & 0xFF;
          if (bytes.length != n + 1) {
            throw new IllegalStateException("corrupt string key");
          }
          return new String(bytes, 1, n, StandardCharsets.UTF_8);
        }
      };

  /** A pair of strings, each length-prefixed; scans by the first component are prefix scans. */
  public static final KeyCodec<StringPair> STRING_PAIR_KEY =
      new KeyCodec<>() {
        @Override
        public byte[] encode(StringPair key) {
          byte[] a = STRING_KEY.encode(key.first());
          byte[] b = STRING_KEY.encode(key.second());
          byte[] out = new byte[a.length + b.length];
          System.arraycopy(a, 0, out, 0, a.length);
          System.arraycopy(b, 0, out, a.length, b.length);
          return out;
        }

        @Override
        public StringPair decode(byte[] bytes) {
          int n = bytes[0] & 0xFF;
          byte[] a = new byte[n + 1];
          System.arraycopy(bytes, 0, a, 0, n + 1);
          byte[] b = new byte[bytes.length - n - 1];
          System.arraycopy(bytes, n + 1, b, 0, b.length);
          return new StringPair(STRING_KEY.decode(a), STRING_KEY.decode(b));
        }
      };

  /** A two-part key such as (address, denom). */
  public record StringPair(String first, String second) {}
}
