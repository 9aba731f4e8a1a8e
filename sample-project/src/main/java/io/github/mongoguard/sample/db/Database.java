package io.github.mongoguard.sample.db;

import com.mongodb.MongoConfigurationException;
import com.mongodb.MongoException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection module: the one place that creates, holds and closes the process's MongoDB client.
 * Everything else asks it for the client or the database and never creates or closes one.
 *
 * <ul>
 *   <li>One client per process, created on first use from {@link DatabaseConfig#fromEnvironment()}
 *       and never created again. After the first call, reading it costs one volatile read, no lock.
 *   <li>The pool is small by default ({@code maxPoolSize} 5, idle connections closed 60 to 120 s
 *       after their last use) and every operation ends within {@code timeoutMS} (10 s); options in
 *       the connection string win.
 *   <li>{@link #close()} runs the steps registered with {@link #beforeClose(Runnable)} (a service
 *       stopping and draining its requests), then closes the client, once. The one JVM shutdown
 *       hook of the process that touches the client is this class's, and it calls {@link #close()}:
 *       nothing else should close the client at shutdown. After it, every method here throws {@link
 *       IllegalStateException}.
 * </ul>
 */
public final class Database {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final Object LOCK = new Object();
  private static final PoolStatistics POOL = new PoolStatistics();
  private static final AtomicInteger CLIENTS_CREATED = new AtomicInteger();

  /** The shared client; written once under {@link #LOCK}, then only read. */
  private static volatile MongoClient client;

  /** The configuration {@link #client} was created from; written before it. */
  private static volatile DatabaseConfig config;

  /** Set when {@link #close()} starts; the client stays usable while the steps run. */
  private static boolean closing;

  private static volatile boolean closed;

  /** Steps {@link #close()} runs before it closes the client; guarded by {@link #LOCK}. */
  private static final List<Runnable> BEFORE_CLOSE = new ArrayList<>();

  private static boolean hookRegistered;

  private Database() {}

  /**
   * The process's MongoDB client, created on the first call.
   *
   * @throws IllegalStateException when no connection string is configured, or after {@link
   *     #close()}
   * @throws IllegalArgumentException when the connection string is malformed
   */
  public static MongoClient client() {
    MongoClient current = client;
    if (current != null) {
      return current;
    }
    synchronized (LOCK) {
      requireOpen();
      if (client == null) {
        DatabaseConfig fromEnvironment = DatabaseConfig.fromEnvironment();
        config = fromEnvironment;
        client = MongoClients.create(fromEnvironment.clientSettings(POOL));
        CLIENTS_CREATED.incrementAndGet();
        registerShutdownHook();
      }
      return client;
    }
  }

  /**
   * Registers a step that {@link #close()} runs before it closes the client, in the order of
   * registration; at shutdown, the JVM shutdown hook of this class runs them. Use it to stop what
   * uses the client, such as an HTTP server that drains its in-flight requests, so that the
   * requests finish on an open client and the client is closed once, after them. A step that throws
   * is logged and the next one runs.
   *
   * @throws IllegalStateException after {@link #close()} started
   */
  public static void beforeClose(Runnable step) {
    synchronized (LOCK) {
      if (closing) {
        throw new IllegalStateException("Database.close() has started; it runs no new steps");
      }
      BEFORE_CLOSE.add(step);
      registerShutdownHook();
    }
  }

  private static void registerShutdownHook() {
    if (!hookRegistered) {
      hookRegistered = true;
      Runtime.getRuntime().addShutdownHook(new Thread(Database::close, "mongodb-shutdown"));
    }
  }

  /**
   * The default database: the one named by {@code MONGODB_DATABASE}, else by the connection string.
   *
   * @throws IllegalStateException when neither names one, or after {@link #close()}
   */
  public static MongoDatabase database() {
    MongoClient shared = client();
    String name =
        config
            .databaseName()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No default database: set "
                            + DatabaseConfig.DATABASE_VARIABLE
                            + " or name the database in the connection string"
                            + " (mongodb://host/<database>)"));
    return shared.getDatabase(name);
  }

  /** The configuration of the shared client, creating the client if needed. */
  public static DatabaseConfig config() {
    client();
    return config;
  }

  /**
   * The state of the shared client's pool now. Before the client exists, all counts are zero.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public static PoolSnapshot pool() {
    requireOpen();
    DatabaseConfig current = config;
    return POOL.snapshot(current == null ? 0 : current.maxPoolSize());
  }

  /**
   * Asks the server to answer a {@code ping}, creating the client if needed; use it at startup to
   * fail fast.
   *
   * @throws DatabaseUnavailableException when no server answers within the timeout, the SRV record
   *     of a {@code mongodb+srv://} string cannot be resolved, or the server refuses the
   *     credentials; the message says which, names the hosts and never shows a secret
   */
  public static void ping() {
    MongoClient shared = client();
    try {
      shared.getDatabase("admin").runCommand(new Document("ping", 1));
    } catch (MongoException e) {
      throw unavailable(config, e);
    }
  }

  /** The exception {@link #ping()} throws for {@code error}: what went wrong, with no secret. */
  static DatabaseUnavailableException unavailable(DatabaseConfig current, MongoException error) {
    String hosts = String.join(", ", current.hosts());
    String message;
    String srv = current.isSrv() ? srvFailure(error) : null;
    if (srv != null) {
      message =
          "The SRV record of "
              + hosts
              + " could not be resolved (_mongodb._tcp."
              + hosts
              + ", configured by the "
              + current.source()
              + "): "
              + current.scrub(srv)
              + ": check the host name (Atlas shows it under Connect) and that this host's DNS"
              + " resolves SRV records";
    } else if (error instanceof MongoSecurityException) {
      message =
          "The MongoDB server at "
              + hosts
              + " refused the credentials configured by the "
              + current.source()
              + ": check the user name, the password and authSource";
    } else if (error instanceof MongoTimeoutException
        || error instanceof MongoOperationTimeoutException) {
      message =
          "No MongoDB server answered within "
              + waited(current)
              + " at "
              + hosts
              + ", configured by the "
              + current.source()
              + ": check that the server runs, that this host may reach it (Atlas: the IP access"
              + " list) and the host names";
    } else {
      message =
          "MongoDB at "
              + hosts
              + " failed the ping ("
              + error.getClass().getSimpleName()
              + "): "
              + current.scrub(String.valueOf(error.getMessage()));
    }
    return new DatabaseUnavailableException(message, current.leaks(error) ? null : error);
  }

  /** How long an operation waited for a server: the smaller of the two bounds that apply. */
  private static String waited(DatabaseConfig current) {
    long selection = current.serverSelectionTimeout().toMillis();
    long timeout = current.timeout().toMillis();
    return timeout > 0 && timeout < selection
        ? timeout + " ms (timeoutMS)"
        : selection + " ms (serverSelectionTimeoutMS)";
  }

  /**
   * Why the SRV lookup failed, when it did: the driver's {@code MongoConfigurationException}, as a
   * cause or, after a timeout, inside the cluster description of the message.
   */
  private static String srvFailure(Throwable error) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof MongoConfigurationException) {
        return String.valueOf(t.getMessage());
      }
      String message = String.valueOf(t.getMessage());
      int start = message.indexOf(SRV_FAILURE);
      if (start >= 0) {
        String rest = message.substring(start + SRV_FAILURE.length());
        int end = rest.indexOf(", servers=");
        return end < 0 ? rest : rest.substring(0, end);
      }
    }
    return null;
  }

  /** How the driver's cluster description shows a failed SRV lookup. */
  private static final String SRV_FAILURE =
      "srvResolutionException=" + MongoConfigurationException.class.getName() + ": ";

  /**
   * Runs the steps registered with {@link #beforeClose(Runnable)}, then closes the shared client
   * and its connections. Idempotent: only the first call does anything, later and concurrent calls
   * return at once. The JVM shutdown hook calls it too. After it, every method of this class throws
   * {@link IllegalStateException}.
   */
  public static void close() {
    List<Runnable> steps;
    synchronized (LOCK) {
      if (closing) {
        return;
      }
      closing = true;
      steps = List.copyOf(BEFORE_CLOSE);
    }
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        LOG.warn("A step before closing the MongoDB client failed; closing it anyway", e);
      }
    }
    MongoClient toClose;
    synchronized (LOCK) {
      closed = true;
      toClose = client;
      client = null;
    }
    if (toClose != null) {
      toClose.close();
      LOG.info("Closed the MongoDB client");
    }
  }

  /**
   * A one-line description of {@code error} and its causes, for a server-side log line: every
   * connection string in it and every secret of the configured connection string masked, even when
   * that string is malformed. Never throws.
   */
  public static String describeFailure(Throwable error) {
    StringBuilder text = new StringBuilder();
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      if (text.length() > 0) {
        text.append(" <- caused by ");
      }
      text.append(t.getClass().getName()).append(": ").append(t.getMessage());
    }
    DatabaseConfig current = config;
    if (current != null) {
      return current.scrub(text.toString());
    }
    String configured = DatabaseConfig.configuredUri(System.getenv(), System.getProperties());
    return configured == null
        ? ConnectionStrings.maskEmbedded(text.toString())
        : ConnectionStrings.scrub(text.toString(), configured);
  }

  /**
   * {@code text} with every secret masked that this process could print: the secrets of the
   * configured connection string (even a malformed one), every connection string in it, and the
   * values of pairs such as {@code password=...}. The sample's log layout runs every line through
   * it. Never throws.
   */
  public static String maskSecrets(String text) {
    String masked = ConnectionStrings.maskSecretPairs(text);
    String configured = DatabaseConfig.configuredUri(System.getenv(), System.getProperties());
    return configured == null ? masked : ConnectionStrings.scrub(masked, configured);
  }

  /** How many clients this class has created in this process: 0 or 1. */
  static int clientsCreated() {
    return CLIENTS_CREATED.get();
  }

  private static void requireOpen() {
    if (closed) {
      throw new IllegalStateException(
          "The MongoDB client is closed: Database.close() ran (at shutdown or explicitly), and the"
              + " shared client is never created again in this process");
    }
  }
}
