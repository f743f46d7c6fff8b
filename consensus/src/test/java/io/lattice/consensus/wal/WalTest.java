package io.lattice.consensus.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.proto.consensus.v1.EndHeight;
import io.lattice.proto.consensus.v1.TimeoutRecord;
import io.lattice.proto.consensus.v1.WalRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
  @TempDir Path dir;

  private static WalRecord timeout(int round) {
    return WalRecord.newBuilder()
        .setTimeout(TimeoutRecord.newBuilder().setHeight(7).setRound(round).setStep(2))
        .build();
  }

  private static List<WalRecord> records(int n) {
    List<WalRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(timeout(i));
    }
    out.add(WalRecord.newBuilder().setEndHeight(EndHeight.newBuilder().setHeight(7)).build());
    return out;
  }

  private Path write(String name, List<WalRecord> records) throws IOException {
    Path file = dir.resolve(name);
    try (Wal wal = Wal.open(file)) {
      for (WalRecord r : records) {
        wal.append(r, false);
      }
      wal.sync();
    }
    return file;
  }

  @Test
  void recordsSurviveReopen() throws IOException {
    List<WalRecord> written = records(5);
    Path file = write("a.wal", written);
    try (Wal wal = Wal.open(file)) {
      assertThat(wal.records()).isEqualTo(written);
      assertThat(wal.repairedBytes()).isZero();
      wal.append(timeout(99), true);
    }
    try (Wal wal = Wal.open(file)) {
      assertThat(wal.records()).hasSize(written.size() + 1).endsWith(timeout(99));
    }
  }

  @Test
  void aTornLastRecordIsCutAtEveryByteOffset() throws IOException {
    List<WalRecord> written = records(3);
    Path full = write("full.wal", written);
    byte[] bytes = Files.readAllBytes(full);
    long lastLength = 8 + written.get(written.size() - 1).getSerializedSize();
    int start = (int) (bytes.length - lastLength);
    for (int cut = start; cut < bytes.length; cut++) {
      Path torn = dir.resolve("torn-" + cut + ".wal");
      Files.write(torn, Arrays.copyOf(bytes, cut));
      try (Wal wal = Wal.open(torn)) {
        assertThat(wal.records())
            .as("cut at %d", cut)
            .isEqualTo(written.subList(0, written.size() - 1));
        assertThat(wal.repairedBytes()).isEqualTo(cut - start);
        wal.append(timeout(42), true);
      }
      assertThat(Files.size(torn)).isEqualTo(start + 8 + timeout(42).getSerializedSize());
      try (Wal wal = Wal.open(torn)) {
        assertThat(wal.records()).hasSize(written.size()).endsWith(timeout(42));
      }
    }
  }

  @Test
  void aCorruptRecordEndsTheLogThere() throws IOException {
    List<WalRecord> written = records(3);
    Path file = write("bad.wal", written);
    byte[] bytes = Files.readAllBytes(file);
    int secondPayload = 8 + written.get(0).getSerializedSize() + 8;
    bytes[secondPayload] ^= 0x40; // checksum of record 2 no longer matches
    Files.write(file, bytes);
    try (Wal wal = Wal.open(file)) {
      assertThat(wal.records()).containsExactly(written.get(0));
      assertThat(wal.repairedBytes()).isEqualTo(bytes.length - secondPayload + 8);
    }
  }

  @Test
  void aZeroFilledTailIsCut() throws IOException {
    List<WalRecord> written = records(2);
    Path file = write("zeros.wal", written);
    long size = Files.size(file);
    Files.write(file, new byte[4096], java.nio.file.StandardOpenOption.APPEND);
    try (Wal wal = Wal.open(file)) {
      assertThat(wal.records()).isEqualTo(written);
      assertThat(wal.repairedBytes()).isEqualTo(4096);
    }
    assertThat(Files.size(file)).isEqualTo(size);
  }

  @Test
  void anAbsurdLengthIsCorruption() throws IOException {
    Path file = write("len.wal", records(1));
    byte[] bytes = Files.readAllBytes(file);
    bytes[0] = 0x7f; // length of the first record ~2 GB
    Files.write(file, bytes);
    try (Wal wal = Wal.open(file)) {
      assertThat(wal.records()).isEmpty();
    }
    assertThat(Files.size(file)).isZero();
  }
}
