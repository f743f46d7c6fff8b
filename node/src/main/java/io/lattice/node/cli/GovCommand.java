package io.lattice.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.lattice.proto.gov.v1.MsgDeposit;
import io.lattice.proto.gov.v1.MsgSubmitProposal;
import io.lattice.proto.gov.v1.MsgVote;
import io.lattice.proto.gov.v1.ParamChange;
import io.lattice.proto.gov.v1.VoteOption;
import io.lattice.proto.tx.v1.Coin;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lattice tx gov …} and {@code lattice query gov …}: proposals, deposits, votes. */
public final class GovCommand {
  private GovCommand() {}

  @Command(
      name = "gov",
      mixinStandardHelpOptions = true,
      description = "Governance transactions: proposals, deposits, stake-weighted votes.",
      subcommands = {SubmitProposal.class, Deposit.class, Vote.class})
  static final class Tx {}

  @Command(
      name = "gov",
      mixinStandardHelpOptions = true,
      description = "Governance queries.",
      subcommands = {Proposals.class, ProposalQuery.class})
  static final class Query {}

  static long proposalId(String text) throws CliException {
    if (!text.matches("[1-9][0-9]{0,18}")) {
      throw CliException.badInput("ID: '" + text + "' is not a proposal id (1, 2, …)");
    }
    return Long.parseLong(text);
  }

  @Command(
      name = "submit-proposal",
      mixinStandardHelpOptions = true,
      description = {
        "Propose parameter changes: each --param-change MODULE=JSON merges the JSON object's",
        "fields over that module's current params when the proposal passes."
      })
  static final class SubmitProposal extends SignedTx {
    @Option(names = "--title", required = true, description = "Short title")
    String title;

    @Option(names = "--summary", defaultValue = "", description = "What and why")
    String summary = "";

    @Option(
        names = "--param-change",
        required = true,
        paramLabel = "MODULE=JSON",
        description = "e.g. messaging={\"message_fee\":\"10\"} (repeatable)")
    List<String> changes = new ArrayList<>();

    @Option(names = "--deposit", description = "Initial deposit, e.g. 10000000ulat")
    String deposit;

    private final List<ParamChange> parsed = new ArrayList<>();
    private List<Coin> depositCoins = List.of();

    @Override
    void parseArguments() throws CliException {
      for (String c : changes) {
        int eq = c.indexOf('=');
        if (eq <= 0) {
          throw CliException.badInput(
              "--param-change: '"
                  + c
                  + "' is not MODULE=JSON, e.g. messaging={\"message_fee\":\"10\"}");
        }
        String module = c.substring(0, eq);
        JsonNode json;
        try {
          json = JSON.readTree(c.substring(eq + 1));
        } catch (JsonProcessingException e) {
          throw CliException.badInput(
              "--param-change " + module + ": not JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
          throw CliException.badInput("--param-change " + module + ": must be a JSON object");
        }
        parsed.add(
            ParamChange.newBuilder().setModule(module).setParamsJson(json.toString()).build());
      }
      if (deposit != null) {
        depositCoins = CoinArgs.parse(deposit, "--deposit");
      }
    }

    @Override
    List<Message> messages(Signing signing) {
      return List.of(
          MsgSubmitProposal.newBuilder()
              .setProposer(signing.address())
              .setTitle(title)
              .setSummary(summary)
              .addAllChanges(parsed)
              .addAllInitialDeposit(depositCoins)
              .build());
    }

    @Override
    String summary(String signer) {
      return "Propose '"
          + title
          + "' ("
          + parsed.size()
          + " param change(s)) with deposit "
          + (depositCoins.isEmpty() ? "none" : CoinArgs.format(depositCoins));
    }

    @Override
    int report(ObjectNode committed, NodeClient client, boolean json) {
      return reportWithEventNumber(
          committed, "submit_proposal", "proposal_id", "proposal_id", json);
    }
  }

  @Command(
      name = "deposit",
      mixinStandardHelpOptions = true,
      description = "Add AMOUNT to the deposit of proposal ID.")
  static final class Deposit extends SignedTx {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "AMOUNT", description = "e.g. 1000000ulat")
    String amount;

    private long proposal;
    private List<Coin> coins;

    @Override
    void parseArguments() throws CliException {
      proposal = proposalId(id);
      coins = CoinArgs.parse(amount, "AMOUNT");
    }

    @Override
    List<Message> messages(Signing signing) {
      return List.of(
          MsgDeposit.newBuilder()
              .setDepositor(signing.address())
              .setProposalId(proposal)
              .addAllAmount(coins)
              .build());
    }

    @Override
    String summary(String signer) {
      return "Deposit " + CoinArgs.format(coins) + " on proposal " + proposal;
    }
  }

  @Command(
      name = "vote",
      mixinStandardHelpOptions = true,
      description = "Vote on proposal ID: yes, no, abstain or no_with_veto (weighted by stake).")
  static final class Vote extends SignedTx {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "OPTION")
    String option;

    private long proposal;
    private VoteOption parsed;

    @Override
    void parseArguments() throws CliException {
      proposal = proposalId(id);
      parsed =
          switch (option.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "yes" -> VoteOption.VOTE_OPTION_YES;
            case "no" -> VoteOption.VOTE_OPTION_NO;
            case "abstain" -> VoteOption.VOTE_OPTION_ABSTAIN;
            case "no_with_veto", "veto" -> VoteOption.VOTE_OPTION_NO_WITH_VETO;
            default ->
                throw CliException.badInput(
                    "OPTION: '" + option + "' is not yes, no, abstain or no_with_veto");
          };
    }

    @Override
    List<Message> messages(Signing signing) {
      return List.of(
          MsgVote.newBuilder()
              .setVoter(signing.address())
              .setProposalId(proposal)
              .setOption(parsed)
              .build());
    }

    @Override
    String summary(String signer) {
      return signer + " votes " + option + " on proposal " + proposal;
    }
  }

  @Command(
      name = "proposals",
      mixinStandardHelpOptions = true,
      description = "Every proposal (or those with --status).")
  static final class Proposals extends QueryCommand.NodeQuery {
    @Option(
        names = "--status",
        description = "e.g. voting_period, deposit_period, passed, rejected")
    String status;

    @Override
    int run() throws CliException {
      node.json();
      String q = status == null ? "" : "?status=" + SignedTx.url(status);
      ObjectNode out = JSON.createObjectNode();
      out.set("proposals", ModuleApi.get(node.client(), "/v1/gov/proposals" + q));
      print(out);
      return 0;
    }
  }

  @Command(
      name = "proposal",
      mixinStandardHelpOptions = true,
      description = "One proposal: status, changes, deposits, tally.")
  static final class ProposalQuery extends QueryCommand.NodeQuery {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    int run() throws CliException {
      node.json();
      print(ModuleApi.get(node.client(), "/v1/gov/proposals/" + proposalId(id)));
      return 0;
    }
  }
}
