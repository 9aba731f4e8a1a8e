package io.github.mongoguard.sample.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mongoguard.sample.embedded.EmbeddedMongo;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A configuration error leaves no client behind, and a corrected configuration then works. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class DatabaseConfigurationErrorsTest {
  private static final String SECRET = "Tr0ub4dor-and-3";

  @AfterAll
  static void closeDatabase() {
    Database.close();
  }

  @Test
  @Order(1)
  void missingUriNamesTheVariable() {
    System.clearProperty(DatabaseConfig.URI_PROPERTY);
    IllegalStateException error = assertThrows(IllegalStateException.class, Database::client);
    assertTrue(error.getMessage().contains("MONGODB_URI"), error.getMessage());
    assertThrows(IllegalStateException.class, Database::database);
    assertEquals(0, Database.clientsCreated());
  }

  @Test
  @Order(2)
  void malformedUriSaysWhatIsWrongWithoutThePassword() {
    System.setProperty(
        DatabaseConfig.URI_PROPERTY, "mongodb://app-user:" + SECRET + "@db.example.net:port/app");
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, Database::client);
    assertTrue(error.getMessage().contains("system property mongodb.uri"), error.getMessage());
    assertTrue(error.getMessage().contains("app-user:*****@db.example.net:port/app"), error.getMessage());
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    assertFalse(trace.toString().contains(SECRET), trace.toString());
    assertEquals(0, Database.clientsCreated());
  }

  @Test
  @Order(3)
  void correctedConfigurationCreatesTheClient() {
    try (EmbeddedMongo server = EmbeddedMongo.start()) {
      System.setProperty(DatabaseConfig.URI_PROPERTY, server.connectionString("fixed"));
      Database.ping();
      assertEquals("fixed", Database.database().getName());
      assertEquals(1, Database.clientsCreated());
    }
  }
}
