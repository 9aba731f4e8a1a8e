package io.github.mongoguard.sample.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** An SRV name that does not resolve is reported as such, not as a server that did not answer. */
final class DatabaseSrvTest {
  private static final String SECRET = "srv-Secret-42";

  @AfterAll
  static void closeDatabase() {
    Database.close();
  }

  @Test
  void unresolvableSrvNameIsReportedAsAnSrvFailure() {
    // .invalid never resolves (RFC 2606), with or without a network.
    System.setProperty(
        DatabaseConfig.URI_PROPERTY,
        "mongodb+srv://alice:" + SECRET + "@cluster0.example.invalid/app?timeoutMS=2000");
    DatabaseUnavailableException error =
        assertThrows(DatabaseUnavailableException.class, Database::ping);
    assertTrue(
        error
            .getMessage()
            .startsWith("The SRV record of cluster0.example.invalid could not be resolved"),
        error.getMessage());
    assertTrue(
        error.getMessage().contains("_mongodb._tcp.cluster0.example.invalid"), error.getMessage());
    assertFalse(error.getMessage().contains("No MongoDB server answered"), error.getMessage());
    assertFalse(String.valueOf(error).contains(SECRET), error.toString());
  }
}
