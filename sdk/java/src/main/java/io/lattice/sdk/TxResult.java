package io.lattice.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A committed transaction ({@code GET /v1/txs/{hash}} or {@code POST /v1/txs} with mode {@code
 * commit}). {@code code} 0 is success. {@code tx} is the decoded transaction of {@code GET
 * /v1/txs/{hash}} (a missing node for a {@code commit} answer, which does not carry it).
 */
public record TxResult(
    String txHash,
    long height,
    int index,
    int code,
    String codespace,
    String log,
    long gasWanted,
    long gasUsed,
    List<Event> events,
    JsonNode tx) {
  public TxResult {
    events = List.copyOf(events);
  }

  /** An event the transaction emitted: a type and its attributes in order. */
  public record Event(String type, List<Attribute> attributes) {
    public Event {
      attributes = List.copyOf(attributes);
    }

    public Optional<String> attribute(String key) {
      return attributes.stream().filter(a -> a.key().equals(key)).map(Attribute::value).findFirst();
    }
  }

  public record Attribute(String key, String value) {}

  public boolean isSuccess() {
    return code == 0;
  }

  /** The first value of attribute {@code key} in any event. */
  public Optional<String> attribute(String key) {
    return events.stream().map(e -> e.attribute(key)).flatMap(Optional::stream).findFirst();
  }

  /**
   * @throws TxFailedException when execution failed
   */
  public TxResult requireSuccess() throws TxFailedException {
    if (code != 0) {
      throw new TxFailedException(txHash, height, code, codespace, log);
    }
    return this;
  }
}
