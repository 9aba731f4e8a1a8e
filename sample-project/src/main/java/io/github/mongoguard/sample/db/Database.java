package io.github.mongoguard.sample.db;

import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;

/**
 * The connection module: the one place that creates, holds and closes the process's MongoDB
 * client. Everything else asks it for the client or the database and never creates or closes one.
 *
 * <ul>
 *   <li>One client per process, created on first use from {@link DatabaseConfig#fromEnvironment()}
 *       and never created again. After the first call, reading it costs one volatile read, no lock.
 *   <li>The pool is small by default ({@code maxPoolSize} 5, idle connections closed after 60 s);
 *       options in the connection string win.
 *   <li>{@link #close()} closes the client once; a JVM shutdown hook calls it too. After it, every
 *       method here throws {@link IllegalStateException}.
 * </ul>
 */
public final class Database {
  private static final Object LOCK = new Object();
  private static final PoolStatistics POOL = new PoolStatistics();
  private static final AtomicInteger CLIENTS_CREATED = new AtomicInteger();

  /** The shared client; written once under {@link #LOCK}, then only read. */
  private static volatile MongoClient client;

  /** The configuration {@link #client} was created from; written before it. */
  private static volatile DatabaseConfig config;

  private static volatile boolean closed;

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
        Runtime.getRuntime().addShutdownHook(new Thread(Database::close, "mongodb-client-close"));
      }
      return client;
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
   * @throws DatabaseUnavailableException when no server answers within the server selection
   *     timeout; the message names the hosts tried
   */
  public static void ping() {
    MongoClient shared = client();
    try {
      shared.getDatabase("admin").runCommand(new Document("ping", 1));
    } catch (MongoTimeoutException e) {
      DatabaseConfig current = config;
      throw new DatabaseUnavailableException(
          "No MongoDB server answered within "
              + current.serverSelectionTimeout().toMillis()
              + " ms (serverSelectionTimeoutMS) at "
              + String.join(", ", current.hosts())
              + ", configured by the "
              + current.source()
              + ": check that the server runs, that this host may reach it (Atlas: the IP access"
              + " list) and the host names",
          e);
    }
  }

  /**
   * Closes the shared client and its connections. Idempotent; the JVM shutdown hook calls it too.
   * After it, every method of this class throws {@link IllegalStateException}.
   */
  public static void close() {
    MongoClient toClose;
    synchronized (LOCK) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = client;
      client = null;
    }
    if (toClose != null) {
      toClose.close();
    }
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
