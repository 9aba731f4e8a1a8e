package io.github.mongoguard.sample.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Keeps passwords of MongoDB connection strings out of messages and log lines.
 *
 * <p>Works on malformed strings too, which is when a connection string ends up in an error
 * message: everything between the first {@code :} after the scheme and the last {@code @} is
 * treated as the password. That can mask more than the password, never less.
 */
public final class ConnectionStrings {
  /** What replaces a password. */
  public static final String MASK = "*****";

  private ConnectionStrings() {}

  /** The connection string with its password, if it has one, replaced by {@link #MASK}. */
  public static String mask(String connectionString) {
    int[] span = passwordSpan(connectionString);
    if (span.length == 0) {
      return connectionString;
    }
    return connectionString.substring(0, span[0]) + MASK + connectionString.substring(span[1]);
  }

  /**
   * {@code message} with every occurrence of the password of {@code connectionString}, as written
   * and URL-decoded, replaced by {@link #MASK}.
   */
  public static String scrub(String message, String connectionString) {
    Optional<String> password = password(connectionString);
    if (password.isEmpty()) {
      return message;
    }
    String scrubbed = message.replace(password.get(), MASK);
    String decoded = decode(password.get());
    return decoded.isEmpty() ? scrubbed : scrubbed.replace(decoded, MASK);
  }

  /** Whether {@code text} contains the password of {@code connectionString}. */
  static boolean containsPassword(String text, String connectionString) {
    return !scrub(text, connectionString).equals(text);
  }

  private static Optional<String> password(String connectionString) {
    int[] span = passwordSpan(connectionString);
    return span.length == 0 || span[0] == span[1]
        ? Optional.empty()
        : Optional.of(connectionString.substring(span[0], span[1]));
  }

  /** Start and end of the password, or an empty array when there is none. */
  private static int[] passwordSpan(String connectionString) {
    int scheme = connectionString.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int at = connectionString.lastIndexOf('@');
    if (at < start) {
      return new int[0];
    }
    int colon = connectionString.indexOf(':', start);
    if (colon < 0 || colon > at) {
      return new int[0];
    }
    return new int[] {colon + 1, at};
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
