package io.lattice.consensus.wal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.proto.consensus.v1.WalRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consensus write-ahead log: an append-only file of records, each {@code length (u32 BE) ‖
 * crc32c(payload) (u32 BE) ‖ payload}, where the payload is a canonical {@link WalRecord}
 * (docs/spec/consensus.md, "Write-ahead log").
 *
 * <p>{@link #open} reads every record; the first record that is cut short, fails its checksum or
 * does not decode ends the valid prefix, and the file is truncated there with a logged warning (a
 * crash during an append leaves such a tail; it is repaired, not fatal). Not thread-safe: the
 * consensus thread owns it.
 */
public final class Wal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Wal.class);

  /** Largest payload accepted: a proposal with its whole block plus envelope. */
  public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

  private static final int HEADER_BYTES = 8;

  private final Path file;
  private final FileChannel channel;
  private final List<WalRecord> records;
  private final long repairedBytes;

  private Wal(Path file, FileChannel channel, List<WalRecord> records, long repairedBytes) {
    this.file = file;
    this.channel = channel;
    this.records = records;
    this.repairedBytes = repairedBytes;
  }

  /**
   * Opens (creating if absent) the log at {@code file}, reads its records and truncates a torn or
   * corrupt tail.
   */
  public static Wal open(Path file) throws IOException {
    FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long size = ch.size();
      List<WalRecord> records = new ArrayList<>();
      long pos = 0;
      String problem = null;
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      while (pos < size) {
        if (size - pos < HEADER_BYTES) {
          problem = "record header cut short";
          break;
        }
        header.clear();
        readFully(ch, header, pos);
        header.flip();
        long length = Integer.toUnsignedLong(header.getInt());
        int crc = header.getInt();
        if (length == 0) {
          problem = "empty record (zero-filled tail)";
          break;
        }
        if (length > MAX_RECORD_BYTES) {
          problem = "record length " + length + " exceeds " + MAX_RECORD_BYTES;
          break;
        }
        if (size - pos - HEADER_BYTES < length) {
          problem = "record of " + length + " bytes cut short";
          break;
        }
        ByteBuffer payload = ByteBuffer.allocate((int) length);
        readFully(ch, payload, pos + HEADER_BYTES);
        byte[] bytes = payload.array();
        if (crc32c(bytes) != crc) {
          problem = "record checksum mismatch";
          break;
        }
        try {
          records.add(WalRecord.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
          problem = "record does not decode: " + e.getMessage();
          break;
        }
        pos += HEADER_BYTES + length;
      }
      long repaired = size - pos;
      if (problem != null) {
        log.warn(
            "consensus WAL {}: {} at offset {}; truncating {} bytes of torn or corrupt tail",
            file,
            problem,
            pos,
            repaired);
        ch.truncate(pos);
        ch.force(true);
      }
      ch.position(pos);
      return new Wal(file, ch, records, repaired);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    long p = pos;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, p);
      if (n < 0) {
        throw new IOException("unexpected end of WAL file");
      }
      p += n;
    }
  }

  static int crc32c(byte[] bytes) {
    CRC32C c = new CRC32C();
    c.update(bytes);
    return (int) c.getValue();
  }

  /** The records found by {@link #open}, in order (appended records are not kept in memory). */
  public List<WalRecord> records() {
    return List.copyOf(records);
  }

  /** Bytes of torn or corrupt tail that {@link #open} removed (0 for a clean log). */
  public long repairedBytes() {
    return repairedBytes;
  }

  public Path file() {
    return file;
  }

  /**
   * Appends {@code record}; with {@code sync} the call returns only after the record is on disk
   * (used before an own vote or proposal is broadcast).
   */
  public void append(WalRecord record, boolean sync) throws IOException {
    byte[] payload = record.toByteArray();
    if (payload.length > MAX_RECORD_BYTES) {
      throw new IOException(
          "WAL record of " + payload.length + " bytes exceeds " + MAX_RECORD_BYTES);
    }
    ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    buf.putInt(payload.length).putInt(crc32c(payload)).put(payload).flip();
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    if (sync) {
      channel.force(false);
    }
  }

  /** Current size of the file in bytes. */
  public long size() throws IOException {
    return channel.size();
  }

  /** Makes every record appended so far durable. */
  public void sync() throws IOException {
    channel.force(false);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
