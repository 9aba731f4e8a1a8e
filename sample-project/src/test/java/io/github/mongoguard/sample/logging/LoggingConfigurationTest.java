package io.github.mongoguard.sample.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import io.github.mongoguard.sample.testing.LogCapture;
import java.net.URL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The sample's own {@code logback.xml}: the driver's warnings show, masked, its chatter does not.
 */
final class LoggingConfigurationTest {
  private static final String SECRET = "proxy-Secret-77";

  @BeforeAll
  static void useTheSamplesConfiguration() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    URL configuration = LoggingConfigurationTest.class.getResource("/logback.xml");
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(configuration);
  }

  @AfterAll
  static void restoreTheTestConfiguration() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LoggingConfigurationTest.class.getResource("/logback-test.xml"));
  }

  @Test
  void driverWarningAboutAMisspelledOptionIsLogged() {
    try (LogCapture logs = LogCapture.keepingLevels()) {
      new ConnectionString("mongodb://localhost/app?maxPoolSise=3");
      String lines = String.join("\n", logs.lines());
      assertTrue(lines.contains("WARN"), lines);
      assertTrue(lines.contains("unsupported option 'maxpoolsise'"), lines);
    }
  }

  @Test
  void driverInfoIsQuietAndEveryLineIsMasked() {
    try (LogCapture logs = LogCapture.keepingLevels()) {
      LoggerFactory.getLogger("org.mongodb.driver.client").info("settings {}", "x");
      assertTrue(logs.lines().isEmpty(), String.join("\n", logs.lines()));
    }
    try (LogCapture logs = LogCapture.at(Level.INFO)) {
      // The driver's toString() of proxy settings shows the password; the layout masks it.
      MongoClientSettings settings =
          MongoClientSettings.builder()
              .applyConnectionString(
                  new ConnectionString(
                      "mongodb://localhost/?proxyHost=127.0.0.1&proxyUsername=bob&proxyPassword="
                          + SECRET))
              .build();
      LoggerFactory.getLogger("org.mongodb.driver.client")
          .info("created with settings {}", settings);
      String lines = String.join("\n", logs.lines());
      assertTrue(String.join("\n", logs.rawLines()).contains(SECRET), "the raw line has it");
      assertTrue(lines.contains("password=*****"), lines);
      assertFalse(lines.contains(SECRET), lines);
    }
  }
}
