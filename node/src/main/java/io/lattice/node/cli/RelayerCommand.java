package io.lattice.node.cli;

import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.keyring.KeyringException;
import io.lattice.node.relayer.RelayerLoop;
import io.lattice.node.relayer.RestChainEndpoint;
import io.lattice.proto.tx.v1.Coin;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lattice relayer}: the cross-chain relayer process. */
@Command(
    name = "relayer",
    mixinStandardHelpOptions = true,
    description = "The cross-chain relayer between the chat chain and the currency chain.",
    subcommands = {RelayerCommand.Start.class})
public final class RelayerCommand {

  /** {@code lattice relayer start}: relays until SIGTERM or Ctrl-C. */
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Relay headers, packets, acknowledgements and timeouts between two chains' API nodes"
            + " (docs/spec/xchain.md §7) until stopped (SIGTERM or Ctrl-C: the round in progress"
            + " ends first).",
        "Anyone may run one: the chains verify everything it submits, so a relayer is trusted"
            + " for liveness only. It pays fees from key --from on both chains.",
        "Prints what each round relays and every refusal with its reason; a chain that is down is"
            + " retried with a backoff up to --max-backoff."
      })
  static final class Start extends CliCommand {
    @Mixin KeyringOptions keyring = new KeyringOptions();

    @Option(names = "--chat", required = true, description = "API URL of a chat chain node.")
    String chatUrl;

    @Option(
        names = "--currency",
        required = true,
        description = "API URL of a currency chain node.")
    String currencyUrl;

    @Option(
        names = "--from",
        defaultValue = "relayer",
        description = "Key that signs and pays on both chains (default: ${DEFAULT-VALUE}).")
    String from = "relayer";

    @Option(
        names = "--interval",
        defaultValue = "1s",
        description = "Pause between rounds, e.g. 500ms, 1s (default: ${DEFAULT-VALUE}).")
    String interval = "1s";

    @Option(
        names = "--max-backoff",
        defaultValue = "30s",
        description = "Longest pause while a chain is unreachable (default: ${DEFAULT-VALUE}).")
    String maxBackoff = "30s";

    @Option(
        names = "--gas",
        defaultValue = "4000000",
        description =
            "Gas limit of each relay transaction; a client update verifies a whole commit"
                + " (default: ${DEFAULT-VALUE}).")
    long gas = 4_000_000;

    @Option(
        names = "--gas-prices",
        defaultValue = "0.01ulat",
        description = "Fee per unit of gas (default: ${DEFAULT-VALUE}).")
    String gasPrices = "0.01ulat";

    @Option(
        names = "--commit-timeout",
        defaultValue = "60s",
        description =
            "How long to wait for a submitted transaction to be in a block"
                + " (default: ${DEFAULT-VALUE}).")
    String commitTimeout = "60s";

    @Override
    int run() throws CliException {
      Duration pause = duration("--interval", interval);
      Duration backoff = duration("--max-backoff", maxBackoff);
      Duration commit = duration("--commit-timeout", commitTimeout);
      List<Coin> fee = CoinArgs.fee(null, gasPrices, gas);
      if (fee.size() != 1) {
        throw CliException.badInput("--gas-prices: give one price, e.g. 0.01ulat");
      }
      RestChainEndpoint.Fees fees =
          new RestChainEndpoint.Fees(
              gas, fee.get(0).getDenom(), new BigInteger(fee.get(0).getAmount()));
      PrivateKeySigner key;
      try {
        key = keyring.open(new Stdin(err())).signer(from);
      } catch (KeyringException e) {
        throw CliException.badInput("--from " + from + ": " + e.getMessage());
      }
      Path pidFile = keyring.home.resolve("relayer.pid");
      claim(pidFile);
      RelayerLoop loop =
          new RelayerLoop(
              chatUrl,
              currencyUrl,
              url -> RestChainEndpoint.connect(url, key, fees, commit),
              pause,
              backoff,
              out());
      // The hook waits for the loop to return, not for this thread to end: after returning, the
      // CLI calls System.exit, which blocks while shutdown hooks run.
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                loop.stop();
                try {
                  finished.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "relayer-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      out()
          .println(
              "relayer: "
                  + chatUrl
                  + " <-> "
                  + currencyUrl
                  + ", signer "
                  + key.publicKey().address()
                  + ", pid "
                  + ProcessHandle.current().pid());
      out().flush();
      try {
        loop.run();
        return 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return CliException.FAILED;
      } finally {
        try {
          Files.deleteIfExists(pidFile);
        } catch (IOException e) {
          err().println("cannot remove " + pidFile + ": " + e.getMessage());
        }
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it waits for the latch below
        }
        finished.countDown();
      }
    }

    /** Writes this process's pid to {@code pidFile}, refusing when a live relayer holds it. */
    private static void claim(Path pidFile) throws CliException {
      try {
        if (Files.exists(pidFile)) {
          String text = Files.readString(pidFile, StandardCharsets.UTF_8).strip();
          try {
            long pid = Long.parseLong(text);
            if (pid != ProcessHandle.current().pid()
                && ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()) {
              throw new CliException(
                  "a relayer already runs on " + pidFile.getParent() + " (pid " + pid + ")");
            }
          } catch (NumberFormatException stale) {
            // an unreadable pid file is stale
          }
        }
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CliException("cannot write " + pidFile + ": " + e.getMessage());
      }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    static Duration duration(String option, String text) throws CliException {
      Matcher m = DURATION.matcher(text.strip());
      if (!m.matches()) {
        throw CliException.badInput(option + ": not a duration like 500ms, 1s or 2m: " + text);
      }
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
          };
      if (d.isZero()) {
        throw CliException.badInput(option + ": must be positive");
      }
      return d;
    }
  }
}
