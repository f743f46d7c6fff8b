package io.lattice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.common.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CryptoCommandTest {
  private static final String MSG = "48656c6c6f2c204c617474696365"; // "Hello, Lattice"

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ed25519",
        "secp256k1",
        "ml-dsa-44",
        "ml-dsa-65",
        "falcon-512",
        "slh-dsa-sha2-128f",
        "hybrid"
      })
  void signThenVerifyAcrossAlgorithms(String algo) throws Exception {
    CliRun keygen = CliRun.exec("crypto", "keygen", "--algo", algo, "--output", "json");
    assertThat(keygen.exitCode()).as(keygen.toString()).isZero();
    JsonNode key = CliCommand.JSON.readTree(keygen.out());
    String priv = key.get("privkey").asText();
    String pub = key.get("pubkey").asText();
    assertThat(key.get("address").asText()).startsWith("lat1");

    CliRun sign = CliRun.exec("crypto", "sign", "--algo", algo, "--privkey", priv, "--msg", MSG);
    assertThat(sign.exitCode()).as(sign.toString()).isZero();
    String sig = sign.outLine();
    assertThat(Hex.decode(sig)).isNotEmpty();

    CliRun valid =
        CliRun.exec(
            "crypto", "verify", "--algo", algo, "--pubkey", pub, "--msg", MSG, "--sig", sig);
    assertThat(valid.exitCode()).as(valid.toString()).isZero();
    assertThat(valid.outLine()).isEqualTo("valid");

    String otherMsg = MSG.substring(0, MSG.length() - 2) + "66";
    CliRun invalid =
        CliRun.exec(
            "crypto", "verify", "--algo", algo, "--pubkey", pub, "--msg", otherMsg, "--sig", sig);
    assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(1);
    assertThat(invalid.outLine()).isEqualTo("invalid");

    byte[] tampered = Hex.decode(sig);
    tampered[tampered.length / 2] ^= 0x01;
    CliRun badSig =
        CliRun.exec(
            "crypto",
            "verify",
            "--algo",
            algo,
            "--pubkey",
            pub,
            "--msg",
            MSG,
            "--sig",
            Hex.encode(tampered));
    assertThat(badSig.exitCode()).isEqualTo(1);
  }

  /** RFC 8032 section 7.1, TEST 1 (empty message). */
  @Test
  void ed25519MatchesRfc8032Vector() {
    String secret = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    String pub = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    String expected =
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
    CliRun sign =
        CliRun.exec("crypto", "sign", "--algo", "ed25519", "--privkey", secret, "--msg", "");
    assertThat(sign.exitCode()).as(sign.toString()).isZero();
    assertThat(sign.outLine()).isEqualTo(expected);
    CliRun verify =
        CliRun.exec(
            "crypto",
            "verify",
            "--algo",
            "ed25519",
            "--pubkey",
            pub,
            "--msg",
            "",
            "--sig",
            expected);
    assertThat(verify.exitCode()).isZero();
  }

  @Test
  void malformedInputExitsTwoWithReasonOnStderr() {
    String pub = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    String sig = "00".repeat(64);

    CliRun badHex =
        CliRun.exec(
            "crypto", "verify", "--algo", "ed25519", "--pubkey", "zz", "--msg", "", "--sig", sig);
    assertThat(badHex.exitCode()).isEqualTo(2);
    assertThat(badHex.err()).contains("--pubkey").contains("invalid hex");
    assertThat(badHex.out()).isEmpty();

    CliRun shortKey =
        CliRun.exec(
            "crypto", "verify", "--algo", "ed25519", "--pubkey", "abcd", "--msg", "", "--sig", sig);
    assertThat(shortKey.exitCode()).isEqualTo(2);
    assertThat(shortKey.err()).contains("--pubkey").contains("32");

    CliRun unknown =
        CliRun.exec(
            "crypto", "verify", "--algo", "rsa", "--pubkey", pub, "--msg", "", "--sig", sig);
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown key algorithm 'rsa'");

    CliRun badMsg =
        CliRun.exec(
            "crypto", "sign", "--algo", "ed25519", "--privkey", "00".repeat(32), "--msg", "abc");
    assertThat(badMsg.exitCode()).isEqualTo(2);
    assertThat(badMsg.err()).contains("--msg").contains("odd length");

    CliRun badPriv =
        CliRun.exec("crypto", "sign", "--algo", "secp256k1", "--privkey", "00", "--msg", "");
    assertThat(badPriv.exitCode()).isEqualTo(2);
    assertThat(badPriv.err()).contains("--privkey");

    CliRun missing = CliRun.exec("crypto", "verify", "--algo", "ed25519");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required option");

    for (CliRun r : new CliRun[] {badHex, shortKey, unknown, badMsg, badPriv}) {
      assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(r.err().strip().lines().count()).isEqualTo(1);
    }
  }
}
