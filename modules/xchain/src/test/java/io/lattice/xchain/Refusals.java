package io.lattice.xchain;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.lattice.proto.types.v1.TxResult;
import java.util.Map;

/** Asserts that a message is refused with a code and reason and changes no xchain state. */
final class Refusals {
  private Refusals() {}

  static TxResult refused(SimChain chain, int account, Message msg, int code, String reason) {
    Map<String, String> before = Relay.snapshot(chain, "xchain/", "identity/");
    TxResult r = chain.deliver(account, msg);
    assertThat(r.getCodespace() + "/" + r.getCode())
        .as(Relay.describe(r))
        .isEqualTo(XchainCodes.CODESPACE + "/" + code);
    assertThat(r.getLog()).contains(reason);
    assertThat(Relay.snapshot(chain, "xchain/", "identity/"))
        .as("state after refusal: %s", r.getLog())
        .isEqualTo(before);
    return r;
  }

  static TxResult ok(SimChain chain, int account, Message msg) {
    TxResult r = chain.deliver(account, msg);
    assertThat(r.getCode()).as(Relay.describe(r)).isZero();
    return r;
  }
}
