package io.github.mongoguard.sample.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mongoguard.sample.db.Database;
import io.github.mongoguard.sample.db.DatabaseConfig;
import io.github.mongoguard.sample.embedded.EmbeddedMongo;
import io.github.mongoguard.sample.notes.NoteRepository;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class NoteServiceTest {
  private static final int CONCURRENCY = 100;

  private static EmbeddedMongo server;
  private static NoteService service;
  private static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    server = EmbeddedMongo.start();
    System.setProperty(DatabaseConfig.URI_PROPERTY, server.connectionString("service"));
    service = NoteService.start(0, CONCURRENCY, NoteRepository.shared());
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
  }

  @AfterAll
  static void stop() {
    service.close();
    Database.close();
    server.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(service.baseUri().resolve(path)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(service.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void createGetListAndCount() throws Exception {
    long before = Document.parse(get("/notes/count").body()).get("count", Number.class).longValue();
    HttpResponse<String> created = post("/notes", "{\"text\": \"buy milk\"}");
    assertEquals(201, created.statusCode(), created.body());
    String id = Document.parse(created.body()).getString("id");

    HttpResponse<String> found = get("/notes/" + id);
    assertEquals(200, found.statusCode());
    assertEquals("buy milk", Document.parse(found.body()).getString("text"));

    HttpResponse<String> listed = get("/notes?limit=5");
    assertEquals(200, listed.statusCode());
    List<?> notes = Document.parse(listed.body()).getList("notes", Document.class);
    assertEquals(id, ((Document) notes.get(0)).getString("id"));

    HttpResponse<String> count = get("/notes/count");
    assertEquals(before + 1, Document.parse(count.body()).get("count", Number.class).longValue());
  }

  @Test
  void badRequestsAreAnsweredClearly() throws Exception {
    assertEquals(404, get("/notes/000000000000000000000000").statusCode());
    assertEquals(404, get("/notes/not-an-id").statusCode());
    assertEquals(400, post("/notes", "not json").statusCode());
    assertEquals(400, post("/notes", "{\"title\": \"no text\"}").statusCode());
    assertEquals(400, get("/notes?limit=0").statusCode());
    assertEquals(404, get("/nothing-here").statusCode());
  }

  @Test
  void poolEndpointReportsTheSnapshot() throws Exception {
    post("/notes", "{\"text\": \"warm up\"}");
    HttpResponse<String> pool = get("/pool");
    assertEquals(200, pool.statusCode());
    Document snapshot = Document.parse(pool.body());
    assertEquals(5, snapshot.getInteger("maxSize"));
    assertTrue(snapshot.getInteger("open") >= 1, pool.body());
    assertTrue(snapshot.get("created", Number.class).longValue() >= 1, pool.body());
  }

  @Test
  void thousandConcurrentRequestsStayWithinThePoolPlusMonitoring() throws Exception {
    Database.ping();
    server.connections().resetPeak();
    CyclicBarrier start = new CyclicBarrier(CONCURRENCY);
    ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
    try {
      List<Future<Integer>> failures = new ArrayList<>();
      for (int worker = 0; worker < CONCURRENCY; worker++) {
        int first = worker;
        failures.add(
            clients.submit(
                () -> {
                  start.await(60, TimeUnit.SECONDS);
                  int failed = 0;
                  for (int i = first; i < 1000; i += CONCURRENCY) {
                    HttpResponse<String> response =
                        i % 2 == 0 ? post("/notes", "{\"text\": \"load " + i + "\"}") : get("/notes/count");
                    if (response.statusCode() >= 400) {
                      failed++;
                    }
                  }
                  return failed;
                }));
      }
      int failed = 0;
      for (Future<Integer> future : failures) {
        failed += future.get(5, TimeUnit.MINUTES);
      }
      assertEquals(0, failed);
    } finally {
      clients.shutdownNow();
    }
    int limit = Database.config().maxPoolSize() + 2;
    assertTrue(
        server.connections().peak() <= limit,
        "peak server connections " + server.connections().peak() + " > " + limit);
  }

}
