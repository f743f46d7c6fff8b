package io.lattice.bench.peer.hardhat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArgsTest {

  @Test
  void defaultsMatchTheLatticeSide() {
    HardhatBench.Args a = HardhatBench.Args.parse();

    assertThat(a.accounts()).isEqualTo(2000);
    assertThat(a.lanes()).isEqualTo(32);
    assertThat(a.seconds()).isEqualTo(30);
    assertThat(a.txs()).isZero();
    assertThat(a.rate()).isZero();
    assertThat(a.offeredRate()).isEqualTo("max");
    assertThat(a.push()).isTrue();
    assertThat(a.json()).isEmpty();
    assertThat(a.transfersToSign()).isEqualTo(30 * 2000);
  }

  @Test
  void readsEveryOption() {
    HardhatBench.Args a =
        HardhatBench.Args.parse(
            "--accounts",
            "200",
            "--txs",
            "5000",
            "--rate",
            "250",
            "--lanes",
            "8",
            "--warmup",
            "0",
            "--json",
            "/tmp/h.json",
            "--watch",
            "poll",
            "--poll-ms",
            "2",
            "--hardhat-logging",
            "--hardhat-dir",
            "/x/hardhat");

    assertThat(a.accounts()).isEqualTo(200);
    assertThat(a.transfersToSign()).isEqualTo(5000);
    assertThat(a.seconds()).isZero();
    assertThat(a.rate()).isEqualTo(250.0);
    assertThat(a.lanes()).isEqualTo(8);
    assertThat(a.warmup()).isZero();
    assertThat(a.json()).contains(Path.of("/tmp/h.json"));
    assertThat(a.push()).isFalse();
    assertThat(a.pollMillis()).isEqualTo(2);
    assertThat(a.hardhatLogging()).isTrue();
    assertThat(a.hardhatDir()).isEqualTo(Path.of("/x/hardhat"));
    assertThat(HardhatBench.conditions(a, "HardhatNetwork/2.28.6"))
        .contains("200 funded senders", "8 lanes", "per-call logging on", "polling");
  }

  @Test
  void withARateTheSecondsBoundHowManyAreSigned() {
    assertThat(HardhatBench.Args.parse("--rate", "100", "--seconds", "20").transfersToSign())
        .isEqualTo(2000);
  }

  @Test
  void badOptionsAreRefusedByName() {
    assertThatThrownBy(() -> HardhatBench.Args.parse("--txs", "10", "--seconds", "5"))
        .hasMessage("give --txs or --seconds, not both");
    assertThatThrownBy(() -> HardhatBench.Args.parse("--rate", "fast"))
        .hasMessage("--rate must be a number or max, got fast");
    assertThatThrownBy(() -> HardhatBench.Args.parse("--rate", "-5"))
        .hasMessage("--rate must be positive, got -5");
    assertThatThrownBy(() -> HardhatBench.Args.parse("--accounts", "0"))
        .hasMessage("--accounts must be at least 1, got 0");
    assertThatThrownBy(() -> HardhatBench.Args.parse("--lanes", "many"))
        .hasMessage("--lanes must be an integer, got many");
    assertThatThrownBy(() -> HardhatBench.Args.parse("--watch", "sometimes"))
        .hasMessage("--watch must be push or poll, got sometimes");
    assertThatThrownBy(() -> HardhatBench.Args.parse("--accout", "5"))
        .hasMessage("unknown option --accout");
    assertThatThrownBy(() -> HardhatBench.Args.parse("--json")).hasMessage("--json needs a value");
  }

  @Test
  void refusalReasonsAreCountedWithoutTheirNumbers() {
    assertThat(
            JsonRpc.reason(
                "Nonce too high. Expected nonce to be 3 but got 41. Note that transactions can't be"
                    + " queued when automining."))
        .isEqualTo(
            "Nonce too high. Expected nonce to be N but got N. Note that transactions can't be"
                + " queued when automining.");
    assertThat(JsonRpc.reason("known transaction: 0xabc123")).isEqualTo("known transaction: 0x…");
  }
}
