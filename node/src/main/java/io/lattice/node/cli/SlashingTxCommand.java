package io.lattice.node.cli;

import com.google.protobuf.Message;
import io.lattice.proto.slashing.v1.MsgUnjail;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code lattice tx slashing}: unjail. */
@Command(
    name = "slashing",
    mixinStandardHelpOptions = true,
    description = "Slashing module transactions.",
    subcommands = {SlashingTxCommand.Unjail.class})
public final class SlashingTxCommand {
  private SlashingTxCommand() {}

  @Command(
      name = "unjail",
      mixinStandardHelpOptions = true,
      description = "Release the validator --from operates from jail (after its jail time).")
  static final class Unjail extends ModuleTx {
    @Override
    List<Message> messages(String signer) {
      return List.of(MsgUnjail.newBuilder().setValidatorAddress(signer).build());
    }

    @Override
    String summary(String signer) {
      return "Unjail validator " + signer;
    }
  }
}
