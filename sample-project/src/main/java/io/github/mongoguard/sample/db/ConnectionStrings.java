package io.github.mongoguard.sample.db;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCredential;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the secrets of MongoDB connection strings out of messages, log lines and responses.
 *
 * <p>Masking follows the structure of the string, not a list of known secrets, and works on
 * malformed strings too (which is when a connection string ends up in an error message):
 *
 * <ul>
 *   <li>User info: the password, everything after the first {@code :} of the user info, becomes
 *       {@link #MASK}. The user info ends where the driver ends it when the driver accepts the
 *       string ({@link ConnectionString}); otherwise at the last {@code @} of the string, so that
 *       an unescaped {@code @}, {@code /} or {@code ?} in a password masks more, never less. A user
 *       name that looks like anything but a user name is masked too.
 *   <li>No {@code @} at all ({@code mongodb://alice:secret}): a host whose "port" is not a port is
 *       taken for a user and a password, and the password is masked.
 *   <li>Options: the value of every option is masked except those of {@link #PLAIN_OPTIONS}, which
 *       carry no secret ({@code appName}, {@code maxPoolSize}, ...). A misspelled or unknown option
 *       is masked: when in doubt, the value is a secret ({@code authMechanismProperties} with an
 *       {@code AWS_SESSION_TOKEN}, {@code tlsCertificateKeyFilePassword}, ...).
 * </ul>
 *
 * <p>What cannot be told apart: {@code mongodb://alice:27017} is the host {@code alice} on port
 * 27017 for the driver, and for this class; a password of digits only is safe only behind an
 * {@code @}, where it belongs.
 */
public final class ConnectionStrings {
  /** What replaces a secret. */
  public static final String MASK = "*****";

  /** Options, lower case, whose values carry no secret and are shown as written. */
  static final Set<String> PLAIN_OPTIONS =
      Set.of(
          "appname",
          "authmechanism",
          "authsource",
          "compressors",
          "connecttimeoutms",
          "directconnection",
          "heartbeatfrequencyms",
          "journal",
          "loadbalanced",
          "localthresholdms",
          "maxconnecting",
          "maxidletimems",
          "maxlifetimems",
          "maxpoolsize",
          "maxstalenessseconds",
          "minpoolsize",
          "readconcernlevel",
          "readpreference",
          "readpreferencetags",
          "replicaset",
          "retryreads",
          "retrywrites",
          "serverselectiontimeoutms",
          "serverselectiontryonce",
          "sockettimeoutms",
          "srvmaxhosts",
          "srvservicename",
          "ssl",
          "timeoutms",
          "tls",
          "tlsallowinvalidcertificates",
          "tlsallowinvalidhostnames",
          "tlsinsecure",
          "uuidrepresentation",
          "w",
          "waitqueuetimeoutms",
          "wtimeoutms",
          "zlibcompressionlevel");

  /** Options, lower case, that the driver reads without a warning. */
  private static final Set<String> DRIVER_OPTIONS = driverOptions();

  private static Set<String> driverOptions() {
    Set<String> options = new java.util.HashSet<>(PLAIN_OPTIONS);
    options.addAll(
        List.of(
            "authmechanismproperties",
            "gssapiservicename",
            "proxyhost",
            "proxyport",
            "proxyusername",
            "proxypassword",
            "servermonitoringmode",
            "sslinvalidhostnameallowed",
            "safe",
            "fsync",
            "j",
            "wtimeout"));
    return Set.copyOf(options);
  }

  /** Connection strings inside free text, such as a driver's error message. */
  private static final Pattern EMBEDDED = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>]+");

  /** {@code name=value} and {@code name: value} pairs whose name says the value is a secret. */
  private static final Pattern SECRET_PAIR =
      Pattern.compile(
          "(?i)\\b([a-z_]*(?:password|passwd|pwd|secret|token|apikey|api_key)[a-z_]*)"
              + "(\\s*[=:]\\s*)('[^']*'|\"[^\"]*\"|[^,;}\\s&]+)");

  /** The last string {@link #parse} read, for log lines that are scrubbed one by one. */
  private static volatile Parsed last;

  private static final Pattern PORT = Pattern.compile("\\d{1,5}");

  private ConnectionStrings() {}

  /**
   * The connection string with its password and every secret option value replaced by {@link
   * #MASK}.
   */
  public static String mask(String connectionString) {
    return parse(connectionString).masked;
  }

  /**
   * {@code message} with every connection string in it masked, and every secret of {@code
   * connectionString} (as written, URL-decoded, and as the driver decoded it) replaced by {@link
   * #MASK}.
   */
  public static String scrub(String message, String connectionString) {
    String scrubbed = maskEmbedded(message);
    for (String secret : parse(connectionString).secrets) {
      scrubbed = scrubbed.replace(secret, MASK);
    }
    return scrubbed;
  }

  /** {@code text} with every connection string in it masked; for text from unknown sources. */
  public static String maskEmbedded(String text) {
    Matcher matcher = EMBEDDED.matcher(text);
    StringBuilder masked = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(masked, Matcher.quoteReplacement(mask(matcher.group())));
    }
    matcher.appendTail(masked);
    return masked.toString();
  }

  /**
   * {@code text} with every connection string in it masked and every value of a pair such as {@code
   * password=...} or {@code token: ...} replaced by {@link #MASK}: for text that may quote
   * settings, such as the driver's own {@code toString()} of its proxy settings.
   */
  public static String maskSecretPairs(String text) {
    return SECRET_PAIR.matcher(maskEmbedded(text)).replaceAll("$1$2" + MASK);
  }

  /** Whether {@code text} contains a secret of {@code connectionString}. */
  public static boolean containsSecret(String text, String connectionString) {
    for (String secret : parse(connectionString).secrets) {
      if (text.contains(secret)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether any throwable of the cause chain of {@code error} shows a secret of {@code
   * connectionString} in its {@code toString()} (class and message).
   */
  public static boolean chainContainsSecret(Throwable error, String connectionString) {
    Set<Throwable> seen = new java.util.HashSet<>();
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      if (containsSecret(String.valueOf(t), connectionString)) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (chainContainsSecret(suppressed, connectionString)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The masked form and the secrets of one connection string. */
  private static final class Parsed {
    final String source;
    final String masked;
    final Set<String> secrets;

    Parsed(String source, String masked, Set<String> secrets) {
      this.source = source;
      this.masked = masked;
      this.secrets = secrets;
    }
  }

  private static Parsed parse(String connectionString) {
    Parsed cached = last;
    if (cached != null && cached.source.equals(connectionString)) {
      return cached;
    }
    Parsed parsed = parseUncached(connectionString);
    last = parsed;
    return parsed;
  }

  private static Parsed parseUncached(String connectionString) {
    Set<String> secrets = new LinkedHashSet<>();
    Optional<ConnectionString> driver = driverParse(connectionString);
    driver.ifPresent(parsed -> addDriverSecrets(parsed, secrets));

    int schemeEnd = connectionString.indexOf("://");
    int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
    String rest = connectionString.substring(start);
    int at = driver.isPresent() ? driverUserInfoEnd(rest) : -1;
    if (at < 0) {
      at = rest.lastIndexOf('@');
    }
    StringBuilder masked = new StringBuilder(connectionString.substring(0, start));
    String tail;
    if (at >= 0) {
      masked.append(maskUserInfo(rest.substring(0, at), secrets)).append('@');
      tail = rest.substring(at + 1);
    } else {
      tail = rest;
    }
    int query = tail.indexOf('?');
    String hosts = query < 0 ? tail : tail.substring(0, query);
    masked.append(at >= 0 ? hosts : maskHostsWithoutUserInfo(hosts, secrets));
    if (query >= 0) {
      masked.append('?').append(maskOptions(tail.substring(query + 1), secrets));
    }
    secrets.remove("");
    return new Parsed(connectionString, masked.toString(), withDecoded(secrets));
  }

  /**
   * The driver's reading of the string, when it has one; not asked for strings with options it does
   * not know, because it logs a warning that quotes the option's name each time.
   */
  private static Optional<ConnectionString> driverParse(String connectionString) {
    int query = connectionString.indexOf('?');
    if (query >= 0) {
      for (String option : connectionString.substring(query + 1).split("[&;]", -1)) {
        int equals = option.indexOf('=');
        if (equals < 0
            || !DRIVER_OPTIONS.contains(option.substring(0, equals).toLowerCase(Locale.ROOT))) {
          return Optional.empty();
        }
      }
    }
    try {
      return Optional.of(new ConnectionString(connectionString.strip()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void addDriverSecrets(ConnectionString parsed, Set<String> secrets) {
    MongoCredential credential = parsed.getCredential();
    if (credential == null) {
      return;
    }
    char[] password = credential.getPassword();
    if (password != null) {
      secrets.add(new String(password));
    }
  }

  /**
   * Where the driver ends the user info: at the last {@code @} before the last {@code /}, or before
   * the options when there is no {@code /}; -1 when there is no user info.
   */
  private static int driverUserInfoEnd(String rest) {
    int slash = rest.lastIndexOf('/');
    int end = slash >= 0 ? slash : rest.indexOf('?') >= 0 ? rest.indexOf('?') : rest.length();
    return rest.substring(0, end).lastIndexOf('@');
  }

  private static String maskUserInfo(String userInfo, Set<String> secrets) {
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    boolean plainUser = user.chars().noneMatch(c -> "/?#&=@[]".indexOf(c) >= 0);
    if (!plainUser) {
      secrets.add(userInfo);
      return MASK;
    }
    if (colon < 0) {
      return user;
    }
    String password = userInfo.substring(colon + 1);
    secrets.add(password);
    addParts(password, "[@:/?#\\s]+", secrets);
    return user + ":" + MASK;
  }

  /** Hosts of a string without {@code @}: an entry whose port is not a port hides a password. */
  private static String maskHostsWithoutUserInfo(String hostsAndPath, Set<String> secrets) {
    int slash = hostsAndPath.indexOf('/');
    String hosts = slash < 0 ? hostsAndPath : hostsAndPath.substring(0, slash);
    String path = slash < 0 ? "" : hostsAndPath.substring(slash);
    List<String> entries = new ArrayList<>();
    for (String entry : hosts.split(",", -1)) {
      int portColon =
          entry.startsWith("[")
              ? entry.indexOf(':', Math.max(entry.indexOf(']'), 0))
              : entry.indexOf(':');
      if (portColon < 0) {
        entries.add(entry);
        continue;
      }
      String port = entry.substring(portColon + 1);
      if (PORT.matcher(port).matches() && Integer.parseInt(port) <= 65_535) {
        entries.add(entry);
      } else {
        secrets.add(port);
        entries.add(entry.substring(0, portColon + 1) + MASK);
      }
    }
    return String.join(",", entries) + path;
  }

  private static String maskOptions(String options, Set<String> secrets) {
    StringBuilder masked = new StringBuilder();
    int from = 0;
    while (from <= options.length()) {
      int end = nextSeparator(options, from);
      String option = options.substring(from, end);
      masked.append(maskOption(option, secrets));
      if (end < options.length()) {
        masked.append(options.charAt(end));
      }
      from = end + 1;
    }
    return masked.toString();
  }

  private static int nextSeparator(String options, int from) {
    for (int i = from; i < options.length(); i++) {
      char c = options.charAt(i);
      if (c == '&' || c == ';') {
        return i;
      }
    }
    return options.length();
  }

  private static String maskOption(String option, Set<String> secrets) {
    if (option.isEmpty()) {
      return option;
    }
    int equals = option.indexOf('=');
    if (equals < 0) {
      secrets.add(option);
      return MASK;
    }
    String key = option.substring(0, equals);
    String value = option.substring(equals + 1);
    if (PLAIN_OPTIONS.contains(key.toLowerCase(Locale.ROOT)) && value.indexOf('#') < 0) {
      return option;
    }
    secrets.add(value);
    // Mechanism properties are KEY:value pairs, comma separated; each part may be a secret.
    addParts(value, "[,:#]+", secrets);
    return key + "=" + MASK;
  }

  /**
   * Adds the parts of {@code text} between {@code separators}: what a reader may take for the
   * secret when the string is malformed ({@code alice:secret@@host}). Parts shorter than {@value
   * #MIN_PART} characters are left out: masking every "x" in a message would hide everything else.
   */
  private static void addParts(String text, String separators, Set<String> secrets) {
    for (String part : text.split(separators, -1)) {
      if (part.length() >= MIN_PART) {
        secrets.add(part);
      }
    }
  }

  private static final int MIN_PART = 4;

  /** The secrets, each also as URL-decoded, longest first so that no part of one survives. */
  private static Set<String> withDecoded(Set<String> secrets) {
    List<String> all = new ArrayList<>(secrets);
    for (String secret : secrets) {
      all.add(decode(secret));
    }
    all.removeIf(String::isEmpty);
    all.sort((a, b) -> Integer.compare(b.length(), a.length()));
    return new LinkedHashSet<>(all);
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
