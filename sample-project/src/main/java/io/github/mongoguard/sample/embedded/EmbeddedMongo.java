package io.github.mongoguard.sample.embedded;

import de.bwaldvogel.mongo.MongoServer;
import io.github.mongoguard.sample.db.DatabaseConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;

/**
 * An in-process MongoDB server (mongo-java-server, in memory) on 127.0.0.1, for running the sample
 * without a database. It speaks the wire protocol, so the real driver talks to it as to any server,
 * and it counts the connections it serves in {@link #connections()}.
 */
public final class EmbeddedMongo implements AutoCloseable {
  private static final InetAddress LOOPBACK = loopback();

  private final ConnectionCounter connections = new ConnectionCounter();
  private final int port;
  private MongoServer server;

  private EmbeddedMongo() {
    this.server = bind(0, connections);
    this.port = server.getLocalAddress().getPort();
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  public static EmbeddedMongo start() {
    return new EmbeddedMongo();
  }

  /**
   * When neither {@code MONGODB_URI} nor {@code -Dmongodb.uri} is set, starts a server, points the
   * system property {@code mongodb.uri} at it with {@code database} as the default database, says
   * so on standard output, and returns it; otherwise returns null and starts nothing.
   */
  public static EmbeddedMongo startUnlessConfigured(String database) {
    if (isSet(System.getProperty(DatabaseConfig.URI_PROPERTY))
        || isSet(System.getenv(DatabaseConfig.URI_VARIABLE))) {
      return null;
    }
    EmbeddedMongo embedded = start();
    System.setProperty(DatabaseConfig.URI_PROPERTY, embedded.connectionString(database));
    System.out.println(
        DatabaseConfig.URI_VARIABLE
            + " is not set: started an embedded in-memory MongoDB server (mongo-java-server) at "
            + embedded.connectionString(database)
            + "; its data is lost when the process ends");
    return embedded;
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  /** The port the server listens on. */
  public int port() {
    return port;
  }

  /** The connection string of this server with {@code database} as the default database. */
  public String connectionString(String database) {
    return "mongodb://127.0.0.1:" + port + "/" + database;
  }

  /** The server-side connection counts; they survive {@link #restart()}. */
  public ConnectionCounter connections() {
    return connections;
  }

  /**
   * Stops the server, dropping every connection and all data, and starts a new one on the same
   * port: what a client sees when its server restarts.
   */
  public synchronized void restart() {
    server.shutdownNow();
    server = bind(port, connections);
  }

  /** Stops the server. */
  @Override
  public synchronized void close() {
    server.shutdownNow();
  }

  private static MongoServer bind(int port, ConnectionCounter counter) {
    // The port may be held briefly after a restart; try again for a few seconds.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (true) {
      MongoServer candidate = new MongoServer(new ConnectionCountingBackend(counter));
      try {
        candidate.bind(new InetSocketAddress(LOOPBACK, port));
        return candidate;
      } catch (RuntimeException e) {
        candidate.shutdownNow();
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
        sleep(Duration.ofMillis(100));
      }
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("127.0.0.1 is not an address", e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting the embedded MongoDB server", e);
    }
  }
}
