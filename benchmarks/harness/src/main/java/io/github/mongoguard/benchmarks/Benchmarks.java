package io.github.mongoguard.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * Runs the benchmarks: {@code compile} (what Mongo Guard adds to an Error Prone build), {@code
 * connections} (how many connections a service holds with a client per request and with the shared
 * client), or {@code all}.
 */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException("Name a benchmark: compile, connections or all");
    }
    String[] options = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0].toLowerCase(Locale.ROOT)) {
      case "compile" -> CompileBenchmark.main(options);
      case "connections" -> ConnectionBenchmark.main(options);
      case "all" -> {
        CompileBenchmark.main(options);
        ConnectionBenchmark.main(options);
      }
      default ->
          throw new IllegalArgumentException(
              "Unknown benchmark '" + args[0] + "'; expected compile, connections or all");
    }
  }

  /** The value of the option {@code name}, which must be a positive whole number. */
  static int positive(String name, String text) {
    try {
      int value = Integer.parseInt(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(name + " needs a positive whole number, not '" + text + "'");
  }
}
