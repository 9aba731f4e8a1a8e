package io.github.mongoguard.sample.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.mongoguard.sample.db.Database;
import io.github.mongoguard.sample.db.PoolSnapshot;
import io.github.mongoguard.sample.notes.Note;
import io.github.mongoguard.sample.notes.Notes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonParseException;
import org.bson.json.JsonWriterSettings;

/**
 * A small JSON API over notes, on the JDK's HTTP server.
 *
 * <pre>
 * POST /notes        {"text": "..."}  201 and the stored note
 * GET  /notes/{id}                    200 and the note, or 404
 * GET  /notes?limit=N                 200 and the newest N notes (1 to 100, default 20)
 * GET  /notes/count                   200 and {"count": n}
 * GET  /pool                          200 and the shared client's pool snapshot
 * </pre>
 */
public final class NoteService implements AutoCloseable {
  private static final JsonWriterSettings JSON =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
  private static final int DEFAULT_LIMIT = 20;
  private static final int MAX_LIMIT = 100;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Notes notes;

  private NoteService(HttpServer server, ExecutorService executor, Notes notes) {
    this.server = server;
    this.executor = executor;
    this.notes = notes;
  }

  /**
   * Starts the service on 127.0.0.1.
   *
   * @param port the port, or 0 for a free one
   * @param threads how many requests are handled at once
   * @param notes where the notes are stored
   */
  public static NoteService start(int port, int threads, Notes notes) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 512);
    ExecutorService executor = Executors.newFixedThreadPool(threads, daemonThreads());
    NoteService service = new NoteService(server, executor, notes);
    server.createContext("/notes", service::handleNotes);
    server.createContext("/pool", service::handlePool);
    server.setExecutor(executor);
    server.start();
    return service;
  }

  /** The port the service listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL of the service: {@code http://127.0.0.1:port}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Stops accepting requests and stops the handler threads; the shared client stays open. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handleNotes(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      List<String> segments = segments(path);
      if (segments.size() == 1 && method.equals("POST")) {
        create(exchange);
      } else if (segments.size() == 1 && method.equals("GET")) {
        list(exchange);
      } else if (segments.size() == 2 && segments.get(1).equals("count") && method.equals("GET")) {
        respond(exchange, 200, new Document("count", notes.count()));
      } else if (segments.size() == 2 && method.equals("GET")) {
        Optional<Note> note = notes.find(segments.get(1));
        if (note.isPresent()) {
          respond(exchange, 200, toDocument(note.get()));
        } else {
          respond(exchange, 404, error("no note with id " + segments.get(1)));
        }
      } else {
        respond(exchange, 404, error("no endpoint " + method + " " + path));
      }
    } catch (RuntimeException e) {
      failed(exchange, e);
    }
  }

  private void create(HttpExchange exchange) throws IOException {
    Document body;
    try (InputStream in = exchange.getRequestBody()) {
      body = Document.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (JsonParseException e) {
      respond(exchange, 400, error("the body is not a JSON object: " + e.getMessage()));
      return;
    }
    Object text = body.get("text");
    if (!(text instanceof String string) || string.isBlank()) {
      respond(exchange, 400, error("the body needs a non-empty string field \"text\""));
      return;
    }
    respond(exchange, 201, toDocument(notes.create(string)));
  }

  private void list(HttpExchange exchange) throws IOException {
    int limit = DEFAULT_LIMIT;
    String query = exchange.getRequestURI().getQuery();
    if (query != null) {
      for (String parameter : query.split("&", -1)) {
        if (parameter.startsWith("limit=")) {
          try {
            limit = Integer.parseInt(parameter.substring("limit=".length()));
          } catch (NumberFormatException e) {
            respond(exchange, 400, error("limit must be a number"));
            return;
          }
        }
      }
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      respond(exchange, 400, error("limit must be between 1 and " + MAX_LIMIT));
      return;
    }
    List<Document> documents = new ArrayList<>();
    for (Note note : notes.list(limit)) {
      documents.add(toDocument(note));
    }
    respond(exchange, 200, new Document("notes", documents));
  }

  private void handlePool(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        respond(exchange, 405, error("use GET"));
        return;
      }
      PoolSnapshot pool = Database.pool();
      respond(
          exchange,
          200,
          new Document("maxSize", pool.maxSize())
              .append("open", pool.open())
              .append("inUse", pool.inUse())
              .append("idle", pool.idle())
              .append("waiting", pool.waiting())
              .append("created", pool.created())
              .append("closed", pool.closed())
              .append("checkOutFailures", pool.checkOutFailures()));
    } catch (RuntimeException e) {
      failed(exchange, e);
    }
  }

  private static void failed(HttpExchange exchange, RuntimeException e) throws IOException {
    // The message of a driver or Database exception names hosts and settings, never a password.
    respond(exchange, 503, error(e.getClass().getSimpleName() + ": " + e.getMessage()));
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/", -1)) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return segments;
  }

  private static Document toDocument(Note note) {
    return new Document("id", note.id())
        .append("text", note.text())
        .append("createdAt", note.createdAt().toString());
  }

  private static Document error(String message) {
    return new Document("error", message);
  }

  private static void respond(HttpExchange exchange, int status, Document body) throws IOException {
    byte[] bytes = body.toJson(JSON).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "note-service-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
