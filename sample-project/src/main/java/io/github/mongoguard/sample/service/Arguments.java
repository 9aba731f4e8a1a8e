package io.github.mongoguard.sample.service;

/** Command-line argument helpers shared by the sample's commands. */
public final class Arguments {
  private Arguments() {}

  /** The integer at {@code args[index]}, at least {@code min}, for the option {@code name}. */
  public static int intValue(String[] args, int index, String name, int min) {
    String value = stringValue(args, index, name);
    try {
      int number = Integer.parseInt(value);
      if (number < min) {
        throw fail(name + " must be at least " + min + ", was " + number);
      }
      return number;
    } catch (NumberFormatException e) {
      throw fail(name + " needs a number, was " + value);
    }
  }

  /** The value at {@code args[index]} for the option {@code name}. */
  public static String stringValue(String[] args, int index, String name) {
    if (index >= args.length) {
      throw fail(name + " needs a value");
    }
    return args[index];
  }

  /** An exception for a wrong command line; main methods let it end the program. */
  public static IllegalArgumentException fail(String message) {
    return new IllegalArgumentException(message);
  }
}
