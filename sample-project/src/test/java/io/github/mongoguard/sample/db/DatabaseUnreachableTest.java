package io.github.mongoguard.sample.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class DatabaseUnreachableTest {
  @Test
  void unreachableServerFailsWithinTheTimeoutAndLeavesNoThreads() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    System.setProperty(
        DatabaseConfig.URI_PROPERTY,
        "mongodb://127.0.0.1:" + port + "/app?serverSelectionTimeoutMS=1000&connectTimeoutMS=500");
    Set<Thread> before = Thread.getAllStackTraces().keySet();

    long started = System.nanoTime();
    DatabaseUnavailableException error = assertThrows(DatabaseUnavailableException.class, Database::ping);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

    // The server selection timeout is 1 s; the bound is loose for busy machines.
    assertTrue(elapsed.compareTo(Duration.ofSeconds(20)) < 0, "took " + elapsed);
    assertTrue(error.getMessage().contains("127.0.0.1:" + port), error.getMessage());
    assertTrue(error.getMessage().contains("1000 ms"), error.getMessage());
    assertTrue(error.getMessage().contains("system property mongodb.uri"), error.getMessage());

    Database.close();
    Eventually.await(
        "the client's threads have stopped",
        () -> newThreads(before, port).isEmpty());
    assertEquals(List.of(), newThreads(before, port));
  }

  /** Threads started since {@code before} that keep a JVM alive or serve the client of {@code port}. */
  private static List<String> newThreads(Set<Thread> before, int port) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !before.contains(thread) && thread.isAlive())
        .filter(thread -> !thread.isDaemon() || thread.getName().contains(":" + port))
        .map(Thread::getName)
        .collect(Collectors.toList());
  }
}
