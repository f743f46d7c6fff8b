package io.lattice.staking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.lattice.runtime.module.GenesisJson;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

/**
 * Genesis JSON of the proof-of-stake modules' state records, derived from their protobuf
 * descriptors: snake_case field names (the proto names), 64-bit integers as decimal strings, bytes
 * as base64, enums by value name, unset scalar fields omitted. Parsing rejects unknown fields
 * naming the path.
 */
public final class ProtoJson {
  private ProtoJson() {}

  /** A module's genesis section that starts with {@code params}, the rest to be added. */
  public static ObjectNode genesisWithParams(Message params) {
    ObjectNode out = GenesisJson.object();
    out.set("params", write(params));
    return out;
  }

  public static ObjectNode write(Message msg) {
    ObjectNode out = GenesisJson.object();
    for (FieldDescriptor f : msg.getDescriptorForType().getFields()) {
      if (f.isRepeated()) {
        ArrayNode arr = out.putArray(f.getName());
        for (int i = 0; i < msg.getRepeatedFieldCount(f); i++) {
          Object v = msg.getRepeatedField(f, i);
          if (v instanceof Message m) {
            arr.add(write(m));
          } else if (v instanceof EnumValueDescriptor e) {
            arr.add(e.getName());
          } else {
            arr.add(String.valueOf(v));
          }
        }
      } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (msg.hasField(f)) {
          out.set(f.getName(), write((Message) msg.getField(f)));
        }
      } else if (msg.hasField(f)) {
        Object v = msg.getField(f);
        switch (f.getJavaType()) {
          case BOOLEAN -> out.put(f.getName(), (Boolean) v);
          case INT -> out.put(f.getName(), (Integer) v);
          case BYTE_STRING ->
              out.put(
                  f.getName(), Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
          case LONG -> out.put(f.getName(), String.valueOf(v));
          case ENUM -> out.put(f.getName(), ((EnumValueDescriptor) v).getName());
          default -> out.put(f.getName(), String.valueOf(v));
        }
      }
    }
    return out;
  }

  /**
   * @throws IllegalArgumentException naming the path of a malformed or unknown field
   */
  public static <B extends Message.Builder> B read(JsonNode node, B builder, String path) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(path + " must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      FieldDescriptor f = builder.getDescriptorForType().findFieldByName(name);
      if (f == null) {
        throw new IllegalArgumentException(path + " has unknown field '" + name + "'");
      }
      JsonNode v = node.get(name);
      String at = path + "." + name;
      if (f.isRepeated()) {
        if (!v.isArray()) {
          throw new IllegalArgumentException(at + " must be an array");
        }
        for (int i = 0; i < v.size(); i++) {
          builder.addRepeatedField(f, value(f, v.get(i), builder, at + "[" + i + "]"));
        }
      } else {
        builder.setField(f, value(f, v, builder, at));
      }
    }
    return builder;
  }

  private static Object value(FieldDescriptor f, JsonNode v, Message.Builder parent, String at) {
    try {
      return switch (f.getJavaType()) {
        case MESSAGE -> read(v, parent.newBuilderForField(f), at).build();
        case BOOLEAN -> {
          if (!v.isBoolean()) {
            throw new IllegalArgumentException(at + " must be true or false");
          }
          yield v.asBoolean();
        }
        case INT -> {
          if (!v.canConvertToInt() || v.asInt() < 0) {
            throw new IllegalArgumentException(at + " must be a non-negative integer");
          }
          yield v.asInt();
        }
        case LONG -> {
          if (!v.isTextual() && !v.isIntegralNumber()) {
            throw new IllegalArgumentException(at + " must be an integer");
          }
          yield Long.parseLong(v.asText());
        }
        case BYTE_STRING -> {
          if (!v.isTextual()) {
            throw new IllegalArgumentException(at + " must be base64 text");
          }
          yield ByteString.copyFrom(Base64.getDecoder().decode(v.asText()));
        }
        case ENUM -> {
          EnumValueDescriptor e =
              v.isTextual() ? f.getEnumType().findValueByName(v.asText()) : null;
          if (e == null) {
            throw new IllegalArgumentException(
                at
                    + " must be one of "
                    + f.getEnumType().getValues().stream()
                        .map(EnumValueDescriptor::getName)
                        .toList()
                    + ", got "
                    + v);
          }
          yield e;
        }
        case STRING -> {
          if (!v.isTextual()) {
            throw new IllegalArgumentException(at + " must be a string");
          }
          yield v.asText();
        }
        default -> throw new IllegalArgumentException(at + ": unsupported field type");
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(at + " is not an integer: " + v, e);
    }
  }

  /** Each element of the array at {@code field} (absent = none). */
  public static List<JsonNode> elements(JsonNode parent, String field, String path) {
    ArrayNode arr = GenesisJson.optionalArray(parent, field, path);
    List<JsonNode> out = new java.util.ArrayList<>();
    arr.forEach(out::add);
    return out;
  }
}
