package io.github.mongoguard.sample.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mongoguard.sample.db.Database;
import io.github.mongoguard.sample.db.DatabaseConfig;
import io.github.mongoguard.sample.db.Eventually;
import io.github.mongoguard.sample.embedded.EmbeddedMongo;
import io.github.mongoguard.sample.notes.NoteRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a separate JVM running {@link ServiceMain} under load, while requests are in flight:
 * every request the service took on is answered in full, and the client closes after them.
 *
 * <p>The database is an embedded server in this JVM, so that what the service stored can be read
 * after its process is gone. Its commands are held while the signal arrives, so that requests are
 * certainly in flight then, and released a second later.
 */
final class ShutdownUnderLoadTest {
  private static final Pattern LISTENING =
      Pattern.compile("Note service on (http://127\\.0\\.0\\.1:\\d+)");
  private static final int WORKERS = 12;

  private static EmbeddedMongo server;

  @BeforeAll
  static void startServer() {
    server = EmbeddedMongo.start();
    System.setProperty(DatabaseConfig.URI_PROPERTY, server.connectionString("shutdown"));
  }

  @AfterAll
  static void stopServer() {
    Database.close();
    server.close();
  }

  private record Outcome(
      String text, int status, String body, String failure, boolean endedAfterSignal) {}

  @Test
  void sigtermDrainsInFlightRequestsThenClosesTheClient() throws Exception {
    Path outputFile = Files.createTempFile("note-service", ".log");
    Process child = startService(outputFile);
    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicBoolean signalled = new AtomicBoolean();
    ExecutorService load = Executors.newFixedThreadPool(WORKERS);
    try {
      URI service = Eventually.succeeds(() -> listeningAt(outputFile));
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      AtomicInteger sequence = new AtomicInteger();
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        workers.add(
            load.submit(
                () -> {
                  while (running.get() && sequence.get() < 5_000) {
                    outcomes.add(
                        post(http, service, "term-" + sequence.incrementAndGet(), signalled));
                  }
                }));
      }
      Eventually.await("the service stores notes", () -> count(outcomes, 201) >= 100);
      server.holdCommands();
      Thread.sleep(300);
      signalled.set(true);
      child.destroy(); // SIGTERM
      Thread.sleep(1_000);
      server.releaseCommands();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the service exits after SIGTERM");
      running.set(false);
      for (Future<?> worker : workers) {
        worker.get(60, TimeUnit.SECONDS);
      }
    } finally {
      running.set(false);
      server.releaseCommands();
      load.shutdownNow();
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
    List<String> output = Files.readAllLines(outputFile, StandardCharsets.UTF_8);
    Files.delete(outputFile);
    String log = String.join("\n", output);
    assertEquals(143, child.exitValue(), "exit status of SIGTERM\n" + log);

    List<Outcome> all = List.copyOf(outcomes);
    Set<String> stored = new HashSet<>();
    for (Document note : Database.database().getCollection(NoteRepository.COLLECTION).find()) {
      stored.add(note.getString("text"));
    }
    long drained = all.stream().filter(o -> o.status() == 201 && o.endedAfterSignal()).count();
    assertTrue(drained >= 1, "requests in flight at SIGTERM were answered after it\n" + log);
    for (Outcome outcome : all) {
      if (outcome.status() == 201) {
        assertTrue(stored.contains(outcome.text()), "acknowledged but not stored: " + outcome);
      } else if (outcome.status() > 0) {
        assertEquals(503, outcome.status(), outcome.toString());
        assertTrue(outcome.body().startsWith("{\"error\":"), outcome.toString());
      }
    }
    for (Outcome outcome : all) {
      if (stored.contains(outcome.text())) {
        assertEquals(201, outcome.status(), "stored, but its response was lost or cut: " + outcome);
      }
    }
    int stopped = indexOf(output, "Note service stopped in");
    int closed = indexOf(output, "Closed the MongoDB client");
    assertTrue(stopped >= 0 && closed > stopped, "drain, then close the client, once\n" + log);
    assertTrue(output.get(stopped).contains("all answered"), output.get(stopped));
    assertEquals(closed, output.lastIndexOf(output.get(closed)), "closed once\n" + log);
  }

  private static Outcome post(HttpClient http, URI service, String text, AtomicBoolean signalled) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(service.resolve("/notes"))
                  .timeout(Duration.ofSeconds(60))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"" + text + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Outcome(text, response.statusCode(), response.body(), null, signalled.get());
    } catch (IOException e) {
      return new Outcome(text, -1, null, e.toString(), signalled.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(text, -1, null, e.toString(), signalled.get());
    }
  }

  private static URI listeningAt(Path output) {
    try {
      Matcher matcher = LISTENING.matcher(Files.readString(output, StandardCharsets.UTF_8));
      if (matcher.find()) {
        return URI.create(matcher.group(1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("the service is not listening yet");
  }

  private static Process startService(Path output) throws IOException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java.toString(),
            "-cp",
            classPath,
            "-D" + DatabaseConfig.URI_PROPERTY + "=" + server.connectionString("shutdown"),
            // The sample's own logging configuration, not the tests' quiet one.
            "-Dlogback.configurationFile=logback.xml",
            ServiceMain.class.getName(),
            "--port",
            "0",
            "--threads",
            "8",
            "--grace",
            "20");
    builder.environment().remove(DatabaseConfig.URI_VARIABLE);
    builder.redirectErrorStream(true);
    builder.redirectOutput(output.toFile());
    return builder.start();
  }

  private static long count(ConcurrentLinkedQueue<Outcome> outcomes, int status) {
    return outcomes.stream().filter(outcome -> outcome.status() == status).count();
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }
}
