package io.lattice.chains;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code xchain.counterparty} genesis section that ties two chains together: the other chain's
 * id, its {@code genesis_time} and its genesis {@code validators} array verbatim, from which the
 * xchain light client of that chain starts (docs/spec/xchain.md).
 */
public final class Counterparty {
  private Counterparty() {}

  /**
   * The section for a chain whose counterparty has {@code counterpartyGenesis} (a whole
   * genesis.json tree).
   *
   * @throws IllegalArgumentException when that genesis lacks a chain id, time or validators
   */
  public static ObjectNode section(JsonNode counterpartyGenesis) {
    JsonNode chainId = counterpartyGenesis.path("chain_id");
    JsonNode time = counterpartyGenesis.path("genesis_time");
    JsonNode validators = counterpartyGenesis.path("validators");
    if (!chainId.isTextual() || chainId.asText().isEmpty()) {
      throw new IllegalArgumentException("counterparty genesis: chain_id missing");
    }
    if (!time.isTextual()) {
      throw new IllegalArgumentException("counterparty genesis: genesis_time missing");
    }
    if (!validators.isArray() || validators.isEmpty()) {
      throw new IllegalArgumentException("counterparty genesis: validators missing or empty");
    }
    ObjectNode section = JsonNodeFactory.instance.objectNode();
    section.put("chain_id", chainId.asText());
    section.put("genesis_time", time.asText());
    section.set("validators", validators.deepCopy());
    return section;
  }

  /**
   * Sets {@code appState.xchain.counterparty} (keeping any other {@code xchain} fields) when the
   * application of {@code chainId} runs {@code xchain}; returns whether it did. A chain without the
   * module would refuse the section as an unknown module.
   */
  public static boolean link(String chainId, ObjectNode appState, JsonNode counterpartyGenesis) {
    ObjectNode section = section(counterpartyGenesis);
    if (!ChainApps.modules(chainId).contains("xchain")) {
      return false;
    }
    JsonNode xchain = appState.get("xchain");
    ObjectNode target = xchain instanceof ObjectNode o ? o : appState.putObject("xchain");
    target.set("counterparty", section);
    return true;
  }
}
