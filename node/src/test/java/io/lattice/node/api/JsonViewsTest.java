package io.lattice.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.gov.v1.MsgSubmitProposal;
import io.lattice.proto.gov.v1.MsgVote;
import io.lattice.proto.gov.v1.ParamChange;
import io.lattice.proto.gov.v1.VoteOption;
import io.lattice.proto.identity.v1.EncryptionKeys;
import io.lattice.proto.identity.v1.MsgRegister;
import io.lattice.proto.reputation.v1.MsgAdjustReputation;
import io.lattice.proto.tx.v1.Any;
import io.lattice.runtime.tx.TxBuilder;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The readable form of the modules' messages in {@code GET /v1/txs/{hash}}. */
class JsonViewsTest {
  private final PrivateKeySigner key = ApiServerTest.key(7);
  private final String address = key.publicKey().address().toString();

  @Test
  void moduleMessagesAreShownWithTheirFields() throws Exception {
    byte[] identityKey = new byte[32];
    Arrays.fill(identityKey, (byte) 5);
    MsgAdjustReputation adjust =
        MsgAdjustReputation.newBuilder()
            .setAuthority("lat1gov")
            .setAddress(address)
            .setDelta(-7)
            .setReason("spam")
            .build();
    byte[] tx =
        TxBuilder.forChain("lattice-chat-1")
            .addMessage(
                MsgRegister.newBuilder()
                    .setOwner(address)
                    .setUsername("alice")
                    .setKeys(
                        EncryptionKeys.newBuilder()
                            .setIdentityKey(ByteString.copyFrom(identityKey)))
                    .build())
            .addMessage(
                MsgSubmitProposal.newBuilder()
                    .setProposer(address)
                    .setTitle("t")
                    .addChanges(ParamChange.newBuilder().setModule("messaging").setParamsJson("{}"))
                    .addMessages(
                        Any.newBuilder()
                            .setTypeUrl("/lattice.reputation.v1.MsgAdjustReputation")
                            .setValue(adjust.toByteString()))
                    .addMessages(
                        Any.newBuilder()
                            .setTypeUrl("/x.y.Unknown")
                            .setValue(ByteString.copyFrom(new byte[] {1})))
                    .build())
            .addMessage(
                MsgVote.newBuilder()
                    .setVoter(address)
                    .setProposalId(Long.MIN_VALUE)
                    .setOption(VoteOption.VOTE_OPTION_NO_WITH_VETO)
                    .build())
            .signer(key, 0, 0)
            .buildBytes();
    JsonNode msgs = JsonViews.decodedTx(tx).get("messages");

    JsonNode register = msgs.get(0);
    assertThat(register.get("@type").asText()).isEqualTo("/lattice.identity.v1.MsgRegister");
    assertThat(register.get("username").asText()).isEqualTo("alice");
    assertThat(register.get("keys").get("identity_key").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(identityKey));
    assertThat(register.get("keys").get("prekeys")).isEmpty();
    assertThat(register.has("device")).as("an absent sub-message is left out").isFalse();

    JsonNode proposal = msgs.get(1);
    assertThat(proposal.get("changes").get(0).get("module").asText()).isEqualTo("messaging");
    JsonNode inner = proposal.get("messages").get(0);
    assertThat(inner.get("@type").asText()).isEqualTo("/lattice.reputation.v1.MsgAdjustReputation");
    assertThat(inner.get("delta").asLong()).isEqualTo(-7);
    assertThat(inner.get("reason").asText()).isEqualTo("spam");
    assertThat(proposal.get("messages").get(1).get("value").asText()).isEqualTo("AQ==");

    JsonNode vote = msgs.get(2);
    assertThat(vote.get("option").asText()).isEqualTo("VOTE_OPTION_NO_WITH_VETO");
    assertThat(vote.get("proposal_id").bigIntegerValue())
        .as("uint64 above 2^63 stays unsigned")
        .isEqualTo(new java.math.BigInteger("9223372036854775808"));
  }
}
