package io.lattice.runtime.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/**
 * Reading and writing genesis sections by hand (field names in snake_case as in proto JSON; 64-bit
 * integers as decimal strings, numbers also accepted on input). Every rejection is an {@link
 * IllegalArgumentException} naming the field path.
 */
public final class GenesisJson {
  private GenesisJson() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** Requires {@code node} to be an object with only {@code allowed} fields. */
  public static JsonNode requireObject(JsonNode node, String path, Set<String> allowed) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(path + " must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new IllegalArgumentException(path + " has unknown field '" + f + "'");
      }
    }
    return node;
  }

  /** The array at {@code field}, or an empty array when absent. */
  public static ArrayNode optionalArray(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return array();
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException(path + "." + field + " must be an array");
    }
    return (ArrayNode) n;
  }

  public static String requireString(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException(path + "." + field + " must be a string");
    }
    return n.asText();
  }

  /**
   * An unsigned 64-bit integer given as a decimal string or a JSON number; {@code dflt} when
   * absent.
   */
  public static long uint64(JsonNode parent, String field, String path, long dflt) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return dflt;
    }
    String s = n.isTextual() ? n.asText() : n.isIntegralNumber() ? n.asText() : null;
    if (s == null || !s.matches("0|[1-9][0-9]{0,19}")) {
      throw new IllegalArgumentException(
          path + "." + field + " must be a non-negative integer, got " + n);
    }
    try {
      return Long.parseUnsignedLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(path + "." + field + " is out of range: " + s, e);
    }
  }

  public static boolean bool(JsonNode parent, String field, String path, boolean dflt) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isBoolean()) {
      throw new IllegalArgumentException(path + "." + field + " must be true or false");
    }
    return n.asBoolean();
  }

  public static String uint64Text(long v) {
    return Long.toUnsignedString(v);
  }
}
