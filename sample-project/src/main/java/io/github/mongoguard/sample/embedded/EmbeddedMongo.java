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
  private volatile ConnectionCountingBackend backend;
  private MongoServer server;
  private boolean running;

  private EmbeddedMongo() {
    this.backend = new ConnectionCountingBackend(connections);
    this.server = bind(0, backend);
    this.port = server.getLocalAddress().getPort();
    this.running = true;
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
    stopServer(false);
    backend = new ConnectionCountingBackend(connections);
    server = bind(port, backend);
    running = true;
  }

  /**
   * Stops listening and drops every connection, keeping the data: what a client sees while its
   * server is down. {@link #resume()} starts it again on the same port with the same data.
   */
  public synchronized void stop() {
    if (running) {
      stopServer(true);
    }
  }

  /** Starts a server {@link #stop() stopped} before on the same port, with its data. */
  public synchronized void resume() {
    if (!running) {
      server = bind(port, backend);
      running = true;
    }
  }

  /**
   * From now on, data commands (insert, find, count, ...) wait until {@link #releaseCommands()}, at
   * most a minute, while handshakes and heartbeats still answer: a server that accepts work and
   * does not finish it. The waiting commands hold the netty thread of their connection.
   */
  public void holdCommands() {
    backend.hold();
  }

  /** Lets the commands held by {@link #holdCommands()} run. */
  public void releaseCommands() {
    backend.release();
  }

  /** Stops the server. */
  @Override
  public synchronized void close() {
    if (running) {
      stopServer(false);
    }
  }

  private void stopServer(boolean retainData) {
    backend.retainData(retainData);
    backend.release();
    server.shutdownNow();
    running = false;
  }

  private static MongoServer bind(int port, ConnectionCountingBackend backend) {
    // The port may be held briefly after a restart; try again for a few seconds.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (true) {
      MongoServer candidate = new MongoServer(backend);
      try {
        candidate.bind(new InetSocketAddress(LOOPBACK, port));
        return candidate;
      } catch (RuntimeException e) {
        backend.retainData(true);
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
