package io.lattice.proto;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.Arrays;
import java.util.List;

/**
 * Strict decoding of untrusted protobuf bytes (docs/spec/formats.md, "Canonical encoding").
 *
 * <p>A byte string is accepted only when it is at most the size limit, parses, carries no field
 * unknown to the schema at any depth, and re-encodes to exactly the same bytes. The last rule makes
 * the encoding of every accepted message unique, so hashes and signatures over bytes are hashes and
 * signatures over the message.
 */
public final class Canonical {
  private Canonical() {}

  /**
   * Decodes {@code bytes} as a message of {@code parser}'s type.
   *
   * @param what names the thing being decoded in error reasons ("tx", "tx body", "MsgSend")
   * @throws DecodeException naming the first rule the input breaks
   */
  public static <T extends Message> T decode(
      Parser<T> parser, byte[] bytes, int maxBytes, String what) throws DecodeException {
    if (bytes.length > maxBytes) {
      throw new DecodeException(
          what + " too large: " + bytes.length + " bytes > limit " + maxBytes);
    }
    T message;
    try {
      message = parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new DecodeException(what + " malformed: " + e.getMessage());
    }
    String unknown = findUnknownField(message, message.getDescriptorForType().getName());
    if (unknown != null) {
      throw new DecodeException(what + " has unknown field " + unknown);
    }
    if (message.getSerializedSize() != bytes.length
        || !Arrays.equals(message.toByteArray(), bytes)) {
      throw new DecodeException(what + ": non-canonical encoding");
    }
    return message;
  }

  /** The path of the first unknown field ("TxBody.messages[0] field 9"), or null when none. */
  private static String findUnknownField(Message message, String path) {
    if (!message.getUnknownFields().asMap().isEmpty()) {
      return "number "
          + message.getUnknownFields().asMap().keySet().iterator().next()
          + " in "
          + path;
    }
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (field.isRepeated()) {
        List<?> values = (List<?>) message.getField(field);
        for (int i = 0; i < values.size(); i++) {
          String found =
              findUnknownField(
                  (Message) values.get(i), path + "." + field.getName() + "[" + i + "]");
          if (found != null) {
            return found;
          }
        }
      } else if (message.hasField(field)) {
        String found =
            findUnknownField((Message) message.getField(field), path + "." + field.getName());
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
