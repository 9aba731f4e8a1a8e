package io.github.mongoguard.sample.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mongoguard.sample.db.Database;
import io.github.mongoguard.sample.db.DatabaseConfig;
import io.github.mongoguard.sample.db.Eventually;
import io.github.mongoguard.sample.db.PoolSnapshot;
import io.github.mongoguard.sample.embedded.EmbeddedMongo;
import io.github.mongoguard.sample.notes.NoteRepository;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service and the shared client under faults of the server, on loopback: what callers see
 * during the fault, and after it. Bounded: a few hundred requests, a few seconds per fault.
 */
final class NoteServiceFaultTest {
  private static final int TIMEOUT_MS = 1500;
  private static final int MAX_POOL_SIZE = 2;
  private static final int THREADS = 8;

  /** The longest a caller may wait for any answer: the timeout plus slack for busy machines. */
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(12);

  private static EmbeddedMongo server;
  private static NoteService service;
  private static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    server = EmbeddedMongo.start();
    System.setProperty(
        DatabaseConfig.URI_PROPERTY,
        server.connectionString("faults")
            + "?timeoutMS="
            + TIMEOUT_MS
            + "&maxPoolSize="
            + MAX_POOL_SIZE);
    Database.ping();
    service = NoteService.start(0, THREADS, NoteRepository.shared());
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterEach
  void serverRunsAgain() {
    server.releaseCommands();
    server.resume();
  }

  @AfterAll
  static void stop() {
    service.close();
    Database.close();
    server.close();
  }

  /** What one request got: its status and body, or the exception, and how long it took. */
  private record Outcome(String text, int status, String body, String failure, Duration took) {}

  private static Outcome post(String text) {
    long started = System.nanoTime();
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(service.baseUri().resolve("/notes"))
                  .timeout(Duration.ofSeconds(60))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"" + text + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Outcome(
          text,
          response.statusCode(),
          response.body(),
          null,
          Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException | InterruptedException e) {
      return new Outcome(
          text, -1, null, e.toString(), Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(service.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Set<String> storedTexts() {
    Set<String> texts = new HashSet<>();
    for (Document note : Database.database().getCollection(NoteRepository.COLLECTION).find()) {
      texts.add(note.getString("text"));
    }
    return texts;
  }

  /** Each outcome is a 201 or a 503 "database unavailable", never silence, within the bound. */
  private static void assertAnsweredClearly(List<Outcome> outcomes) {
    for (Outcome outcome : outcomes) {
      assertTrue(outcome.failure() == null, "no answer: " + outcome);
      assertTrue(
          outcome.status() == 201
              || (outcome.status() == 503
                  && outcome.body().equals("{\"error\":\"database unavailable\"}")),
          outcome.toString());
      assertTrue(outcome.took().compareTo(ANSWER_BOUND) < 0, outcome.toString());
    }
  }

  @Test
  void serverStoppedAndRestartedDuringLoad() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger sequence = new AtomicInteger();
    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    ExecutorService load = Executors.newFixedThreadPool(6);
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < 6; w++) {
      workers.add(
          load.submit(
              () -> {
                while (running.get() && sequence.get() < 2_000) {
                  outcomes.add(post("restart-" + sequence.incrementAndGet()));
                }
              }));
    }
    try {
      Eventually.await("notes are stored before the outage", () -> count(outcomes, 201) >= 20);
      server.stop();
      int beforeOutage = outcomes.size();
      Eventually.await("callers see the outage", () -> count(outcomes, 503) >= 6);
      HttpResponse<String> pool = get("/pool");
      assertEquals(200, pool.statusCode(), "the pool endpoint answers during the outage");
      Thread.sleep(1_000);
      server.resume();
      int atRestart = outcomes.size();
      Eventually.await(
          "notes are stored again after the restart",
          () -> outcomes.stream().skip(atRestart).filter(o -> o.status() == 201).count() >= 20);
      assertTrue(outcomes.size() > beforeOutage);
    } finally {
      running.set(false);
      for (Future<?> worker : workers) {
        worker.get(60, TimeUnit.SECONDS);
      }
      load.shutdownNow();
    }
    List<Outcome> all = List.copyOf(outcomes);
    assertAnsweredClearly(all);
    Set<String> stored = storedTexts();
    for (Outcome outcome : all) {
      if (outcome.status() == 201) {
        assertTrue(stored.contains(outcome.text()), "acknowledged but lost: " + outcome);
      }
    }
  }

  @Test
  void hangingServerAndExhaustedPoolFailWithinTheTimeoutWhilePoolAnswers() throws Exception {
    assertEquals(201, post("warm-up").status());
    server.holdCommands();
    ExecutorService callers = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Outcome>> held = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        int n = i;
        held.add(callers.submit(() -> post("held-" + n)));
      }
      // Every database thread of the service waits now: two on the held server, six for a
      // connection of the exhausted pool. The pool endpoint has a thread of its own.
      Eventually.await("requests wait for connections", () -> Database.pool().waiting() > 0);
      long started = System.nanoTime();
      HttpResponse<String> pool = get("/pool");
      Duration poolTook = Duration.ofNanos(System.nanoTime() - started);
      assertEquals(200, pool.statusCode());
      assertTrue(poolTook.compareTo(Duration.ofSeconds(1)) < 0, "/pool took " + poolTook);
      Document snapshot = Document.parse(pool.body());
      assertEquals(MAX_POOL_SIZE, snapshot.getInteger("maxSize"));
      assertTrue(snapshot.getInteger("inUse") <= MAX_POOL_SIZE, pool.body());

      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> future : held) {
        outcomes.add(future.get(60, TimeUnit.SECONDS));
      }
      for (Outcome outcome : outcomes) {
        assertEquals(503, outcome.status(), outcome.toString());
        assertTrue(
            outcome.took().compareTo(Duration.ofMillis(TIMEOUT_MS)) >= 0, outcome.toString());
      }
      assertAnsweredClearly(outcomes);
      PoolSnapshot after = Database.pool();
      // Nothing waits or stays checked out once every caller has its answer.
      assertEquals(0, after.inUse(), after.toString());
      assertEquals(0, after.waiting(), after.toString());
    } finally {
      server.releaseCommands();
      callers.shutdownNow();
    }
    Outcome recovered =
        Eventually.succeeds(
            () -> {
              Outcome outcome = post("after-hang");
              if (outcome.status() != 201) {
                throw new IllegalStateException(outcome.toString());
              }
              return outcome;
            });
    assertTrue(storedTexts().contains(recovered.text()));
  }

  private static long count(ConcurrentLinkedQueue<Outcome> outcomes, int status) {
    return outcomes.stream().filter(outcome -> outcome.status() == status).count();
  }
}
