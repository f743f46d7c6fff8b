package io.lattice.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.chains.ChatChainApp;
import io.lattice.chains.CurrencyChainApp;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.KeyringException;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.load.AccountFunding;
import io.lattice.node.load.CrossChainLoad;
import io.lattice.node.load.CrossChainResult;
import io.lattice.node.load.DirectMessageLoad;
import io.lattice.node.load.LoadPlot;
import io.lattice.node.load.LoadResult;
import io.lattice.node.load.NodeRest;
import io.lattice.node.load.TransferLoad;
import io.lattice.node.local.LocalChains;
import io.lattice.node.local.LocalCluster;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lattice bench}: load generation against a running network. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure a running network.",
    subcommands = {BenchCommand.Load.class})
public final class BenchCommand {

  @Command(
      name = "load",
      mixinStandardHelpOptions = true,
      description = {
        "Pre-funds N fresh accounts, signs transfers ahead of time, submits them at a fixed rate"
            + " (or as fast as they are accepted) and reports submitted, accepted, committed,"
            + " rejected by reason, finalized transfers/s and commit latency (submission to the"
            + " committed block arriving on the first node's event stream).",
        "Without --node it loads the validators of the local network in --local-dir (of the chat"
            + " chain with --msg dm, of the currency chain otherwise) and funds the accounts from"
            + " that chain's faucet key.",
        "--msg xchain reports AtomicSuccess / RolledBack / Failed counts, cross-chain ops/s and"
            + " the latency from submission to the currency-chain block recording AtomicSuccess."
      })
  static final class Load extends CliCommand {
    @Option(
        names = "--node",
        paramLabel = "URL",
        description =
            "API address to submit to; repeat to spread the load (default: the validators of the"
                + " local network)")
    List<String> nodes = new ArrayList<>();

    @Option(
        names = "--rate",
        defaultValue = "max",
        paramLabel = "R|max",
        description = "Transactions per second in total, or max (default: ${DEFAULT-VALUE})")
    String rate = "max";

    @Option(
        names = "--duration",
        defaultValue = "30s",
        paramLabel = "D",
        description = "How long to submit, e.g. 30s or 2m (default: ${DEFAULT-VALUE})")
    String duration = "30s";

    @Option(
        names = "--accounts",
        defaultValue = "1000",
        paramLabel = "N",
        description = "Sender accounts, funded before the run (default: ${DEFAULT-VALUE})")
    int accounts = 1000;

    @Option(
        names = "--msg",
        defaultValue = "transfer",
        description = {
          "Kind of transaction (default: ${DEFAULT-VALUE}): transfer (bank transfers); dm"
              + " (encrypted direct messages on the chat chain between accounts that first register"
              + " usernames; --rate and --duration as for transfers); xchain"
              + " (register_user_with_stake on the currency chain, one per account: --accounts"
              + " operations at --rate, each followed to AtomicSuccess or RolledBack)"
        })
    String msg = "transfer";

    @Option(
        names = "--stake",
        defaultValue = "1000000",
        paramLabel = "ULAT",
        description = "With --msg xchain: stake of each registration (default: ${DEFAULT-VALUE})")
    BigInteger stake = BigInteger.valueOf(1_000_000L);

    @Option(
        names = "--lock",
        defaultValue = "0",
        paramLabel = "SECONDS",
        description = "With --msg xchain: lock of the bonded stake (default: ${DEFAULT-VALUE})")
    long lockSeconds;

    @Option(
        names = "--validator",
        paramLabel = "OPERATOR",
        description =
            "With --msg xchain: validator the stakes are bonded to (default: the bonded validator"
                + " with most stake)")
    String validator;

    @Option(
        names = "--lanes",
        defaultValue = "32",
        description = "Concurrent submitters (default: ${DEFAULT-VALUE})")
    int lanes = 32;

    @Option(
        names = "--max-txs",
        defaultValue = "5000",
        paramLabel = "PER_S",
        description =
            "With --rate max: transfers signed per second of --duration (default: ${DEFAULT-VALUE})")
    int maxPerSecond = 5000;

    @Option(
        names = "--drain",
        defaultValue = "60s",
        description =
            "How long to wait for accepted transfers to commit (default: ${DEFAULT-VALUE})")
    String drain = "60s";

    @Option(
        names = "--from",
        paramLabel = "KEY",
        description =
            "Keyring key that funds the accounts (default: the local network's faucet key)")
    String from;

    @Mixin KeyringOptions keyring = new KeyringOptions();

    @Option(
        names = "--local-dir",
        defaultValue = "./.lattice-local",
        description = "Directory of the local network (default: ${DEFAULT-VALUE})")
    Path localDir = Path.of("./.lattice-local");

    @Option(
        names = "--fund",
        defaultValue = "100000000",
        paramLabel = "ULAT",
        description = "ulat sent to each account before the run (default: ${DEFAULT-VALUE})")
    BigInteger fund = BigInteger.valueOf(100_000_000L);

    @Option(
        names = "--gas-price",
        defaultValue = "0.01",
        description = "Fee per gas unit of the funding transactions (default: ${DEFAULT-VALUE})")
    BigDecimal gasPrice = new BigDecimal("0.01");

    @Option(
        names = "--plot",
        paramLabel = "FILE.png",
        description = "Also draw throughput and latency over time into this PNG")
    Path plot;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text",
        description = "Output format: text or json (default: ${DEFAULT-VALUE})")
    String output = "text";

    @Override
    int run() throws CliException {
      checkOutput(output);
      double perSecond = parseRate();
      Duration length = duration("--duration", duration);
      Duration drainTime = duration("--drain", drain);
      if (!List.of("transfer", "dm", "xchain").contains(msg)) {
        throw CliException.badInput("--msg " + msg + ": use transfer, dm or xchain");
      }
      if (accounts < 1 || lanes < 1 || maxPerSecond < 1) {
        throw CliException.badInput("--accounts, --lanes and --max-txs must be at least 1");
      }
      if (fund.signum() <= 0) {
        throw CliException.badInput("--fund must be positive");
      }
      if (stake.signum() <= 0) {
        throw CliException.badInput("--stake must be positive");
      }
      if (lockSeconds < 0) {
        throw CliException.badInput("--lock must not be negative");
      }
      if (msg.equals("xchain")
          && fund.compareTo(stake.add(BigInteger.valueOf(CrossChainLoad.FEE))) < 0) {
        throw CliException.badInput(
            "--fund "
                + fund
                + " does not cover --stake "
                + stake
                + " plus the fee of "
                + CrossChainLoad.FEE
                + "ulat");
      }
      if (validator != null) {
        validator = TxCommand.parseAddress("--validator", validator);
      }
      Optional<LocalCluster> local =
          localCluster(msg.equals("dm") ? ChatChainApp.CHAIN_ID : CurrencyChainApp.CHAIN_ID);
      List<NodeRest> targets = targets(local);
      NodeRest first = targets.get(0);
      String chainId =
          first
              .status()
              .map(s -> s.path("chain_id").asText())
              .orElseThrow(() -> new CliException("cannot reach node at " + first + "/v1/status"));
      PrivateKeySigner funder = funder(local);

      int count =
          (int)
              Math.min(
                  Integer.MAX_VALUE,
                  Math.ceil((perSecond > 0 ? perSecond : maxPerSecond) * length.toMillis() / 1e3));
      progress(
          String.format(
              Locale.ROOT,
              "load on %s (%s): %d accounts, rate %s, %s, %d lanes over %d node(s)",
              chainId,
              first,
              accounts,
              rate,
              duration,
              lanes,
              targets.size()));
      if (!msg.equals("transfer")) {
        return msg.equals("dm")
            ? directMessages(chainId, targets, funder, count, perSecond, length, drainTime)
            : crossChain(chainId, targets, funder, perSecond, drainTime);
      }
      TransferLoad load = new TransferLoad(chainId, accounts);
      try {
        AccountFunding.fund(
            first, chainId, funder, load.addresses(), fund, gasPrice, this::progress);
        load.loadAccounts(first);
        long t0 = System.nanoTime();
        List<TransferLoad.Tx> txs = load.sign(count);
        progress(
            String.format(
                Locale.ROOT,
                "signed %d transfers in %.1f s (not measured); submitting",
                count,
                (System.nanoTime() - t0) / 1e9));
        return submit(
            chainId, targets, load, "load", txs, perSecond, length, drainTime, "", table -> table);
      } catch (IOException e) {
        throw new CliException(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted");
      }
    }

    private void progress(String line) {
      err().println("bench: " + line);
      err().flush();
    }

    private double parseRate() throws CliException {
      if (rate.equals("max")) {
        return 0;
      }
      try {
        double r = Double.parseDouble(rate);
        if (r > 0 && Double.isFinite(r)) {
          return r;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw CliException.badInput("--rate must be a positive number or max, got '" + rate + "'");
    }

    private static Duration duration(String option, String text) throws CliException {
      try {
        Duration d = NodeConfig.parseDuration(text);
        if (d.isZero() || d.isNegative()) {
          throw CliException.badInput(option + " must be positive, got '" + text + "'");
        }
        return d;
      } catch (IllegalArgumentException e) {
        throw CliException.badInput(option + ": " + e.getMessage());
      }
    }

    /**
     * The chain {@code chainId} of the local network in --local-dir (a network of one chain opens
     * as that chain whatever it is).
     */
    private Optional<LocalCluster> localCluster(String chainId) throws CliException {
      try {
        Optional<LocalChains> network = LocalChains.open(localDir);
        if (network.isEmpty()) {
          return Optional.empty();
        }
        if (network.get().chains().size() == 1) {
          return Optional.of(network.get().chains().get(0));
        }
        return network.get().chain(chainId);
      } catch (ConfigException e) {
        throw new CliException(e.getMessage());
      }
    }

    /** {@code --msg dm}: register the accounts' usernames, then send sealed direct messages. */
    private int directMessages(
        String chainId,
        List<NodeRest> targets,
        PrivateKeySigner funder,
        int count,
        double perSecond,
        Duration length,
        Duration drainTime)
        throws CliException {
      NodeRest first = targets.get(0);
      DirectMessageLoad dms =
          new DirectMessageLoad(chainId, accounts, CrossChainLoad.randomPrefix());
      TransferLoad runner = new TransferLoad(chainId, 0);
      try {
        AccountFunding.fund(
            first, chainId, funder, dms.addresses(), fund, gasPrice, this::progress);
        dms.register(first, this::progress);
        long t0 = System.nanoTime();
        List<TransferLoad.Tx> txs = dms.sign(count);
        progress(
            String.format(
                Locale.ROOT,
                "sealed and signed %d direct messages in %.1f s (not measured); submitting",
                count,
                (System.nanoTime() - t0) / 1e9));
        return submit(
            chainId,
            targets,
            runner,
            "dm",
            txs,
            perSecond,
            length,
            drainTime,
            " --msg dm",
            table -> table.replace("finalized transfers/s", "direct messages/s    "));
      } catch (IOException e) {
        throw new CliException(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted");
      }
    }

    /**
     * Submits the pre-signed {@code txs} through {@code runner} with commit times from the first
     * target's block stream, then writes the plot and prints the result as the options ask; {@code
     * table} rewrites the text table's wording for the message kind.
     */
    private int submit(
        String chainId,
        List<NodeRest> targets,
        TransferLoad runner,
        String label,
        List<TransferLoad.Tx> txs,
        double perSecond,
        Duration length,
        Duration drainTime,
        String plotMsg,
        UnaryOperator<String> table)
        throws IOException, InterruptedException {
      WebSocket events = targets.get(0).subscribeBlocks(runner::committed);
      Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      LoadResult result;
      try {
        result =
            runner.run(
                label,
                txs,
                perSecond,
                length.toNanos(),
                targets,
                lanes,
                (int) drainTime.toSeconds());
      } finally {
        events.abort();
      }
      if (plot != null) {
        LoadPlot.write(
            result,
            String.format(
                Locale.ROOT,
                "lattice bench load%s: %s, rate %s, %d accounts, %s",
                plotMsg,
                chainId,
                rate,
                accounts,
                started),
            plot);
        progress("plot written to " + plot);
      }
      if (output.equals("json")) {
        ObjectNode out = JSON.createObjectNode();
        out.put("chain_id", chainId);
        out.put("msg", msg);
        out.put("accounts", accounts);
        out.put("lanes", lanes);
        out.put("nodes", targets.size());
        out.put("duration_s", length.toMillis() / 1e3);
        out.put("started", started.toString());
        printJson(result.toJson(out));
      } else {
        out().print(table.apply(result.table()));
      }
      return result.committed() > 0 ? 0 : CliException.FAILED;
    }

    /** {@code --msg xchain}: one register_user_with_stake per account, each followed to its end. */
    private int crossChain(
        String chainId,
        List<NodeRest> targets,
        PrivateKeySigner funder,
        double perSecond,
        Duration drainTime)
        throws CliException {
      NodeRest first = targets.get(0);
      String operator =
          validator != null
              ? validator
              : XchainCommand.RegisterWithStake.largestValidator(new NodeClient(first.baseUrl()));
      String prefix = CrossChainLoad.randomPrefix();
      CrossChainLoad ops =
          new CrossChainLoad(chainId, accounts, prefix, stake, operator, lockSeconds);
      // Not measured: an operation's packet times out at the source's light client height of the
      // chat chain plus op_timeout_blocks, and the relayer updates that client only while it has
      // packets to carry; after a quiet spell the first operations would be born timed out.
      CrossChainLoad warmUp =
          new CrossChainLoad(chainId, 1, prefix + "_w", stake, operator, lockSeconds);
      try {
        List<String> funded = new ArrayList<>(ops.addresses());
        funded.addAll(warmUp.addresses());
        AccountFunding.fund(first, chainId, funder, funded, fund, gasPrice, this::progress);
        warmUp.sign(first);
        CrossChainResult w = warmUp.run(List.of(first), first, 0, 1, 120, s -> {});
        progress(
            "warm-up operation (not counted): "
                + (w.atomicSuccess() == 1
                    ? "AtomicSuccess"
                    : w.rolledBack() == 1 ? "RolledBack" : "not ended within 120 s"));
        long t0 = System.nanoTime();
        ops.sign(first);
        progress(
            String.format(
                Locale.ROOT,
                "signed %d register_user_with_stake (stake %s ulat to %s) in %.1f s; submitting",
                accounts,
                stake,
                operator,
                (System.nanoTime() - t0) / 1e9));
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CrossChainResult result =
            ops.run(targets, first, perSecond, lanes, (int) drainTime.toSeconds(), this::progress);
        if (output.equals("json")) {
          ObjectNode out = JSON.createObjectNode();
          out.put("chain_id", chainId);
          out.put("msg", msg);
          out.put("accounts", accounts);
          out.put("lanes", lanes);
          out.put("nodes", targets.size());
          out.put("validator", operator);
          out.put("stake", stake.toString());
          out.put("started", started.toString());
          printJson(result.toJson(out));
        } else {
          out().print(result.table());
        }
        return result.atomicSuccess() > 0 ? 0 : CliException.FAILED;
      } catch (IOException e) {
        throw new CliException(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted");
      }
    }

    private List<NodeRest> targets(Optional<LocalCluster> local) throws CliException {
      List<NodeRest> out = new ArrayList<>();
      if (!nodes.isEmpty()) {
        for (String url : nodes) {
          new NodeClient(url); // validates the URL
          out.add(new NodeRest(url, url.replaceAll("/+$", "")));
        }
        return out;
      }
      LocalCluster cluster =
          local.orElseThrow(() ->
              CliException.badInput(
                  "no --node given and no local network in "
                      + localDir
                      + " (start one with ./lattice up, or pass --node URL)"));
      for (LocalCluster.Member m : cluster.members()) {
        if (m.role().equals("validator")) {
          out.add(new NodeRest(m.name(), m.apiUrl()));
        }
      }
      if (out.isEmpty()) {
        throw new CliException(LocalCluster.networkFile(localDir) + " lists no validators");
      }
      return out;
    }

    private PrivateKeySigner funder(Optional<LocalCluster> local) throws CliException {
      try {
        if (from != null) {
          Keyring ring = keyring.open(new Stdin(err()));
          return ring.signer(TxCommand.resolveKey(ring, from).name());
        }
        LocalCluster cluster =
            local.orElseThrow(() ->
                CliException.badInput(
                    "no --from key given and no local network in "
                        + localDir
                        + " whose faucet key could fund the accounts"));
        Path home = cluster.members().get(0).home().root();
        return Keyring.open(home, Backend.TEST, PassphraseSource.none())
            .signer(HomeInitializer.FAUCET_KEY_NAME);
      } catch (KeyringException e) {
        throw new CliException("funding key: " + e.getMessage());
      }
    }
  }
}
