package io.github.mongoguard.sample.db;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.event.ConnectionPoolListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Where the process's MongoDB client connects and how its pool is sized: read from the environment,
 * checked, and turned into the driver's {@link MongoClientSettings}.
 *
 * <p>The connection string comes from the system property {@value #URI_PROPERTY} when it is set,
 * else from the environment variable {@value #URI_VARIABLE}. The default database comes from
 * {@value #DATABASE_PROPERTY} or {@value #DATABASE_VARIABLE}, else from the path of the connection
 * string. Pool options written in the connection string win over the defaults here.
 */
public final class DatabaseConfig {
  /** The environment variable that holds the connection string. */
  public static final String URI_VARIABLE = "MONGODB_URI";

  /** The system property that holds the connection string; it wins over the variable. */
  public static final String URI_PROPERTY = "mongodb.uri";

  /** The environment variable that names the default database. */
  public static final String DATABASE_VARIABLE = "MONGODB_DATABASE";

  /** The system property that names the default database; it wins over the variable. */
  public static final String DATABASE_PROPERTY = "mongodb.database";

  /** At most this many connections per server ({@code maxPoolSize}). */
  public static final int DEFAULT_MAX_POOL_SIZE = 5;

  /** No connection is kept open for its own sake ({@code minPoolSize}). */
  public static final int DEFAULT_MIN_POOL_SIZE = 0;

  /** Connections idle this long are closed ({@code maxIdleTimeMS}). */
  public static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofSeconds(60);

  /** An operation waits at most this long for a free connection ({@code waitQueueTimeoutMS}). */
  public static final Duration DEFAULT_MAX_WAIT_TIME = Duration.ofSeconds(10);

  /**
   * An operation waits at most this long for a usable server ({@code serverSelectionTimeoutMS}).
   */
  public static final Duration DEFAULT_SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Every operation, retries and the wait for a connection and a server included, ends within this
   * long ({@code timeoutMS}): it succeeds or fails with {@code MongoOperationTimeoutException}.
   * {@code timeoutMS=0} in the connection string means no limit; then {@code waitQueueTimeoutMS},
   * {@code serverSelectionTimeoutMS} and {@code socketTimeoutMS} bound each step instead.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The name the server shows for this client's connections ({@code appName}). */
  public static final String DEFAULT_APPLICATION_NAME = "mongo-guard-sample";

  private final String source;
  private final String uri;
  private final ConnectionString connectionString;
  private final Optional<String> databaseName;

  private DatabaseConfig(
      String source, String uri, ConnectionString connectionString, Optional<String> databaseName) {
    this.source = source;
    this.uri = uri;
    this.connectionString = connectionString;
    this.databaseName = databaseName;
  }

  /** Reads the configuration of this process: its system properties and environment. */
  public static DatabaseConfig fromEnvironment() {
    return from(System.getenv(), System.getProperties());
  }

  /**
   * Reads the configuration from the given environment and system properties.
   *
   * @throws IllegalStateException when no connection string is set; the message names {@value
   *     #URI_VARIABLE}
   * @throws IllegalArgumentException when the connection string is malformed; the message says what
   *     is wrong and never contains the password
   */
  static DatabaseConfig from(Map<String, String> environment, Properties properties) {
    String property = blankToNull(properties.getProperty(URI_PROPERTY));
    String variable = blankToNull(environment.get(URI_VARIABLE));
    if (property == null && variable == null) {
      throw new IllegalStateException(
          URI_VARIABLE
              + " is not set: set the environment variable "
              + URI_VARIABLE
              + " (or the system property "
              + URI_PROPERTY
              + ") to the connection string of your MongoDB deployment, for example"
              + " mongodb://localhost:27017/app or the mongodb+srv:// string Atlas shows under"
              + " Connect");
    }
    String source =
        property != null
            ? "system property " + URI_PROPERTY
            : "environment variable " + URI_VARIABLE;
    String uri = property != null ? property : variable;
    ConnectionString connectionString = parse(source, uri);
    validate(source, connectionString);
    String database = blankToNull(properties.getProperty(DATABASE_PROPERTY));
    if (database == null) {
      database = blankToNull(environment.get(DATABASE_VARIABLE));
    }
    if (database == null) {
      database = blankToNull(connectionString.getDatabase());
    }
    return new DatabaseConfig(source, uri, connectionString, Optional.ofNullable(database));
  }

  /** The connection string as configured, unparsed, or null when none is set. */
  static String configuredUri(Map<String, String> environment, Properties properties) {
    String property = blankToNull(properties.getProperty(URI_PROPERTY));
    return property != null ? property : blankToNull(environment.get(URI_VARIABLE));
  }

  private static ConnectionString parse(String source, String uri) {
    // The driver logs the name of an option it does not know; a token that is no option at all
    // may be a pasted secret, so it is refused here, before the driver sees it.
    int query = uri.indexOf('?');
    if (query >= 0) {
      String[] options = uri.strip().substring(query).substring(1).split("[&;]", -1);
      for (int i = 0; i < options.length; i++) {
        int equals = options[i].indexOf('=');
        if (!options[i].isEmpty()
            && (equals < 1 || !options[i].substring(0, equals).matches("[A-Za-z][A-Za-z0-9_]*"))) {
          throw new IllegalArgumentException(
              "The "
                  + source
                  + " is not a valid MongoDB connection string ("
                  + ConnectionStrings.mask(uri.strip())
                  + "): option "
                  + (i + 1)
                  + " after '?' is not name=value");
        }
      }
    }
    try {
      return new ConnectionString(uri.strip());
    } catch (IllegalArgumentException e) {
      String reason = ConnectionStrings.scrub(String.valueOf(e.getMessage()), uri);
      IllegalArgumentException error =
          new IllegalArgumentException(
              "The "
                  + source
                  + " is not a valid MongoDB connection string ("
                  + ConnectionStrings.mask(uri.strip())
                  + "): "
                  + reason);
      // The driver's message is scrubbed above; its exception is kept only when it cannot leak.
      if (!ConnectionStrings.chainContainsSecret(e, uri)) {
        error.initCause(e);
      }
      throw error;
    }
  }

  /**
   * Rejects option values that the driver would take for something else ({@code maxPoolSize=0} is
   * an unlimited pool there) or reject later with a message that names neither option nor source.
   */
  private static void validate(String source, ConnectionString cs) {
    Integer max = cs.getMaxConnectionPoolSize();
    atLeast(source, "maxPoolSize", max, 1, " (0 would mean no limit at all)");
    Integer min = cs.getMinConnectionPoolSize();
    atLeast(source, "minPoolSize", min, 0, "");
    int effectiveMax = max != null ? max : DEFAULT_MAX_POOL_SIZE;
    if (min != null && min > effectiveMax) {
      throw new IllegalArgumentException(
          "minPoolSize from the "
              + source
              + ": must be at most maxPoolSize ("
              + effectiveMax
              + "), was "
              + min);
    }
    atLeast(source, "maxConnecting", cs.getMaxConnecting(), 1, "");
    atLeast(source, "maxIdleTimeMS", cs.getMaxConnectionIdleTime(), 0, "");
    atLeast(source, "maxLifeTimeMS", cs.getMaxConnectionLifeTime(), 0, "");
    atLeast(source, "waitQueueTimeoutMS", cs.getMaxWaitTime(), 0, "");
    atLeast(source, "serverSelectionTimeoutMS", cs.getServerSelectionTimeout(), 0, "");
    atLeast(source, "connectTimeoutMS", cs.getConnectTimeout(), 0, "");
    atLeast(source, "socketTimeoutMS", cs.getSocketTimeout(), 0, "");
    Long timeout = cs.getTimeout();
    atLeast(
        source,
        "timeoutMS",
        timeout == null ? null : (int) Math.max(Math.min(timeout, Integer.MAX_VALUE), -1),
        0,
        " (0 means no limit)");
  }

  private static void atLeast(String source, String option, Integer value, int min, String note) {
    if (value != null && value < min) {
      throw new IllegalArgumentException(
          option + " from the " + source + ": must be at least " + min + note + ", was " + value);
    }
  }

  /** Where the connection string came from, for messages: "environment variable MONGODB_URI". */
  public String source() {
    return source;
  }

  /** The connection string with its password masked: safe to print. */
  public String maskedUri() {
    return ConnectionStrings.mask(uri.strip());
  }

  /**
   * {@code text} with every secret of the connection string, and every connection string in it,
   * masked: for messages of the driver's exceptions before they are logged or rethrown.
   */
  public String scrub(String text) {
    return ConnectionStrings.scrub(text, uri);
  }

  /** Whether {@code error} or any of its causes shows a secret of the connection string. */
  public boolean leaks(Throwable error) {
    return ConnectionStrings.chainContainsSecret(error, uri);
  }

  /** Whether the connection string is a {@code mongodb+srv://} one, whose hosts come from DNS. */
  public boolean isSrv() {
    return connectionString.isSrvProtocol();
  }

  /** The hosts of the connection string (for {@code mongodb+srv://}, the SRV name). */
  public List<String> hosts() {
    return connectionString.getHosts();
  }

  /** The default database, when the configuration names one. */
  public Optional<String> databaseName() {
    return databaseName;
  }

  /** The effective {@code maxPoolSize}: the connection string's, else the default. */
  public int maxPoolSize() {
    Integer value = connectionString.getMaxConnectionPoolSize();
    return value != null ? value : DEFAULT_MAX_POOL_SIZE;
  }

  /** The effective {@code serverSelectionTimeoutMS}: the connection string's, else the default. */
  public Duration serverSelectionTimeout() {
    Integer value = connectionString.getServerSelectionTimeout();
    return value != null ? Duration.ofMillis(value) : DEFAULT_SERVER_SELECTION_TIMEOUT;
  }

  /** The effective {@code timeoutMS}: the connection string's, else the default; 0 means none. */
  public Duration timeout() {
    Long value = connectionString.getTimeout();
    return value != null ? Duration.ofMillis(value) : DEFAULT_TIMEOUT;
  }

  /** This configuration with the password masked, for startup messages. */
  public String describe() {
    return maskedUri()
        + " (from the "
        + source
        + ", database "
        + databaseName.orElse("<none>")
        + ", maxPoolSize "
        + maxPoolSize()
        + ", serverSelectionTimeout "
        + serverSelectionTimeout().toMillis()
        + " ms, timeout "
        + timeout().toMillis()
        + " ms)";
  }

  /**
   * The driver settings for a client of this configuration: the connection string's options, the
   * defaults of this class where the connection string leaves an option out, and the given pool
   * listeners.
   */
  public MongoClientSettings clientSettings(ConnectionPoolListener... listeners) {
    ConnectionString cs = connectionString;
    MongoClientSettings.Builder builder = MongoClientSettings.builder().applyConnectionString(cs);
    builder.applyToConnectionPoolSettings(
        pool -> {
          if (cs.getMaxConnectionPoolSize() == null) {
            pool.maxSize(DEFAULT_MAX_POOL_SIZE);
          }
          if (cs.getMinConnectionPoolSize() == null) {
            pool.minSize(DEFAULT_MIN_POOL_SIZE);
          }
          if (cs.getMaxConnectionIdleTime() == null) {
            pool.maxConnectionIdleTime(DEFAULT_MAX_IDLE_TIME.toMillis(), TimeUnit.MILLISECONDS);
          }
          if (cs.getMaxWaitTime() == null) {
            pool.maxWaitTime(DEFAULT_MAX_WAIT_TIME.toMillis(), TimeUnit.MILLISECONDS);
          }
          for (ConnectionPoolListener listener : listeners) {
            pool.addConnectionPoolListener(listener);
          }
        });
    if (cs.getServerSelectionTimeout() == null) {
      builder.applyToClusterSettings(
          cluster ->
              cluster.serverSelectionTimeout(
                  DEFAULT_SERVER_SELECTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }
    if (cs.getTimeout() == null) {
      builder.timeout(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (cs.getApplicationName() == null) {
      builder.applicationName(DEFAULT_APPLICATION_NAME);
    }
    return builder.build();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  @Override
  public String toString() {
    return "DatabaseConfig{" + describe() + "}";
  }
}
