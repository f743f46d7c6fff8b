package io.lattice.node.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.KeyFile;
import io.lattice.node.config.NodeHome;
import io.lattice.proto.staking.v1.MsgBeginRedelegate;
import io.lattice.proto.staking.v1.MsgCreateValidator;
import io.lattice.proto.staking.v1.MsgDelegate;
import io.lattice.proto.staking.v1.MsgEditValidator;
import io.lattice.proto.staking.v1.MsgUndelegate;
import io.lattice.proto.tx.v1.Coin;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lattice tx staking}: validators and delegations. */
@Command(
    name = "staking",
    mixinStandardHelpOptions = true,
    description = "Staking module transactions.",
    subcommands = {
      StakingTxCommand.CreateValidator.class,
      StakingTxCommand.EditValidator.class,
      StakingTxCommand.Delegate.class,
      StakingTxCommand.Unbond.class,
      StakingTxCommand.Redelegate.class
    })
public final class StakingTxCommand {
  private StakingTxCommand() {}

  @Command(
      name = "create-validator",
      mixinStandardHelpOptions = true,
      description = {
        "Create a validator operated by --from, self-delegating --amount.",
        "The consensus key is --pubkey (base64 of the raw key; ed25519 unless --pubkey-algorithm)."
      })
  static final class CreateValidator extends ModuleTx {
    @Option(names = "--amount", required = true, description = "Self-delegation, e.g. 1000000ulat")
    String amount;

    @Option(
        names = "--pubkey",
        description =
            "Consensus public key, base64 (default: the validator key of the node at --home,"
                + " config/priv_validator_key.json)")
    String pubkey;

    @Option(
        names = "--pubkey-algorithm",
        defaultValue = "ed25519",
        description = "Algorithm of --pubkey (default: ${DEFAULT-VALUE})")
    String algorithm = "ed25519";

    @Option(names = "--moniker", required = true, description = "Validator name")
    String moniker;

    @Option(names = "--commission-rate", defaultValue = "0.1", description = "default 0.1")
    String rate = "0.1";

    @Option(names = "--commission-max-rate", defaultValue = "0.2", description = "default 0.2")
    String maxRate = "0.2";

    @Option(
        names = "--commission-max-change-rate",
        defaultValue = "0.01",
        description = "Largest change per day (default 0.01)")
    String maxChange = "0.01";

    @Option(names = "--min-self-delegation", defaultValue = "1", description = "Tokens (default 1)")
    String minSelf = "1";

    @Override
    List<Message> messages(String signer) throws CliException {
      byte[] raw;
      if (pubkey == null) {
        Path file = new NodeHome(keyring.home).validatorKey();
        try {
          PublicKey key = KeyFile.read(file).publicKey();
          raw = key.encoded();
          algorithm = key.algorithm().id();
        } catch (ConfigException e) {
          throw CliException.badInput(
              "no --pubkey and no readable validator key: " + e.getMessage());
        }
      } else {
        try {
          raw = Base64.getDecoder().decode(pubkey);
          PublicKey.decode(KeyAlgorithm.fromId(algorithm), raw);
        } catch (IllegalArgumentException | CryptoException e) {
          throw CliException.badInput("--pubkey: " + e.getMessage());
        }
      }
      return List.of(
          MsgCreateValidator.newBuilder()
              .setOperatorAddress(signer)
              .setPubKey(
                  io.lattice.proto.tx.v1.PublicKey.newBuilder()
                      .setAlgorithm(algorithm)
                      .setKey(ByteString.copyFrom(raw)))
              .setMoniker(moniker)
              .setCommissionRate(decimal(rate, "--commission-rate"))
              .setCommissionMaxRate(decimal(maxRate, "--commission-max-rate"))
              .setCommissionMaxChangeRate(decimal(maxChange, "--commission-max-change-rate"))
              .setMinSelfDelegation(integer(minSelf, "--min-self-delegation"))
              .setAmount(coin(amount, "--amount"))
              .build());
    }

    @Override
    String summary(String signer) {
      return "Create validator '" + moniker + "' operated by " + signer + " with " + amount;
    }
  }

  @Command(
      name = "edit-validator",
      mixinStandardHelpOptions = true,
      description = "Change the moniker and/or commission rate of the validator --from operates.")
  static final class EditValidator extends ModuleTx {
    @Option(names = "--moniker", description = "New name")
    String moniker;

    @Option(names = "--commission-rate", description = "New rate (at most one change per 24h)")
    String rate;

    @Override
    List<Message> messages(String signer) throws CliException {
      if (moniker == null && rate == null) {
        throw CliException.badInput("give --moniker and/or --commission-rate");
      }
      MsgEditValidator.Builder m = MsgEditValidator.newBuilder().setOperatorAddress(signer);
      if (moniker != null) {
        m.setMoniker(moniker);
      }
      if (rate != null) {
        m.setCommissionRate(decimal(rate, "--commission-rate"));
      }
      return List.of(m.build());
    }

    @Override
    String summary(String signer) {
      return "Edit validator " + signer;
    }
  }

  abstract static class DelegationTx extends ModuleTx {
    @Parameters(index = "0", paramLabel = "VALIDATOR", description = "Operator address")
    String validator;

    @Parameters(index = "1", paramLabel = "AMOUNT", description = "e.g. 1000ulat")
    String amount;

    /** The one message, from the checked VALIDATOR and AMOUNT. */
    abstract Message message(String delegator, String validatorAddress, Coin coin);

    @Override
    final List<Message> messages(String signer) throws CliException {
      String validatorAddress = address("VALIDATOR", validator);
      return List.of(message(signer, validatorAddress, coin(amount, "AMOUNT")));
    }
  }

  @Command(
      name = "delegate",
      mixinStandardHelpOptions = true,
      description = "Delegate AMOUNT from --from to VALIDATOR.")
  static final class Delegate extends DelegationTx {
    @Override
    Message message(String delegator, String validatorAddress, Coin coin) {
      return MsgDelegate.newBuilder()
          .setDelegatorAddress(delegator)
          .setValidatorAddress(validatorAddress)
          .setAmount(coin)
          .build();
    }

    @Override
    String summary(String signer) {
      return "Delegate " + amount + " from " + signer + " to " + validator;
    }
  }

  @Command(
      name = "unbond",
      mixinStandardHelpOptions = true,
      description = "Undelegate AMOUNT from VALIDATOR; it returns after the unbonding period.")
  static final class Unbond extends DelegationTx {
    @Override
    Message message(String delegator, String validatorAddress, Coin coin) {
      return MsgUndelegate.newBuilder()
          .setDelegatorAddress(delegator)
          .setValidatorAddress(validatorAddress)
          .setAmount(coin)
          .build();
    }

    @Override
    String summary(String signer) {
      return "Unbond " + amount + " of " + signer + " from " + validator;
    }
  }

  @Command(
      name = "redelegate",
      mixinStandardHelpOptions = true,
      description = "Move AMOUNT of --from's delegation from SRC to DST at once.")
  static final class Redelegate extends ModuleTx {
    @Parameters(index = "0", paramLabel = "SRC")
    String src;

    @Parameters(index = "1", paramLabel = "DST")
    String dst;

    @Parameters(index = "2", paramLabel = "AMOUNT")
    String amount;

    @Override
    List<Message> messages(String signer) throws CliException {
      Coin c = coin(amount, "AMOUNT");
      return List.of(
          MsgBeginRedelegate.newBuilder()
              .setDelegatorAddress(signer)
              .setValidatorSrcAddress(address("SRC", src))
              .setValidatorDstAddress(address("DST", dst))
              .setAmount(c)
              .build());
    }

    @Override
    String summary(String signer) {
      return "Redelegate " + amount + " of " + signer + " from " + src + " to " + dst;
    }
  }
}
