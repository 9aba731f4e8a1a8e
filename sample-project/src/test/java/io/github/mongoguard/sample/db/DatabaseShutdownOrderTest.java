package io.github.mongoguard.sample.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.mongoguard.sample.embedded.EmbeddedMongo;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Database#close()} runs the registered steps first, on an open client, then closes it once.
 */
final class DatabaseShutdownOrderTest {
  private static final EmbeddedMongo server = EmbeddedMongo.start();

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void stepsRunInOrderOnAnOpenClientThenTheClientClosesOnce() {
    System.setProperty(DatabaseConfig.URI_PROPERTY, server.connectionString("order"));
    Database.ping();
    List<String> events = new CopyOnWriteArrayList<>();
    Database.beforeClose(
        () -> {
          // A service draining its requests still has a working client.
          Database.ping();
          events.add("first step, client open");
        });
    Database.beforeClose(
        () -> {
          events.add("second step");
          throw new IllegalStateException("a failing step does not stop the close");
        });
    Database.beforeClose(() -> events.add("third step"));

    Database.close();
    Database.close();

    assertEquals(List.of("first step, client open", "second step", "third step"), events);
    assertThrows(IllegalStateException.class, Database::client);
    assertThrows(IllegalStateException.class, () -> Database.beforeClose(() -> {}));
    Eventually.await(
        "the client's connections are closed", () -> server.connections().current() == 0);
  }
}
