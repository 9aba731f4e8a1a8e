package io.github.mongoguard.sample.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.mongoguard.sample.notes.Note;
import io.github.mongoguard.sample.notes.Notes;
import io.github.mongoguard.sample.service.NoteService;
import io.github.mongoguard.sample.testing.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No secret of a connection string reaches any output, for every shape of connection string a user
 * can write: each row carries its secrets, and every channel is searched for each of them, as
 * written and URL-decoded.
 *
 * <p>Channels: {@link ConnectionStrings#mask}, {@link ConnectionStrings#scrub} of a message that
 * quotes the string, the configuration's {@code describe()}, {@code maskedUri()} and {@code
 * toString()}, the exception of a rejected string with its whole stack trace and causes, the
 * exception {@code ping()} throws after a real attempt against a closed loopback port (or an SRV
 * name that does not resolve), every log line of the process meanwhile (every logger at TRACE, read
 * from the SLF4J backend), and the HTTP response and log line of the note service when the database
 * fails with a message that quotes the string.
 */
final class ConnectionStringSecretsTest {
  /** {h}: a loopback address where nothing listens; {s}, {t}: secrets of the row. */
  private static final String[] ROWS = {
    // Malformed: no '@', unescaped separators in the password, wrong scheme, bad hosts and options.
    "mongodb://alice:{s}",
    "mongodb://alice:{s}/app",
    "mongodb://alice:{s}?appName=x",
    "mongodb://alice:{s}@@{h}/app",
    "mongodb://alice:{s}:extra@{h}/app",
    "mongo://alice:{s}@{h}/app",
    "mongodb:/alice:{s}@{h}/app",
    "alice:{s}@{h}/app",
    "mongodb://alice:{s}@{h}:notaport/app",
    "mongodb://alice:{s}@{h}/app?maxPoolSize=many",
    "mongodb://alice:p@{s}@{h}/app",
    "mongodb://alice:{s}/x@{h}/app",
    "mongodb://alice:{s}?x@{h}/app",
    "mongodb://alice:{s}#x@{h}/app",
    "mongodb://alice:{s} x@{h}/app",
    "  mongodb://alice:{s}@{h}/app  ",
    "mongodb://:{s}@{h}/app",
    "mongodb://alice:{s}@",
    "mongodb://alice:{s}@/app",
    "mongodb+srv://alice:{s}@host1.example.invalid,host2.example.invalid/app",
    "mongodb+srv://alice:{s}@cluster0.example.invalid:27017/app",
    "mongodb://alice:{s}@[::1/app",
    "mongodb://alice:{s}@{h}/app?maxPoolSize=0",
    "mongodb://alice:{s}@{h}/app?maxPoolSize=-1",
    "mongodb://alice:{s}@{h}/app?timeoutMS=-5",
    "mongodb://alice:{s}@{h}/app?minPoolSize=9&maxPoolSize=2",
    "mongodb://alice:{s}@{h}/app?waitQueueTimeoutMS=-1",
    // Digits only: a password, not a port.
    "mongodb://alice:{d}@{h}/app",
    "mongodb://alice:{d}@{h}",
    "mongodb://4242:{d}@{h}/app",
    "mongodb://alice:{d}@{h}/app?maxPoolSize=0",
    "mongodb://alice:{e}",
    "mongodb://alice:{e}/app",
    // Percent-encoded.
    "mongodb://alice:p%40ss%2Fw0rd-{s}@{h}/app",
    "mongodb://alice%40corp:{s}%3A%3F@{h}/app",
    "mongodb://alice:%E2%82%AC{s}@{h}/app",
    "mongodb://alice:{s}%ZZ@{h}/app",
    "mongodb://alice:{s}%@{h}/app",
    "mongodb://alice:{s}%2B%2F%3D@{h}/app?authSource=admin",
    // Unicode.
    "mongodb://alice:пароль{s}@{h}/app",
    "mongodb://алиса:密码{s}@{h}/app",
    "mongodb://alice:{s}\uD83D\uDE00@{h}/app",
    "mongodb://alice:ü{s}@{h}/app?appName=über",
    // SRV.
    "mongodb+srv://alice:{s}@cluster0.example.invalid/app?retryWrites=true&w=majority",
    "mongodb+srv://alice:{s}@cluster0.example.invalid/",
    "mongodb+srv://alice:{s}@cluster0.example.invalid/app?authSource=admin&appName=orders",
    "mongodb+srv://cluster0.example.invalid/?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:{s}",
    // Options that carry secrets, known, unknown and misspelled.
    "mongodb://{h}/?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:{s}",
    "mongodb://AKIAIOSFODNN7EXAMPLE:{s}@{h}/?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:{t}",
    "mongodb://{h}/?authmechanismproperties=SERVICE_NAME:mongodb,AWS_SESSION_TOKEN:{s}",
    "mongodb://{h}/?authMechanism=MONGODB-OIDC&authMechanismProperties=ENVIRONMENT:test,TOKEN_RESOURCE:{s}",
    "mongodb://{h}/?tls=true&tlsCertificateKeyFilePassword={s}",
    "mongodb://{h}/?TLSCERTIFICATEKEYFILEPASSWORD={s}",
    "mongodb://{h}/?sslClientCertificateKeyPassword={s}",
    "mongodb://{h}/?tlsCertificateKeyFilePassword={s};appName=x",
    "mongodb://{h}/?tlsCertificateKeyFilePassword={s}&tlsCertificateKeyFilePassword={t}",
    "mongodb://{h}?tlsCertificateKeyFilePassword={s}",
    "mongodb://{h}/app?tlsCertificateKeyFilePassword=%2B{s}%3D",
    "mongodb://{h}/?password={s}",
    "mongodb://{h}/?apiKey={s}&appName=orders",
    "mongodb://{h}/?maxPoolSise=3&secret={s}",
    "mongodb://{h}/?{s}",
    "mongodb://{h}/?appName=orders&{s}",
    "mongodb://{h}/?proxyHost=127.0.0.1&proxyUsername=bob&proxyPassword={s}",
    // Valid strings with a password.
    "mongodb://alice:{s}@{h}/app",
    "mongodb://alice:{s}@{h},{h}/app?replicaSet=rs0",
    "mongodb://alice:{s}@[::1]:1/app?serverSelectionTimeoutMS=100",
    "mongodb://alice:{s}@{h}/app?appName=a@b",
    "mongodb://alice:{s}@{h}/app?authSource=admin&readPreference=secondaryPreferred",
    "mongodb://alice:{s}@{h}/app?authMechanism=SCRAM-SHA-256",
    "mongodb://alice:{s}@{h}/?authMechanism=PLAIN&authSource=$external",
    "MONGODB://alice:{s}@{h}/app",
  };

  private static ServerSocket closed;
  private static String host;

  @BeforeAll
  static void reserveAClosedPort() throws Exception {
    // Bound, never accepting: connections are refused quickly by the backlog limit, or wait.
    closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    int port = closed.getLocalPort();
    closed.close();
    host = "127.0.0.1:" + port;
  }

  @AfterAll
  static void clearProperty() {
    System.clearProperty(DatabaseConfig.URI_PROPERTY);
  }

  /** One connection string and its secrets. */
  private record Row(int index, String uri, List<String> secrets) {
    static Row of(int index, String template) {
      String s = "Sk" + index + "qZ";
      String t = "Tk" + index + "wX";
      String d = "31415" + (10 + index);
      String e = "98765" + (10 + index);
      String uri =
          template
              .replace("{h}", host)
              .replace("{s}", s)
              .replace("{t}", t)
              .replace("{d}", d)
              .replace("{e}", e);
      List<String> secrets = new ArrayList<>();
      if (template.contains("{s}")) {
        secrets.add(s);
      }
      if (template.contains("{t}")) {
        secrets.add(t);
      }
      if (template.contains("{d}")) {
        secrets.add(d);
      }
      if (template.contains("{e}")) {
        secrets.add(e);
      }
      return new Row(index, uri, secrets);
    }

    /** The channel's text must not contain a secret of this row, as written or decoded. */
    void assertClean(String channel, String text) {
      for (String secret : secrets) {
        String lower = secret.toLowerCase(java.util.Locale.ROOT);
        assertTrue(
            !text.contains(secret)
                && !decode(text).contains(secret)
                && !text.toLowerCase(java.util.Locale.ROOT).contains(lower),
            "row " + index + " (" + uri + "): " + channel + " shows " + secret + ":\n" + text);
      }
    }
  }

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS.length; i++) {
      rows.add(Row.of(i, ROWS[i]));
    }
    return rows;
  }

  @Test
  void tableIsLargeAndEveryRowHasASecret() {
    assertTrue(ROWS.length >= 60, "rows: " + ROWS.length);
    for (Row row : rows()) {
      assertTrue(!row.secrets().isEmpty(), row.uri());
    }
  }

  @Test
  void noSecretInMaskScrubConfigurationOrErrors() {
    try (LogCapture logs = LogCapture.at(Level.TRACE)) {
      checkEveryRowOffline();
      String lines = String.join("\n", logs.lines());
      for (Row row : rows()) {
        row.assertClean("log lines", lines);
      }
    }
  }

  private static void checkEveryRowOffline() {
    for (Row row : rows()) {
      row.assertClean("mask", ConnectionStrings.mask(row.uri()));
      if (row.uri().contains("://")) {
        // Free text is searched for connection strings by their scheme.
        row.assertClean(
            "maskEmbedded",
            ConnectionStrings.maskEmbedded("failed: " + row.uri().strip() + " (x)"));
      }
      String message = "cannot use " + row.uri() + " (" + decode(row.uri()) + ")";
      row.assertClean("scrub", ConnectionStrings.scrub(message, row.uri()));
      try {
        DatabaseConfig config =
            DatabaseConfig.from(Map.of(DatabaseConfig.URI_VARIABLE, row.uri()), new Properties());
        row.assertClean("describe", config.describe());
        row.assertClean("maskedUri", config.maskedUri());
        row.assertClean("toString", config.toString());
        row.assertClean("scrub of config", config.scrub(message));
      } catch (RuntimeException e) {
        row.assertClean("rejection", stackTrace(e));
      }
    }
  }

  @Test
  void noSecretWhenTheDriverTriesToConnectNorInItsLogs() throws Exception {
    try (LogCapture logs = LogCapture.at(Level.TRACE)) {
      connectWithEveryUsableRow(logs);
    }
  }

  private static void connectWithEveryUsableRow(LogCapture logs) throws Exception {
    List<Row> usable = new ArrayList<>();
    for (Row row : rows()) {
      try {
        DatabaseConfig.from(Map.of(DatabaseConfig.URI_VARIABLE, row.uri()), new Properties());
        usable.add(row);
      } catch (RuntimeException e) {
        // Rejected strings are covered above.
      }
    }
    assertTrue(usable.size() >= 30, "connectable rows: " + usable.size());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> outputs = new ArrayList<>();
      for (Row row : usable) {
        outputs.add(threads.submit(() -> tryToConnect(row)));
      }
      for (int i = 0; i < usable.size(); i++) {
        usable.get(i).assertClean("ping failure", outputs.get(i).get(60, TimeUnit.SECONDS));
      }
      String lines = String.join("\n", logs.lines());
      assertTrue(lines.contains("org.mongodb.driver"), "the driver's lines were captured");
      for (Row row : rows()) {
        row.assertClean("log lines", lines);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /** What {@code Database.ping()} would throw for this configuration: message, trace, causes. */
  private static String tryToConnect(Row row) {
    DatabaseConfig config =
        DatabaseConfig.from(Map.of(DatabaseConfig.URI_VARIABLE, row.uri()), new Properties());
    MongoClientSettings settings =
        MongoClientSettings.builder(config.clientSettings())
            .applyToClusterSettings(
                cluster -> cluster.serverSelectionTimeout(300, TimeUnit.MILLISECONDS))
            .timeout(300, TimeUnit.MILLISECONDS)
            .build();
    try (MongoClient client = MongoClients.create(settings)) {
      client.getDatabase("admin").runCommand(new Document("ping", 1));
      return "";
    } catch (MongoException e) {
      DatabaseUnavailableException error = Database.unavailable(config, e);
      assertTrue(error.getMessage().contains(config.hosts().get(0)), error.getMessage());
      return error + "\n" + stackTrace(error);
    }
  }

  @Test
  void noSecretInTheServiceResponseOrItsLogLine() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    for (Row row : rows()) {
      System.setProperty(DatabaseConfig.URI_PROPERTY, row.uri());
      // A driver failure that quotes the connection string, as written and decoded.
      String leak = "cannot connect to " + row.uri() + " (" + decode(row.uri()) + ")";
      try (LogCapture logs = LogCapture.at(Level.TRACE);
          NoteService service = NoteService.start(0, 2, new FailingNotes(leak))) {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(service.baseUri().resolve("/notes/count"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, response.statusCode());
        assertEquals("{\"error\":\"database unavailable\"}", response.body());
        row.assertClean("HTTP response", response.headers().map() + response.body());
        String lines = String.join("\n", logs.lines());
        assertTrue(lines.contains("GET /notes/count"), lines);
        row.assertClean("service log line", lines);
      }
    }
  }

  private static final class FailingNotes implements Notes {
    private final String message;

    FailingNotes(String message) {
      this.message = message;
    }

    @Override
    public Note create(String text) {
      throw new MongoException(message);
    }

    @Override
    public Optional<Note> find(String id) {
      throw new MongoException(message);
    }

    @Override
    public List<Note> list(int limit, Optional<String> before) {
      throw new MongoException(message);
    }

    @Override
    public long count() {
      throw new IllegalStateException("wrapped", new MongoException(message));
    }
  }

  private static String stackTrace(Throwable error) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    return error + "\n" + trace;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
