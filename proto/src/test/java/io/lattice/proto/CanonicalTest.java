package io.lattice.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.common.Hex;
import io.lattice.proto.tx.v1.AuthInfo;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.tx.v1.Fee;
import io.lattice.proto.tx.v1.TxBody;
import org.junit.jupiter.api.Test;

class CanonicalTest {
  private static byte[] hex(String s) {
    return Hex.decode(s.replace(" ", ""));
  }

  @Test
  void acceptsCanonicalBytes() throws DecodeException {
    Coin coin = Canonical.decode(Coin.parser(), hex("0a 01 75 12 01 35"), 100, "coin");
    assertThat(coin.getDenom()).isEqualTo("u");
    assertThat(coin.getAmount()).isEqualTo("5");
  }

  @Test
  void acceptsEmptyMessage() throws DecodeException {
    assertThat(Canonical.decode(Fee.parser(), new byte[0], 10, "fee"))
        .isEqualTo(Fee.getDefaultInstance());
  }

  @Test
  void rejectsOversizeInputBeforeParsing() {
    byte[] big = new byte[70000];
    assertThatThrownBy(() -> Canonical.decode(Coin.parser(), big, 65536, "tx"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("tx too large: 70000 bytes > limit 65536");
  }

  @Test
  void acceptsInputExactlyAtTheLimit() throws DecodeException {
    assertThat(Canonical.decode(Coin.parser(), hex("0a 01 75 12 01 35"), 6, "coin").getDenom())
        .isEqualTo("u");
  }

  @Test
  void rejectsTruncatedBytes() {
    assertThatThrownBy(() -> Canonical.decode(Coin.parser(), hex("0a 05 75"), 100, "coin"))
        .isInstanceOf(DecodeException.class)
        .hasMessageStartingWith("coin malformed: ");
  }

  @Test
  void rejectsInvalidWireType() {
    // field 1 with wire type 7 (does not exist)
    assertThatThrownBy(() -> Canonical.decode(Coin.parser(), hex("0f 01"), 100, "coin"))
        .hasMessageStartingWith("coin malformed: ");
  }

  @Test
  void rejectsInvalidUtf8InString() {
    assertThatThrownBy(() -> Canonical.decode(Coin.parser(), hex("0a 01 ff"), 100, "coin"))
        .hasMessageStartingWith("coin malformed: ");
  }

  @Test
  void rejectsUnknownTopLevelField() {
    // Coin{denom:"u"} followed by field 3 varint 1
    assertThatThrownBy(() -> Canonical.decode(Coin.parser(), hex("0a 01 75 18 01"), 100, "coin"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("coin has unknown field number 3 in Coin");
  }

  @Test
  void rejectsUnknownFieldInRepeatedNestedMessage() {
    // TxBody.messages[0] = Any{type_url:"x", field 7 varint 1}
    assertThatThrownBy(
            () -> Canonical.decode(TxBody.parser(), hex("0a 05 0a 01 78 38 01"), 100, "tx body"))
        .hasMessage("tx body has unknown field number 7 in TxBody.messages[0]");
  }

  @Test
  void rejectsUnknownFieldInSingularNestedMessage() {
    // AuthInfo.fee = Fee{field 7 varint 1}
    assertThatThrownBy(() -> Canonical.decode(AuthInfo.parser(), hex("12 02 38 01"), 100, "auth"))
        .hasMessage("auth has unknown field number 7 in AuthInfo.fee");
  }

  @Test
  void rejectsFieldsOutOfOrder() {
    assertThatThrownBy(() -> Canonical.decode(Coin.parser(), hex("12 01 35 0a 01 75"), 100, "coin"))
        .hasMessage("coin: non-canonical encoding");
  }

  @Test
  void rejectsExplicitDefaultValue() {
    // Fee.gas_limit = 0 written explicitly
    assertThatThrownBy(() -> Canonical.decode(Fee.parser(), hex("10 00"), 100, "fee"))
        .hasMessage("fee: non-canonical encoding");
  }

  @Test
  void rejectsNonMinimalVarint() {
    // Fee.gas_limit = 1 encoded in two bytes
    assertThatThrownBy(() -> Canonical.decode(Fee.parser(), hex("10 81 00"), 100, "fee"))
        .hasMessage("fee: non-canonical encoding");
  }

  @Test
  void rejectsRepeatedSingularField() {
    // denom written twice: protobuf keeps the last, re-encoding differs
    assertThatThrownBy(() -> Canonical.decode(Coin.parser(), hex("0a 01 75 0a 01 76"), 100, "coin"))
        .hasMessage("coin: non-canonical encoding");
  }
}
