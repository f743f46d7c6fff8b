package io.lattice.crypto.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.crypto.KeyAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded mutations of valid key files (fields removed, values replaced by other types or hostile
 * numbers): reading or unlocking a damaged file either still works or fails with a {@link
 * KeyringException}, never with another exception.
 */
class KeyFileMutationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final long SEED = 20261121L;

  @TempDir Path home;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void damagedFilesFailCleanly(Backend backend) throws Exception {
    Keyring keyring =
        Keyring.open(home, backend, PassphraseSource.fixed("pw"), ScryptParams.FOR_TESTS);
    keyring.add("k", KeyAlgorithm.ED25519);
    Path file = keyring.directory().resolve("k.json");
    ObjectNode original = (ObjectNode) JSON.readTree(file.toFile());
    Random random = new Random(SEED + backend.ordinal());
    int refused = 0;
    int iterations = 300;
    for (int i = 0; i < iterations; i++) {
      ObjectNode mutated = original.deepCopy();
      int mutations = 1 + random.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        mutate(mutated, random);
      }
      Files.writeString(file, mutated.toString());
      try {
        keyring.show("k");
        keyring.signer("k");
      } catch (KeyringException expected) {
        refused++;
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + SEED + " iteration " + i + ": " + mutated, e);
      }
    }
    // Most mutations hit a field that matters.
    assertThat(refused).isGreaterThan(iterations / 2);
  }

  private static void mutate(ObjectNode root, Random random) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    JsonNode target = containers.get(random.nextInt(containers.size()));
    if (target instanceof ObjectNode object && object.size() > 0) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      String name = names.get(random.nextInt(names.size()));
      if (random.nextInt(3) == 0) {
        object.remove(name);
      } else {
        object.set(name, randomValue(random, object.get(name)));
      }
    }
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isObject()) {
      out.add(node);
      node.elements().forEachRemaining(child -> collect(child, out));
    }
  }

  private static JsonNode randomValue(Random random, JsonNode previous) {
    return switch (random.nextInt(9)) {
      case 0 -> F.nullNode();
      case 1 -> F.numberNode(new int[] {-1, 0, 1, 3, Integer.MAX_VALUE}[random.nextInt(5)]);
      case 2 -> F.numberNode(1.5);
      case 3 -> F.textNode("");
      case 4 -> F.textNode("zz");
      case 5 -> F.objectNode();
      case 6 -> {
        ArrayNode array = F.arrayNode();
        array.add(1);
        yield array;
      }
      case 7 -> F.booleanNode(true);
      default -> {
        // Same type, one character changed: a flipped hex digit, a changed name or algorithm.
        String text = previous.isTextual() ? previous.asText() : previous.toString();
        if (text.isEmpty()) {
          yield F.textNode("0");
        }
        char[] chars = text.toCharArray();
        int at = random.nextInt(chars.length);
        chars[at] = chars[at] == '0' ? '1' : '0';
        yield previous.isNumber()
            ? F.numberNode(random.nextInt(100))
            : F.textNode(new String(chars));
      }
    };
  }
}
