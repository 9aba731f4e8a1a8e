package io.github.mongoguard.sample.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoOperationTimeoutException;
import io.github.mongoguard.sample.notes.NoteRepository;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server that accepts connections and never answers: every caller fails within {@code timeoutMS}
 * with a clear error, and {@link Database#close()} releases every connection.
 */
final class DatabaseHangingServerTest {
  private static final int TIMEOUT_MS = 1500;

  /** Generous for busy machines; without a timeout the calls would never return. */
  private static final Duration BOUND = Duration.ofSeconds(15);

  private static ServerSocket hanging;
  private static final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private static final AtomicInteger closedByClient = new AtomicInteger();

  @BeforeAll
  static void startAServerThatNeverAnswers() throws IOException {
    hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!hanging.isClosed()) {
                try {
                  Socket socket = hanging.accept();
                  accepted.add(socket);
                  Thread reader = new Thread(() -> readUntilClosed(socket), "hanging-reader");
                  reader.setDaemon(true);
                  reader.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "hanging-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
    System.setProperty(
        DatabaseConfig.URI_PROPERTY,
        "mongodb://127.0.0.1:" + hanging.getLocalPort() + "/app?timeoutMS=" + TIMEOUT_MS);
  }

  /** Reads and discards what the client sends, never answers, and counts the client's close. */
  private static void readUntilClosed(Socket socket) {
    byte[] buffer = new byte[4096];
    try (InputStream in = socket.getInputStream()) {
      while (in.read(buffer) >= 0) {
        // never answer
      }
    } catch (IOException e) {
      // a reset counts as closed too
    }
    closedByClient.incrementAndGet();
  }

  @AfterAll
  static void stop() throws IOException {
    Database.close();
    hanging.close();
  }

  @Test
  void callersFailWithinTheTimeoutAndCloseReleasesEveryConnection() {
    long started = System.nanoTime();
    DatabaseUnavailableException ping =
        assertThrows(DatabaseUnavailableException.class, Database::ping);
    Duration pingTook = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(pingTook.compareTo(Duration.ofMillis(TIMEOUT_MS)) >= 0, "took " + pingTook);
    assertTrue(pingTook.compareTo(BOUND) < 0, "took " + pingTook);
    assertTrue(
        ping.getMessage()
            .startsWith(
                "No MongoDB server answered within "
                    + TIMEOUT_MS
                    + " ms (timeoutMS) at 127.0.0.1:"),
        ping.getMessage());

    started = System.nanoTime();
    MongoOperationTimeoutException insert =
        assertThrows(
            MongoOperationTimeoutException.class, () -> NoteRepository.shared().create("lost?"));
    Duration insertTook = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(insertTook.compareTo(BOUND) < 0, "took " + insertTook);
    assertTrue(insert.getMessage().startsWith("Timed out"), insert.getMessage());

    assertTrue(!accepted.isEmpty(), "the client connected to the hanging server");
    Database.close();
    Eventually.await(
        "the client closed every connection it opened to the hanging server ("
            + accepted.size()
            + " opened, "
            + closedByClient.get()
            + " closed)",
        () -> closedByClient.get() == accepted.size());
    assertEquals(accepted.size(), closedByClient.get());
  }
}
