package io.github.mongoguard.sample.db;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mongoguard.sample.embedded.EmbeddedMongo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

final class DatabaseCloseTest {
  @Test
  void closeTwiceIsFineAndEveryAccessorFailsAfterIt() {
    try (EmbeddedMongo server = EmbeddedMongo.start()) {
      System.setProperty(DatabaseConfig.URI_PROPERTY, server.connectionString("close"));
      Database.ping();
      Eventually.await("the client is connected", () -> server.connections().current() > 0);

      Database.close();
      Database.close();

      List<Executable> accessors =
          List.of(Database::client, Database::database, Database::pool, Database::ping, Database::config);
      for (Executable accessor : accessors) {
        IllegalStateException error = assertThrows(IllegalStateException.class, accessor);
        assertTrue(error.getMessage().contains("closed"), error.getMessage());
      }
      Eventually.await(
          "the server sees no connection of the closed client",
          () -> server.connections().current() == 0);
    }
  }
}
