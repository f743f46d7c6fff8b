package io.lattice.node.config;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/** Reads and writes {@code config/config.toml}; unknown keys are refused so typos do not pass. */
public final class ConfigFile {
  private static final Set<String> KNOWN =
      Set.of(
          "moniker",
          "api.listen",
          "consensus.block_interval",
          "consensus.timeout_propose",
          "consensus.timeout_propose_delta",
          "consensus.timeout_vote",
          "consensus.timeout_vote_delta",
          "block.max_bytes",
          "block.max_gas",
          "mempool.max_txs",
          "mempool.max_bytes",
          "mempool.ttl_blocks",
          "fees.min_gas_price",
          "state.pruning_keep_recent",
          "faucet.enabled",
          "faucet.amount",
          "faucet.interval",
          "log.format",
          "p2p.listen",
          "p2p.persistent_peers",
          "p2p.seeds",
          "p2p.discovery",
          "p2p.outbound_peers",
          "p2p.max_inbound_peers",
          "statesync.enable",
          "statesync.snapshot_interval",
          "statesync.snapshot_keep_recent",
          "statesync.discovery_time",
          "statesync.trust_period");

  private ConfigFile() {}

  public static NodeConfig read(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": file not found (run `lattice init` first)");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    TomlParseResult toml = Toml.parse(text);
    if (toml.hasErrors()) {
      TomlParseError first = toml.errors().get(0);
      throw new ConfigException(file + ": invalid TOML: " + first.toString());
    }
    for (String key : toml.dottedKeySet()) {
      if (!KNOWN.contains(key)) {
        throw ConfigException.field(
            file,
            key,
            "unknown key; known keys: " + String.join(", ", KNOWN.stream().sorted().toList()));
      }
    }
    NodeConfig d = NodeConfig.defaults("node");
    Reader r = new Reader(file, toml);
    NodeConfig config =
        new NodeConfig(
            r.string("moniker", d.moniker()),
            r.parsed("api.listen", NodeConfig.HostPort::parse, d.apiListen()),
            r.parsed("consensus.block_interval", ConfigFile::positiveDuration, d.blockInterval()),
            new NodeConfig.Timeouts(
                r.parsed(
                    "consensus.timeout_propose",
                    ConfigFile::positiveDuration,
                    d.timeouts().propose()),
                r.parsed(
                    "consensus.timeout_propose_delta",
                    NodeConfig::parseDuration,
                    d.timeouts().proposeDelta()),
                r.parsed(
                    "consensus.timeout_vote", ConfigFile::positiveDuration, d.timeouts().vote()),
                r.parsed(
                    "consensus.timeout_vote_delta",
                    NodeConfig::parseDuration,
                    d.timeouts().voteDelta())),
            r.optionalLong("block.max_bytes"),
            r.optionalLong("block.max_gas"),
            (int) r.positiveLong("mempool.max_txs", d.mempoolMaxTxs(), Integer.MAX_VALUE),
            r.positiveLong("mempool.max_bytes", d.mempoolMaxBytes(), Long.MAX_VALUE),
            r.nonNegativeLong("mempool.ttl_blocks", d.mempoolTtlBlocks()),
            r.parsed("fees.min_gas_price", ConfigFile::nonNegativeDecimal, d.minGasPrice()),
            r.nonNegativeLong("state.pruning_keep_recent", d.pruningKeepRecent()),
            r.bool("faucet.enabled", d.faucetEnabled()),
            r.parsed("faucet.amount", ConfigFile::positiveInteger, d.faucetAmount()),
            r.parsed("faucet.interval", NodeConfig::parseDuration, d.faucetInterval()),
            r.parsed("log.format", ConfigFile::logFormat, d.logFormat()),
            new NodeConfig.P2p(
                toml.contains("p2p.listen")
                    ? Optional.of(r.parsed("p2p.listen", NodeConfig.HostPort::parse, d.apiListen()))
                    : Optional.empty(),
                r.strings("p2p.persistent_peers"),
                r.strings("p2p.seeds"),
                r.bool("p2p.discovery", true),
                (int)
                    r.nonNegativeLong(
                        "p2p.outbound_peers", NodeConfig.P2p.DEFAULT_OUTBOUND_PEERS, 1000),
                (int)
                    r.nonNegativeLong(
                        "p2p.max_inbound_peers", NodeConfig.P2p.DEFAULT_MAX_INBOUND_PEERS, 10_000)),
            new NodeConfig.StateSync(
                r.bool("statesync.enable", d.stateSync().enable()),
                r.nonNegativeLong("statesync.snapshot_interval", d.stateSync().snapshotInterval()),
                (int)
                    r.positiveLong(
                        "statesync.snapshot_keep_recent", d.stateSync().snapshotKeepRecent(), 1000),
                r.parsed(
                    "statesync.discovery_time",
                    ConfigFile::positiveDuration,
                    d.stateSync().discoveryTime()),
                r.parsed(
                    "statesync.trust_period",
                    ConfigFile::positiveDuration,
                    d.stateSync().trustPeriod())));
    if (config.blockMaxBytes().isPresent() && config.blockMaxBytes().get() <= 0) {
      throw ConfigException.field(file, "block.max_bytes", "must be positive");
    }
    if (config.blockMaxGas().isPresent()
        && (config.blockMaxGas().get() == 0 || config.blockMaxGas().get() < -1)) {
      throw ConfigException.field(file, "block.max_gas", "must be positive or -1 (no limit)");
    }
    return config;
  }

  private static Duration positiveDuration(String s) {
    Duration d = NodeConfig.parseDuration(s);
    if (d.isZero()) {
      throw new IllegalArgumentException("must be positive");
    }
    return d;
  }

  private static BigDecimal nonNegativeDecimal(String s) {
    BigDecimal v;
    try {
      v = new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a decimal number: '" + s + "'", e);
    }
    if (v.signum() < 0) {
      throw new IllegalArgumentException("must not be negative");
    }
    return v;
  }

  private static BigInteger positiveInteger(String s) {
    BigInteger v;
    try {
      v = new BigInteger(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an integer: '" + s + "'", e);
    }
    if (v.signum() <= 0) {
      throw new IllegalArgumentException("must be positive");
    }
    return v;
  }

  private static String logFormat(String s) {
    if (!s.equals("text") && !s.equals("json")) {
      throw new IllegalArgumentException("must be \"text\" or \"json\", got \"" + s + "\"");
    }
    return s;
  }

  /** Typed access to one parsed file, each error naming the file and the key. */
  private record Reader(Path file, TomlParseResult toml) {
    String string(String key, String dflt) throws ConfigException {
      if (!toml.contains(key)) {
        return dflt;
      }
      if (!toml.isString(key)) {
        throw ConfigException.field(file, key, "must be a string");
      }
      return toml.getString(key);
    }

    List<String> strings(String key) throws ConfigException {
      if (!toml.contains(key)) {
        return List.of();
      }
      if (!toml.isArray(key)) {
        throw ConfigException.field(file, key, "must be an array of strings");
      }
      TomlArray array = toml.getArray(key);
      List<String> out = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        if (!(array.get(i) instanceof String v)) {
          throw ConfigException.field(file, key, "element " + i + " is not a string");
        }
        out.add(v);
      }
      return out;
    }

    <T> T parsed(String key, Function<String, T> parser, T dflt) throws ConfigException {
      if (!toml.contains(key)) {
        return dflt;
      }
      String s = string(key, null);
      try {
        return parser.apply(s);
      } catch (IllegalArgumentException e) {
        throw ConfigException.field(file, key, e.getMessage());
      }
    }

    Optional<Long> optionalLong(String key) throws ConfigException {
      if (!toml.contains(key)) {
        return Optional.empty();
      }
      if (!toml.isLong(key)) {
        throw ConfigException.field(file, key, "must be an integer");
      }
      return Optional.of(toml.getLong(key));
    }

    long positiveLong(String key, long dflt, long max) throws ConfigException {
      long v = optionalLong(key).orElse(dflt);
      if (v <= 0 || v > max) {
        throw ConfigException.field(file, key, "must be between 1 and " + max + ", got " + v);
      }
      return v;
    }

    long nonNegativeLong(String key, long dflt) throws ConfigException {
      long v = optionalLong(key).orElse(dflt);
      if (v < 0) {
        throw ConfigException.field(file, key, "must not be negative, got " + v);
      }
      return v;
    }

    long nonNegativeLong(String key, long dflt, long max) throws ConfigException {
      long v = nonNegativeLong(key, dflt);
      if (v > max) {
        throw ConfigException.field(file, key, "must be at most " + max + ", got " + v);
      }
      return v;
    }

    boolean bool(String key, boolean dflt) throws ConfigException {
      if (!toml.contains(key)) {
        return dflt;
      }
      if (!toml.isBoolean(key)) {
        throw ConfigException.field(file, key, "must be true or false");
      }
      return toml.getBoolean(key);
    }
  }

  /** The TOML text of {@code config}, with every key written out. */
  public static String render(NodeConfig c) {
    StringBuilder s = new StringBuilder();
    s.append("# Lattice node configuration; keys are documented in node/README.md.\n");
    s.append("moniker = ").append(quote(c.moniker())).append("\n\n");
    s.append("[api]\nlisten = ").append(quote(c.apiListen().toString())).append("\n\n");
    NodeConfig.Timeouts t = c.timeouts();
    s.append("[consensus]\nblock_interval = ")
        .append(quote(NodeConfig.formatDuration(c.blockInterval())))
        .append("\ntimeout_propose = ")
        .append(quote(NodeConfig.formatDuration(t.propose())))
        .append("\ntimeout_propose_delta = ")
        .append(quote(NodeConfig.formatDuration(t.proposeDelta())))
        .append("\ntimeout_vote = ")
        .append(quote(NodeConfig.formatDuration(t.vote())))
        .append("\ntimeout_vote_delta = ")
        .append(quote(NodeConfig.formatDuration(t.voteDelta())))
        .append("\n\n");
    s.append("[block]\n");
    c.blockMaxBytes().ifPresent(v -> s.append("max_bytes = ").append(v).append('\n'));
    c.blockMaxGas().ifPresent(v -> s.append("max_gas = ").append(v).append('\n'));
    s.append('\n');
    s.append("[mempool]\nmax_txs = ")
        .append(c.mempoolMaxTxs())
        .append("\nmax_bytes = ")
        .append(c.mempoolMaxBytes())
        .append("\nttl_blocks = ")
        .append(c.mempoolTtlBlocks())
        .append("\n\n");
    s.append("[fees]\nmin_gas_price = ")
        .append(quote(c.minGasPrice().toPlainString()))
        .append("\n\n");
    s.append("[state]\npruning_keep_recent = ").append(c.pruningKeepRecent()).append("\n\n");
    s.append("[faucet]\nenabled = ")
        .append(c.faucetEnabled())
        .append("\namount = ")
        .append(quote(c.faucetAmount().toString()))
        .append("\ninterval = ")
        .append(quote(NodeConfig.formatDuration(c.faucetInterval())))
        .append("\n\n");
    s.append("[log]\nformat = ").append(quote(c.logFormat())).append('\n');
    c.p2p()
        .listen()
        .ifPresent(listen -> {
          s.append("\n[p2p]\nlisten = ").append(quote(listen.toString())).append('\n');
          s.append("persistent_peers = [")
              .append(
                  String.join(
                      ", ", c.p2p().persistentPeers().stream().map(ConfigFile::quote).toList()))
              .append("]\n");
          s.append("seeds = [")
              .append(String.join(", ", c.p2p().seeds().stream().map(ConfigFile::quote).toList()))
              .append("]\n");
          s.append("discovery = ").append(c.p2p().discovery()).append('\n');
          s.append("outbound_peers = ").append(c.p2p().outboundPeers()).append('\n');
          s.append("max_inbound_peers = ").append(c.p2p().maxInboundPeers()).append('\n');
        });
    NodeConfig.StateSync ss = c.stateSync();
    s.append("\n[statesync]\nenable = ")
        .append(ss.enable())
        .append("\nsnapshot_interval = ")
        .append(ss.snapshotInterval())
        .append("\nsnapshot_keep_recent = ")
        .append(ss.snapshotKeepRecent())
        .append("\ndiscovery_time = ")
        .append(quote(NodeConfig.formatDuration(ss.discoveryTime())))
        .append("\ntrust_period = ")
        .append(quote(NodeConfig.formatDuration(ss.trustPeriod())))
        .append('\n');
    return s.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  public static void write(Path file, NodeConfig config) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, render(config), StandardCharsets.UTF_8);
  }
}
