package io.lattice.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Prints one numeric field of a JSON result file times a factor, rounded to a whole number, for
 * bench/run-all.sh: {@code JsonField FILE FIELD [FACTOR]}. Exits 1 if the field is missing or not a
 * positive number.
 */
public final class JsonField {
  private JsonField() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: JsonField FILE FIELD [FACTOR]");
      System.exit(2);
    }
    JsonNode value = new ObjectMapper().readTree(Path.of(args[0]).toFile()).path(args[1]);
    double factor = args.length > 2 ? Double.parseDouble(args[2]) : 1;
    if (!value.isNumber() || value.asDouble() * factor < 1) {
      System.err.println(args[0] + ": " + args[1] + " is not a positive number: " + value);
      System.exit(1);
    }
    System.out.println(Math.round(value.asDouble() * factor));
  }
}
