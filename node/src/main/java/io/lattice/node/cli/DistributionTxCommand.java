package io.lattice.node.cli;

import com.google.protobuf.Message;
import io.lattice.proto.distribution.v1.MsgWithdrawDelegatorReward;
import io.lattice.proto.distribution.v1.MsgWithdrawValidatorCommission;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lattice tx distribution}: withdraw rewards and commission. */
@Command(
    name = "distribution",
    mixinStandardHelpOptions = true,
    description = "Distribution module transactions.",
    subcommands = {DistributionTxCommand.WithdrawRewards.class})
public final class DistributionTxCommand {
  private DistributionTxCommand() {}

  @Command(
      name = "withdraw-rewards",
      mixinStandardHelpOptions = true,
      description = {
        "Withdraw --from's rewards from its delegation to VALIDATOR;",
        "with --commission (when --from operates VALIDATOR) also the validator's commission."
      })
  static final class WithdrawRewards extends ModuleTx {
    @Parameters(index = "0", paramLabel = "VALIDATOR", description = "Operator address")
    String validator;

    @Option(names = "--commission", description = "Also withdraw the validator's commission")
    boolean commission;

    @Override
    List<Message> messages(String signer) throws CliException {
      String v = address("VALIDATOR", validator);
      List<Message> msgs = new ArrayList<>();
      msgs.add(
          MsgWithdrawDelegatorReward.newBuilder()
              .setDelegatorAddress(signer)
              .setValidatorAddress(v)
              .build());
      if (commission) {
        if (!v.equals(signer)) {
          throw CliException.badInput(
              "--commission: " + signer + " does not operate validator " + v);
        }
        msgs.add(MsgWithdrawValidatorCommission.newBuilder().setValidatorAddress(v).build());
      }
      return msgs;
    }

    @Override
    String summary(String signer) {
      return "Withdraw rewards of "
          + signer
          + " from "
          + validator
          + (commission ? " and its commission" : "");
    }
  }
}
