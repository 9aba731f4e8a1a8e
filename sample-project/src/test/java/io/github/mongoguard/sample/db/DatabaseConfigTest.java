package io.github.mongoguard.sample.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoClientSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class DatabaseConfigTest {
  private static final String SECRET = "hunter2-Secret";

  private static DatabaseConfig fromVariable(String uri) {
    return DatabaseConfig.from(Map.of(DatabaseConfig.URI_VARIABLE, uri), new Properties());
  }

  @Test
  void defaultsApplyWhereTheConnectionStringIsSilent() {
    MongoClientSettings settings = fromVariable("mongodb://localhost:27017/app").clientSettings();
    assertEquals(5, settings.getConnectionPoolSettings().getMaxSize());
    assertEquals(0, settings.getConnectionPoolSettings().getMinSize());
    assertEquals(
        60_000,
        settings.getConnectionPoolSettings().getMaxConnectionIdleTime(TimeUnit.MILLISECONDS));
    assertEquals(
        10_000, settings.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS));
    assertEquals(
        10_000, settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS));
    assertEquals("mongo-guard-sample", settings.getApplicationName());
    assertEquals(10_000L, settings.getTimeout(TimeUnit.MILLISECONDS));
  }

  @Test
  void timeoutCanBeChangedOrTurnedOffInTheConnectionString() {
    DatabaseConfig shorter = fromVariable("mongodb://localhost/app?timeoutMS=2500");
    assertEquals(2500L, shorter.clientSettings().getTimeout(TimeUnit.MILLISECONDS));
    assertEquals(2500, shorter.timeout().toMillis());
    assertTrue(shorter.describe().contains("timeout 2500 ms"), shorter.describe());
    DatabaseConfig none = fromVariable("mongodb://localhost/app?timeoutMS=0");
    assertEquals(0L, none.clientSettings().getTimeout(TimeUnit.MILLISECONDS));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "maxPoolSize=0|maxPoolSize from the environment variable MONGODB_URI: must be at least 1",
        "maxPoolSize=-3|maxPoolSize from the environment variable MONGODB_URI: must be at least 1",
        "minPoolSize=-1|minPoolSize from the environment variable MONGODB_URI: must be at least 0",
        "minPoolSize=9|minPoolSize from the environment variable MONGODB_URI: must be at most"
            + " maxPoolSize (5), was 9",
        "maxPoolSize=2&minPoolSize=3|must be at most maxPoolSize (2), was 3",
        "maxIdleTimeMS=-1|maxIdleTimeMS from the environment variable MONGODB_URI: must be at least"
            + " 0",
        "waitQueueTimeoutMS=-1|waitQueueTimeoutMS from the environment variable MONGODB_URI",
        "timeoutMS=-5|timeoutMS from the environment variable MONGODB_URI: must be at least 0",
        "maxConnecting=0|maxConnecting from the environment variable MONGODB_URI: must be at least"
            + " 1",
        "serverSelectionTimeoutMS=-1|serverSelectionTimeoutMS from the environment variable"
            + " MONGODB_URI",
      })
  void poolOptionsAreCheckedWithTheOptionAndItsSource(String row) {
    String[] parts = row.split("\\|", -1);
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> fromVariable("mongodb://alice:" + SECRET + "@localhost/app?" + parts[0]));
    assertTrue(error.getMessage().contains(parts[1]), error.getMessage());
    assertFalse(error.getMessage().contains(SECRET), error.getMessage());
  }

  @Test
  void optionThatIsNotNameEqualsValueIsRefusedBeforeTheDriverLogsIt() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> fromVariable("mongodb://localhost/app?appName=x&" + SECRET));
    assertTrue(
        error.getMessage().contains("option 2 after '?' is not name=value"), error.getMessage());
    assertFalse(error.getMessage().contains(SECRET), error.getMessage());
  }

  @Test
  void optionsInTheConnectionStringWin() {
    DatabaseConfig config =
        fromVariable(
            "mongodb://localhost:27017/app?maxPoolSize=20&minPoolSize=2&maxIdleTimeMS=5000"
                + "&waitQueueTimeoutMS=700&serverSelectionTimeoutMS=1500&appName=orders");
    MongoClientSettings settings = config.clientSettings();
    assertEquals(20, settings.getConnectionPoolSettings().getMaxSize());
    assertEquals(2, settings.getConnectionPoolSettings().getMinSize());
    assertEquals(
        5000, settings.getConnectionPoolSettings().getMaxConnectionIdleTime(TimeUnit.MILLISECONDS));
    assertEquals(700, settings.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS));
    assertEquals(
        1500, settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS));
    assertEquals("orders", settings.getApplicationName());
    assertEquals(20, config.maxPoolSize());
    assertEquals(1500, config.serverSelectionTimeout().toMillis());
  }

  @Test
  void poolListenersAreRegistered() {
    PoolStatistics statistics = new PoolStatistics();
    MongoClientSettings settings =
        fromVariable("mongodb://localhost/app").clientSettings(statistics);
    assertTrue(
        settings.getConnectionPoolSettings().getConnectionPoolListeners().contains(statistics));
  }

  @Test
  void missingUriNamesTheVariable() {
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class, () -> DatabaseConfig.from(Map.of(), new Properties()));
    assertTrue(error.getMessage().startsWith("MONGODB_URI is not set"), error.getMessage());
    assertTrue(error.getMessage().contains("mongodb.uri"), error.getMessage());
  }

  @Test
  void blankUriCountsAsMissing() {
    assertThrows(
        IllegalStateException.class,
        () -> DatabaseConfig.from(Map.of(DatabaseConfig.URI_VARIABLE, "  "), new Properties()));
  }

  @Test
  void systemPropertyWinsOverTheVariable() {
    Properties properties = new Properties();
    properties.setProperty(DatabaseConfig.URI_PROPERTY, "mongodb://from-property/p");
    DatabaseConfig config =
        DatabaseConfig.from(
            Map.of(DatabaseConfig.URI_VARIABLE, "mongodb://from-variable/v"), properties);
    assertEquals("system property mongodb.uri", config.source());
    assertEquals(java.util.List.of("from-property"), config.hosts());
    assertEquals(Optional.of("p"), config.databaseName());
  }

  @Test
  void databaseVariableWinsOverTheConnectionString() {
    DatabaseConfig config =
        DatabaseConfig.from(
            Map.of(
                DatabaseConfig.URI_VARIABLE,
                "mongodb://host/fromuri",
                DatabaseConfig.DATABASE_VARIABLE,
                "orders"),
            new Properties());
    assertEquals(Optional.of("orders"), config.databaseName());
    assertEquals(Optional.empty(), fromVariable("mongodb://host").databaseName());
  }

  @Test
  void describeMasksThePassword() {
    DatabaseConfig config = fromVariable("mongodb://alice:" + SECRET + "@host/app");
    assertFalse(config.describe().contains(SECRET), config.describe());
    assertFalse(config.toString().contains(SECRET));
    assertTrue(config.maskedUri().contains("alice:*****@host"), config.maskedUri());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mongo://alice:%s@host/app",
        "mongodb://alice:%s@host:notaport/app",
        "mongodb://alice:%s@host/app?maxPoolSize=many",
        "mongodb://alice:%s@@host/app",
        "mongodb://alice:%s:extra@host/app",
        "mongodb+srv://alice:%s@host1,host2/app"
      })
  void malformedUriIsExplainedWithoutThePassword(String template) {
    String uri = String.format(template, SECRET);
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> fromVariable(uri));
    assertTrue(
        error
            .getMessage()
            .startsWith(
                "The environment variable MONGODB_URI is not a valid MongoDB connection string"),
        error.getMessage());
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    assertFalse(trace.toString().contains(SECRET), trace.toString());
    assertTrue(error.getMessage().contains("*****"), error.getMessage());
  }
}
