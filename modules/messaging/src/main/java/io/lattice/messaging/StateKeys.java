package io.lattice.messaging;

import io.lattice.runtime.state.Codec;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.KeyCodec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The composite keys of the messaging collections. Strings are length-prefixed (one byte) UTF-8,
 * integers 8 bytes big-endian, so every key is prefix-free and scans ascend by the components in
 * order: a conversation's envelopes by sequence, an inbox by height, the expiry queue by time.
 */
final class StateKeys {
  private StateKeys() {}

  /** The conversation of two addresses: the unordered pair, {@code a < b}. */
  record Conversation(String a, String b) {
    Conversation {
      if (a.compareTo(b) >= 0) {
        throw new IllegalArgumentException("conversation needs a < b: " + a + ", " + b);
      }
    }

    static Conversation of(String x, String y) {
      return x.compareTo(y) < 0 ? new Conversation(x, y) : new Conversation(y, x);
    }
  }

  /** An envelope's key: its conversation and sequence. */
  record EnvelopeKey(String a, String b, long sequence) {}

  /** An inbox entry: recipient, height, sender, sequence. */
  record InboxKey(String recipient, long height, String sender, long sequence) {}

  /** An expiry-queue entry: expiry (unix seconds), conversation, sequence. */
  record ExpiryKey(long expiresAt, String a, String b, long sequence) {}

  /** A rate-limit counter: height, sender. */
  record RateKey(long height, String sender) {}

  static final KeyCodec<Conversation> CONVERSATION =
      new KeyCodec<>() {
        @Override
        public byte[] encode(Conversation k) {
          return new Writer().str(k.a()).str(k.b()).bytes();
        }

        @Override
        public Conversation decode(byte[] bytes) {
          Reader r = new Reader(bytes);
          Conversation c = new Conversation(r.str(), r.str());
          r.end();
          return c;
        }
      };

  static final KeyCodec<EnvelopeKey> ENVELOPE =
      new KeyCodec<>() {
        @Override
        public byte[] encode(EnvelopeKey k) {
          return new Writer().str(k.a()).str(k.b()).u64(k.sequence()).bytes();
        }

        @Override
        public EnvelopeKey decode(byte[] bytes) {
          Reader r = new Reader(bytes);
          EnvelopeKey k = new EnvelopeKey(r.str(), r.str(), r.u64());
          r.end();
          return k;
        }
      };

  static final KeyCodec<InboxKey> INBOX =
      new KeyCodec<>() {
        @Override
        public byte[] encode(InboxKey k) {
          return new Writer()
              .str(k.recipient())
              .u64(k.height())
              .str(k.sender())
              .u64(k.sequence())
              .bytes();
        }

        @Override
        public InboxKey decode(byte[] bytes) {
          Reader r = new Reader(bytes);
          InboxKey k = new InboxKey(r.str(), r.u64(), r.str(), r.u64());
          r.end();
          return k;
        }
      };

  static final KeyCodec<ExpiryKey> EXPIRY =
      new KeyCodec<>() {
        @Override
        public byte[] encode(ExpiryKey k) {
          return new Writer().u64(k.expiresAt()).str(k.a()).str(k.b()).u64(k.sequence()).bytes();
        }

        @Override
        public ExpiryKey decode(byte[] bytes) {
          Reader r = new Reader(bytes);
          ExpiryKey k = new ExpiryKey(r.u64(), r.str(), r.str(), r.u64());
          r.end();
          return k;
        }
      };

  static final KeyCodec<RateKey> RATE =
      new KeyCodec<>() {
        @Override
        public byte[] encode(RateKey k) {
          return new Writer().u64(k.height()).str(k.sender()).bytes();
        }

        @Override
        public RateKey decode(byte[] bytes) {
          Reader r = new Reader(bytes);
          RateKey k = new RateKey(r.u64(), r.str());
          r.end();
          return k;
        }
      };

  /** The value of index entries whose key says everything: one byte, 0x01. */
  static final Codec<Boolean> PRESENT =
      new Codec<>() {
        @Override
        public byte[] encode(Boolean value) {
          return new byte[] {1};
        }

        @Override
        public Boolean decode(byte[] bytes) {
          if (bytes.length != 1 || bytes[0] != 1) {
            throw new IllegalStateException("corrupt index entry");
          }
          return Boolean.TRUE;
        }
      };

  /** The encoded key prefix of one string component (an address). */
  static byte[] prefix(String s) {
    return new Writer().str(s).bytes();
  }

  /** The encoded key prefix of one integer component (a height or an expiry second). */
  static byte[] prefix(long v) {
    return new Writer().u64(v).bytes();
  }

  /** The encoded key prefix of a conversation. */
  static byte[] prefix(Conversation c) {
    return CONVERSATION.encode(c);
  }

  private static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer str(String s) {
      byte[] b = Codecs.STRING_KEY.encode(s);
      out.write(b, 0, b.length);
      return this;
    }

    Writer u64(long v) {
      if (v < 0) {
        throw new IllegalArgumentException("negative key component " + v);
      }
      out.write(ByteBuffer.allocate(8).putLong(v).array(), 0, 8);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  private static final class Reader {
    private final byte[] b;
    private int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    String str() {
      if (pos >= b.length) {
        throw new IllegalStateException("corrupt key: truncated string");
      }
      int n = b[pos] & 0xFF;
      if (pos + 1 + n > b.length) {
        throw new IllegalStateException("corrupt key: truncated string");
      }
      String s = new String(b, pos + 1, n, StandardCharsets.UTF_8);
      pos += 1 + n;
      return s;
    }

    long u64() {
      if (pos + 8 > b.length) {
        throw new IllegalStateException("corrupt key: truncated integer");
      }
      long v = ByteBuffer.wrap(b, pos, 8).getLong();
      pos += 8;
      return v;
    }

    void end() {
      if (pos != b.length) {
        throw new IllegalStateException("corrupt key: " + (b.length - pos) + " trailing bytes");
      }
    }
  }
}
