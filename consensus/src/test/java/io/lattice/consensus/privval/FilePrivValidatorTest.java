package io.lattice.consensus.privval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.lattice.consensus.block.Votes;
import io.lattice.consensus.tendermint.SignBytes;
import io.lattice.crypto.Hashes;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.consensus.v1.PartSetHeader;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.CanonicalVote;
import io.lattice.proto.types.v1.Timestamp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePrivValidatorTest {
  static final String CHAIN = "lattice-test";

  @TempDir Path dir;

  static PrivateKeySigner key(int seed) throws Exception {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) seed);
    return KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, s);
  }

  static BlockId block(long n) {
    return BlockId.newBuilder()
        .setHash(
            ByteString.copyFrom(Hashes.sha256(Long.toString(n).getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  static Timestamp time(long seconds) {
    return Timestamp.newBuilder().setSeconds(seconds).build();
  }

  private FilePrivValidator open() throws Exception {
    return FilePrivValidator.open(key(1), dir.resolve("data/priv_validator_state.json"));
  }

  @Test
  void freshValidatorCreatesItsStateFile() throws Exception {
    FilePrivValidator pv = open();
    assertThat(pv.lastSignState()).isEqualTo(LastSignState.INITIAL);
    assertThat(Files.readString(pv.stateFile())).contains("\"height\": 0");
  }

  @Test
  void signsAndPersistsBeforeReturning() throws Exception {
    FilePrivValidator pv = open();
    SignedVote v = pv.signVote(CHAIN, Votes.PRECOMMIT, 10, 0, block(1), time(5));
    byte[] bytes = Votes.signBytes(CHAIN, Votes.PRECOMMIT, 10, 0, block(1), time(5));
    assertThat(pv.publicKey().verify(bytes, v.signature())).isTrue();
    assertThat(v.timestamp()).isEqualTo(time(5));
    LastSignState onDisk = LastSignState.fromJson(Files.readAllBytes(pv.stateFile()));
    assertThat(onDisk)
        .isEqualTo(new LastSignState(10, 0, SignStep.PRECOMMIT, bytes, v.signature()));
  }

  @Test
  void heightRegressionIsRefused() throws Exception {
    FilePrivValidator pv = open();
    pv.signVote(CHAIN, Votes.PRECOMMIT, 10, 0, block(1), time(5));
    LastSignState before = pv.lastSignState();
    assertThatThrownBy(() -> pv.signVote(CHAIN, Votes.PREVOTE, 9, 3, block(2), time(5)))
        .isInstanceOf(SignRefusedException.class)
        .hasMessage("height regression: last signed 10/0/precommit, asked 9/3/prevote")
        .satisfies(e ->
            assertThat(((SignRefusedException) e).reason())
                .isEqualTo(SignRefusedException.Reason.REGRESSION));
    assertThat(pv.lastSignState()).isEqualTo(before);
    assertThat(LastSignState.fromJson(Files.readAllBytes(pv.stateFile()))).isEqualTo(before);
  }

  @Test
  void roundAndStepRegressionsAreRefused() throws Exception {
    FilePrivValidator pv = open();
    pv.signVote(CHAIN, Votes.PRECOMMIT, 10, 2, block(1), time(5));
    assertThatThrownBy(() -> pv.signVote(CHAIN, Votes.PRECOMMIT, 10, 1, block(1), time(5)))
        .hasMessage("round regression: last signed 10/2/precommit, asked 10/1/precommit");
    assertThatThrownBy(() -> pv.signVote(CHAIN, Votes.PREVOTE, 10, 2, block(1), time(5)))
        .hasMessage("step regression: last signed 10/2/precommit, asked 10/2/prevote");
    assertThatThrownBy(
            () -> pv.sign(10, 2, SignStep.PROPOSAL, new byte[] {1}, SignBytesFormat.EXACT))
        .hasMessage("step regression: last signed 10/2/precommit, asked 10/2/proposal");
    // a higher round at the same height is fine, even at an earlier step
    pv.signVote(CHAIN, Votes.PREVOTE, 10, 3, block(1), time(5));
  }

  @Test
  void conflictingDataAtTheSamePositionIsRefused() throws Exception {
    FilePrivValidator pv = open();
    pv.signVote(CHAIN, Votes.PREVOTE, 10, 0, block(1), time(5));
    assertThatThrownBy(() -> pv.signVote(CHAIN, Votes.PREVOTE, 10, 0, block(2), time(5)))
        .isInstanceOf(SignRefusedException.class)
        .hasMessage("conflicting data at 10/0/prevote: refusing to double-sign")
        .satisfies(e ->
            assertThat(((SignRefusedException) e).reason())
                .isEqualTo(SignRefusedException.Reason.CONFLICTING_DATA));
    // nil is a different block id too
    assertThatThrownBy(
            () -> pv.signVote(CHAIN, Votes.PREVOTE, 10, 0, BlockId.getDefaultInstance(), time(5)))
        .hasMessageContaining("refusing to double-sign");
    // another chain id is other data
    assertThatThrownBy(() -> pv.signVote("other", Votes.PREVOTE, 10, 0, block(1), time(5)))
        .hasMessageContaining("refusing to double-sign");
  }

  @Test
  void identicalRequestReturnsTheStoredSignature() throws Exception {
    FilePrivValidator pv = open();
    SignedVote first = pv.signVote(CHAIN, Votes.PREVOTE, 10, 0, block(1), time(5));
    SignedVote again = pv.signVote(CHAIN, Votes.PREVOTE, 10, 0, block(1), time(5));
    assertThat(again.signature()).isEqualTo(first.signature());
  }

  @Test
  void requestDifferingOnlyInTimestampGetsTheStoredSignatureAndTimestamp() throws Exception {
    FilePrivValidator pv = open();
    SignedVote first = pv.signVote(CHAIN, Votes.PRECOMMIT, 10, 0, block(1), time(5));
    SignedVote later = pv.signVote(CHAIN, Votes.PRECOMMIT, 10, 0, block(1), time(9));
    assertThat(later.signature()).isEqualTo(first.signature());
    assertThat(later.timestamp()).isEqualTo(time(5));
    assertThat(
            pv.publicKey()
                .verify(
                    Votes.signBytes(CHAIN, Votes.PRECOMMIT, 10, 0, block(1), later.timestamp()),
                    later.signature()))
        .isTrue();
  }

  @Test
  void stateSurvivesARestart() throws Exception {
    FilePrivValidator pv = open();
    SignedVote signed = pv.signVote(CHAIN, Votes.PRECOMMIT, 7, 1, block(3), time(5));
    FilePrivValidator restarted = open();
    assertThat(restarted.lastSignState()).isEqualTo(pv.lastSignState());
    assertThat(restarted.signVote(CHAIN, Votes.PRECOMMIT, 7, 1, block(3), time(5)).signature())
        .isEqualTo(signed.signature());
    assertThatThrownBy(() -> restarted.signVote(CHAIN, Votes.PRECOMMIT, 7, 1, block(4), time(5)))
        .hasMessage("conflicting data at 7/1/precommit: refusing to double-sign");
    assertThatThrownBy(() -> restarted.signVote(CHAIN, Votes.PREVOTE, 7, 1, block(3), time(5)))
        .hasMessageStartingWith("step regression");
  }

  @Test
  void corruptStateFileIsNeverReset() throws Exception {
    Path file = dir.resolve("data/priv_validator_state.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"height\": 5, \"round\": 0, \"step\": 2, \"sign_bytes\": \"zz\"");
    assertThatThrownBy(() -> FilePrivValidator.open(key(1), file))
        .hasMessageContaining("is corrupt")
        .hasMessageContaining("unexpected end");
    Files.writeString(
        file,
        "{\"height\": 5, \"round\": 0, \"step\": 2, \"sign_bytes\": \"zz\", \"signature\": \"00\"}");
    assertThatThrownBy(() -> FilePrivValidator.open(key(1), file))
        .hasMessageContaining("field 'sign_bytes' is not hex");
    assertThat(Files.readString(file)).contains("\"zz\"");
  }

  @Test
  void malformedRequestsAreRefused() throws Exception {
    FilePrivValidator pv = open();
    assertThatThrownBy(() -> pv.signVote(CHAIN, 7, 1, 0, block(1), time(1)))
        .hasMessage("vote type 7 is neither prevote (1) nor precommit (2)");
    assertThatThrownBy(() -> pv.signVote("", Votes.PREVOTE, 1, 0, block(1), time(1)))
        .hasMessage("chain id is empty");
    assertThatThrownBy(() -> pv.signVote(CHAIN, Votes.PREVOTE, 0, 0, block(1), time(1)))
        .hasMessage("cannot sign at 0/0/prevote");
    assertThatThrownBy(() -> pv.signCanonical(new byte[] {(byte) 0xff}))
        .hasMessageStartingWith("sign bytes are not a canonical vote");
    assertThat(pv.lastSignState()).isEqualTo(LastSignState.INITIAL);
  }

  @Test
  void signCanonicalReadsThePositionFromTheBytes() throws Exception {
    FilePrivValidator pv = open();
    byte[] bytes = Votes.signBytes(CHAIN, Votes.PRECOMMIT, 4, 2, block(1), time(1));
    Signature s = pv.signCanonical(bytes);
    assertThat(pv.lastSignState().position()).isEqualTo("4/2/precommit");
    assertThat(pv.publicKey().verify(bytes, s.signature())).isTrue();
    byte[] conflicting =
        CanonicalVote.parseFrom(bytes).toBuilder().setBlockId(block(2)).build().toByteArray();
    assertThatThrownBy(() -> pv.signCanonical(conflicting))
        .hasMessage("conflicting data at 4/2/precommit: refusing to double-sign");
  }

  @Test
  void proposalIsTheFirstStepOfARound() throws Exception {
    FilePrivValidator pv = open();
    Signature p = pv.signProposal(CHAIN, 3, 1, block(1), parts(1), time(1));
    assertThat(
            pv.publicKey()
                .verify(
                    SignBytes.proposal(CHAIN, 3, 1, block(1), parts(1), time(1)), p.signature()))
        .isTrue();
    assertThat(pv.signProposal(CHAIN, 3, 1, block(1), parts(1), time(1)).signature())
        .isEqualTo(p.signature());
    assertThatThrownBy(() -> pv.signProposal(CHAIN, 3, 1, block(2), parts(1), time(1)))
        .hasMessage("conflicting data at 3/1/proposal: refusing to double-sign");
    // the same block with another part set is another proposal
    assertThatThrownBy(() -> pv.signProposal(CHAIN, 3, 1, block(1), parts(2), time(1)))
        .hasMessage("conflicting data at 3/1/proposal: refusing to double-sign");
    pv.signVote(CHAIN, Votes.PREVOTE, 3, 1, block(1), time(1));
    assertThatThrownBy(() -> pv.signProposal(CHAIN, 3, 1, block(1), parts(1), time(1)))
        .hasMessage("step regression: last signed 3/1/prevote, asked 3/1/proposal");
    byte[] proposalBytes = Votes.signBytes(CHAIN, SignStep.PROPOSAL_TYPE, 4, 0, block(1), time(1));
    pv.signCanonical(proposalBytes);
    assertThat(pv.lastSignState().position()).isEqualTo("4/0/proposal");
  }

  private static PartSetHeader parts(int n) {
    return PartSetHeader.newBuilder()
        .setTotal(n)
        .setHash(ByteString.copyFrom(Hashes.sha256(new byte[] {(byte) n})))
        .build();
  }

  @Test
  void hybridKeySignaturesVerify() throws Exception {
    PrivateKeySigner hybrid = KeyPairs.generate(KeyAlgorithm.HYBRID, new SecureRandom());
    FilePrivValidator pv = FilePrivValidator.open(hybrid, dir.resolve("hybrid.json"));
    SignedVote v = pv.signVote(CHAIN, Votes.PREVOTE, 1, 0, block(1), time(1));
    assertThat(
            pv.publicKey()
                .verify(
                    Votes.signBytes(CHAIN, Votes.PREVOTE, 1, 0, block(1), time(1)), v.signature()))
        .isTrue();
    assertThat(pv.publicKey().algorithm()).isEqualTo(KeyAlgorithm.HYBRID);
    assertThat(pv.address()).hasSize(20);
  }

  @Test
  void failedStateWriteWithholdsTheSignatureAndStopsTheSigner() throws Exception {
    Path data = dir.resolve("data");
    FilePrivValidator pv = open();
    pv.signVote(CHAIN, Votes.PREVOTE, 1, 0, block(1), time(1));
    // the directory disappears and a file takes its name: no state can be written any more
    try (var files = Files.list(data)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(data);
    Files.writeString(data, "not a directory");
    assertThatThrownBy(() -> pv.signVote(CHAIN, Votes.PRECOMMIT, 1, 0, block(1), time(1)))
        .hasMessageStartingWith("cannot persist the signed state")
        .satisfies(e ->
            assertThat(((SignRefusedException) e).reason())
                .isEqualTo(SignRefusedException.Reason.STATE_NOT_DURABLE));
    assertThat(pv.lastSignState().position()).isEqualTo("1/0/prevote");
    assertThatThrownBy(() -> pv.signVote(CHAIN, Votes.PREVOTE, 2, 0, block(1), time(1)))
        .hasMessageStartingWith("an earlier state write failed");
  }

  @Test
  void concurrentRequestsNeverYieldTwoSignaturesForOnePosition() throws Exception {
    FilePrivValidator pv = open();
    Map<String, byte[]> released = new ConcurrentHashMap<>();
    List<String> conflicts = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(
            pool.submit(() -> {
              for (long h = 1; h <= 15; h++) {
                // threads 0 and 1 vote for block 1, threads 2 and 3 for block 2
                BlockId b = block(h * 100 + thread / 2);
                try {
                  SignedVote v = pv.signVote(CHAIN, Votes.PREVOTE, h, 0, b, time(h));
                  byte[] previous = released.putIfAbsent(h + "/" + b, v.signature());
                  if (previous != null && !Arrays.equals(previous, v.signature())) {
                    synchronized (conflicts) {
                      conflicts.add(h + ": two signatures for one block");
                    }
                  }
                } catch (SignRefusedException refused) {
                  // another thread signed this height first, or a higher one
                }
              }
              return null;
            }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(conflicts).isEmpty();
    // at most one block signed per height
    for (long h = 1; h <= 15; h++) {
      long finalH = h;
      assertThat(released.keySet().stream().filter(k -> k.startsWith(finalH + "/")).count())
          .isLessThanOrEqualTo(1);
    }
  }

  @Test
  void stateJsonRoundTripsAndRejectsUnknownFields() {
    LastSignState s =
        new LastSignState(12, 3, SignStep.PROPOSAL, new byte[] {1, 2}, new byte[] {3});
    assertThat(LastSignState.fromJson(s.toJson())).isEqualTo(s);
    assertThatThrownBy(() ->
            LastSignState.fromJson(
                "{\"height\": 1, \"round\": 0, \"step\": 2, \"sign_bytes\": \"\", \"signature\": \"01\", \"x\": 1}"
                    .getBytes(StandardCharsets.UTF_8)))
        .hasMessage("unknown field 'x'");
    assertThatThrownBy(() ->
            LastSignState.fromJson(
                "{\"height\": 1, \"round\": 0, \"step\": 2, \"sign_bytes\": \"\", \"signature\": \"\"}"
                    .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("a signature is stored exactly when something was signed");
  }
}
