package io.lattice.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.lattice.proto.tx.v1.Any;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Readable JSON of the modules' transaction messages, from their proto descriptors: each field
 * under its proto name, bytes in base64, enums by name, nested {@code Any} messages decoded the
 * same way. A message of a type not listed here is shown as its base64 bytes.
 */
final class ProtoMessages {
  /** One message type of each proto file whose {@code Msg…} types the API decodes. */
  private static final List<FileDescriptor> FILES =
      List.of(
          io.lattice.proto.staking.v1.MsgDelegate.getDescriptor().getFile(),
          io.lattice.proto.distribution.v1.MsgWithdrawDelegatorReward.getDescriptor().getFile(),
          io.lattice.proto.slashing.v1.MsgUnjail.getDescriptor().getFile(),
          io.lattice.proto.identity.v1.MsgRegister.getDescriptor().getFile(),
          io.lattice.proto.messaging.v1.MsgSendDirectMessage.getDescriptor().getFile(),
          io.lattice.proto.channels.v1.MsgCreateChannel.getDescriptor().getFile(),
          io.lattice.proto.reputation.v1.MsgAdjustReputation.getDescriptor().getFile(),
          io.lattice.proto.gov.v1.MsgSubmitProposal.getDescriptor().getFile(),
          io.lattice.proto.xchain.v1.MsgRegisterWithStake.getDescriptor().getFile());

  private static final Map<String, Descriptor> BY_TYPE_URL = index();

  private ProtoMessages() {}

  private static Map<String, Descriptor> index() {
    Map<String, Descriptor> out = new TreeMap<>();
    for (FileDescriptor f : FILES) {
      for (Descriptor d : f.getMessageTypes()) {
        if (d.getName().startsWith("Msg")) {
          out.put("/" + d.getFullName(), d);
        }
      }
    }
    return out;
  }

  /** The message's fields, or empty when its type is not known here. */
  static Optional<ObjectNode> decode(Any any) throws InvalidProtocolBufferException {
    Descriptor d = BY_TYPE_URL.get(any.getTypeUrl());
    if (d == null) {
      return Optional.empty();
    }
    return Optional.of(write(DynamicMessage.parseFrom(d, any.getValue())));
  }

  static ObjectNode write(Message msg) throws InvalidProtocolBufferException {
    ObjectNode out = JsonViews.object();
    for (FieldDescriptor f : msg.getDescriptorForType().getFields()) {
      if (f.isRepeated()) {
        ArrayNode arr = out.putArray(f.getName());
        for (int i = 0; i < msg.getRepeatedFieldCount(f); i++) {
          arr.add(value(f, msg.getRepeatedField(f, i)));
        }
      } else if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || msg.hasField(f)) {
        out.set(f.getName(), value(f, msg.getField(f)));
      }
    }
    return out;
  }

  private static JsonNode value(FieldDescriptor f, Object v) throws InvalidProtocolBufferException {
    return switch (f.getJavaType()) {
      case MESSAGE -> {
        Message m = (Message) v;
        if (m.getDescriptorForType().getFullName().equals(Any.getDescriptor().getFullName())) {
          yield JsonViews.message(Any.parseFrom(m.toByteString()));
        }
        yield write(m);
      }
      case BYTE_STRING -> JsonViews.MAPPER.getNodeFactory().textNode(base64((ByteString) v));
      case ENUM -> JsonViews.MAPPER.getNodeFactory().textNode(((EnumValueDescriptor) v).getName());
      case BOOLEAN -> JsonViews.MAPPER.getNodeFactory().booleanNode((Boolean) v);
      case INT -> JsonViews.MAPPER.getNodeFactory().numberNode((Integer) v);
      case LONG ->
          switch (f.getType()) {
            case UINT64, FIXED64 ->
                JsonViews.MAPPER
                    .getNodeFactory()
                    .numberNode(new BigInteger(Long.toUnsignedString((Long) v)));
            default -> JsonViews.MAPPER.getNodeFactory().numberNode((Long) v);
          };
      default -> JsonViews.MAPPER.getNodeFactory().textNode(String.valueOf(v));
    };
  }

  private static String base64(ByteString b) {
    return JsonViews.base64(b.toByteArray());
  }
}
