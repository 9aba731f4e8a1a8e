package io.github.mongoguard.sample.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mongoguard.sample.db.Database;
import io.github.mongoguard.sample.db.DatabaseConfig;
import io.github.mongoguard.sample.db.Eventually;
import io.github.mongoguard.sample.embedded.EmbeddedMongo;
import io.github.mongoguard.sample.notes.NoteRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every request gets an answer with the right status, whatever its shape. */
final class NoteServiceRequestsTest {
  private static EmbeddedMongo server;
  private static NoteService service;
  private static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    server = EmbeddedMongo.start();
    System.setProperty(DatabaseConfig.URI_PROPERTY, server.connectionString("requests"));
    service = NoteService.start(0, 8, NoteRepository.shared());
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterAll
  static void stop() {
    service.close();
    Database.close();
    server.close();
  }

  private static HttpResponse<String> send(String method, String path, String body)
      throws Exception {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    return http.send(
        HttpRequest.newBuilder(service.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(method, publisher)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String error(HttpResponse<String> response) {
    return Document.parse(response.body()).getString("error");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|the body is empty",
        "[]|the body must be a JSON object, was array",
        "null|the body must be a JSON object, was null",
        "42|the body must be a JSON object, was number",
        "'\"text\"'|the body must be a JSON object, was string",
        "not json|the body is not valid JSON",
        "'{\"text\": \"a\"} {}'|the body is not valid JSON",
        "'{\"text\": 5}'|the body needs a non-empty string field \"text\"",
        "'{\"text\": \"  \"}'|the body needs a non-empty string field \"text\"",
        "'{\"title\": \"x\"}'|the body needs a non-empty string field \"text\"",
        "'{\"text\": \"a\"'|the body is not valid JSON",
      })
  void badBodiesGet400WithAShortReason(String body, String reason) throws Exception {
    HttpResponse<String> response = send("POST", "/notes", body);
    assertEquals(400, response.statusCode(), response.body());
    assertTrue(error(response).startsWith(reason), response.body());
    assertTrue(response.body().length() < 300, response.body());
  }

  @Test
  void deeplyNestedJsonGets400AndTheServiceKeepsAnswering() throws Exception {
    String deep = "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000);
    HttpResponse<String> nested = send("POST", "/notes", deep);
    assertEquals(400, nested.statusCode(), nested.body());
    assertTrue(error(nested).contains("nesting depth"), nested.body());
    String deepButSmall = "[".repeat(5_000) + "]".repeat(5_000);
    HttpResponse<String> response = send("POST", "/notes", deepButSmall);
    assertEquals(400, response.statusCode(), response.body());
    assertTrue(error(response).contains("nesting depth"), response.body());
    assertEquals(200, send("GET", "/notes/count", null).statusCode());
  }

  @Test
  void bodyOverTheLimitGets413() throws Exception {
    String text = "x".repeat(NoteService.MAX_BODY_BYTES);
    HttpResponse<String> response = send("POST", "/notes", "{\"text\": \"" + text + "\"}");
    assertEquals(413, response.statusCode(), response.body());
    assertEquals("close", response.headers().firstValue("Connection").orElse(""));
    assertEquals(201, send("POST", "/notes", "{\"text\": \"small\"}").statusCode());
  }

  @ParameterizedTest
  @CsvSource({
    "GET,/notesXYZ",
    "GET,/notes/",
    "GET,/notes/a/b",
    "GET,/pool/x",
    "GET,/",
    "GET,/nothing",
    "POST,/notes/count/",
    "GET,/notes//x"
  })
  void unknownPathsGet404(String method, String path) throws Exception {
    HttpResponse<String> response = send(method, path, null);
    assertEquals(404, response.statusCode(), path + ": " + response.body());
    assertTrue(error(response).startsWith("no endpoint"), response.body());
  }

  @ParameterizedTest
  @CsvSource({
    "DELETE,/notes,'GET, POST'",
    "PUT,/notes/count,GET",
    "POST,/pool,GET",
    "DELETE,/notes/000000000000000000000000,GET"
  })
  void wrongMethodsGet405WithAllow(String method, String path, String allow) throws Exception {
    HttpResponse<String> response = send(method, path, method.equals("DELETE") ? null : "{}");
    assertEquals(405, response.statusCode(), response.body());
    assertEquals(allow, response.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void listsArePagesWithALinkToTheNext() throws Exception {
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      HttpResponse<String> response = send("POST", "/notes", "{\"text\": \"page " + i + "\"}");
      created.add(Document.parse(response.body()).getString("id"));
    }
    List<String> seen = new ArrayList<>();
    String next = "/notes?limit=3";
    int pages = 0;
    while (next != null && pages++ < 100) {
      HttpResponse<String> page = send("GET", next, null);
      assertEquals(200, page.statusCode(), page.body());
      Document body = Document.parse(page.body());
      List<Document> notes = body.getList("notes", Document.class);
      assertTrue(notes.size() <= 3, page.body());
      notes.forEach(note -> seen.add(note.getString("id")));
      next = body.getString("next");
    }
    assertTrue(seen.containsAll(created), "every note is on a page");
    assertEquals(seen.size(), new HashSet<>(seen).size(), "no note is on two pages");
    List<String> sorted = new ArrayList<>(seen);
    sorted.sort((a, b) -> b.compareTo(a));
    assertEquals(sorted, seen, "newest first");
  }

  @ParameterizedTest
  @CsvSource({
    "/notes?limit=0",
    "/notes?limit=101",
    "/notes?limit=x",
    "/notes?before=nope",
    "/notes?sort=asc"
  })
  void badQueriesGet400(String path) throws Exception {
    assertEquals(400, send("GET", path, null).statusCode());
  }

  @Test
  void halfSentRequestsAreDroppedAndDoNotStallTheService() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 60; i++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), service.port());
        OutputStream out = socket.getOutputStream();
        String head =
            i % 2 == 0
                ? "POST /notes HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"te"
                : "GET /notes/count HTTP/1.1\r\nHost: x\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        slow.add(socket);
      }
      long started = System.nanoTime();
      assertEquals(200, send("GET", "/notes/count", null).statusCode());
      assertEquals(200, send("GET", "/pool", null).statusCode());
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
      for (Socket socket : slow) {
        socket.setSoTimeout((int) Eventually.TIMEOUT.toMillis());
        // The server closes the connection (end of stream) after the request time limit.
        assertTrue(readsToEnd(socket.getInputStream()), "the half-sent request was dropped");
      }
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  private static boolean readsToEnd(InputStream in) {
    try {
      while (in.read() >= 0) {
        // a 400 or 408 answer is fine too
      }
      return true;
    } catch (IOException e) {
      return e.getMessage() != null && e.getMessage().contains("reset");
    }
  }
}
