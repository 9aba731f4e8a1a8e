package io.github.mongoguard.sample.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.mongoguard.sample.db.Database;
import io.github.mongoguard.sample.db.PoolSnapshot;
import io.github.mongoguard.sample.notes.Note;
import io.github.mongoguard.sample.notes.Notes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small JSON API over notes, on the JDK's HTTP server.
 *
 * <pre>
 * POST /notes                 {"text": "..."}  201 and the stored note
 * GET  /notes/{id}                             200 and the note, or 404
 * GET  /notes?limit=N&amp;before=ID                200 and the newest N notes (1 to 100, default 20)
 *                                              older than ID, and "next", the URL of the next page
 * GET  /notes/count                            200 and {"count": n}
 * GET  /pool                                   200 and the shared client's pool snapshot
 * </pre>
 *
 * <p>Every request gets an answer: 400 with a short reason for a body that is not a JSON object
 * with a non-empty string {@code text} or a bad query, 404 for any other path (paths match
 * exactly), 405 for a wrong method, 413 for a body over {@value #MAX_BODY_BYTES} bytes, and 503
 * {@code {"error": "database unavailable"}} when the database fails; the detail of a failure is
 * logged on the server with every secret masked, never sent to the client. JSON nesting is bounded
 * ({@value #MAX_JSON_DEPTH} levels), lists are pages of at most {@value #MAX_LIMIT} notes.
 *
 * <p>Threads: request lines, headers and bodies are read by an I/O pool; the database work of
 * {@code /notes} runs on its own pool of {@code threads} threads, and {@code /pool} on a thread of
 * its own, so that it answers while the database work waits for an unreachable server.
 *
 * <p>Slow clients: the JDK server closes a connection whose request is not read within {@value
 * #REQUEST_SECONDS} s, or whose response is not taken within {@value #RESPONSE_SECONDS} s. It reads
 * these limits from the system properties {@code sun.net.httpserver.maxReqTime} and {@code
 * sun.net.httpserver.maxRspTime} (seconds) once, when the first server of the JVM starts; this
 * class sets them unless they are set already.
 *
 * <p>{@link #close()} stops accepting, lets the requests in flight finish within a grace period,
 * and answers requests that arrive on open connections meanwhile with 503 and {@code Connection:
 * close}; the shared client stays open (at shutdown, {@link Database#beforeClose} runs it first).
 */
public final class NoteService implements AutoCloseable {
  /** The largest request body accepted, in bytes; larger ones get 413. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  /** The deepest JSON nesting accepted in a request body; deeper gets 400. */
  public static final int MAX_JSON_DEPTH = 16;

  /** The most notes one page of {@code GET /notes} holds. */
  public static final int MAX_LIMIT = 100;

  /** How long {@link #close()} waits for requests in flight. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

  /** A request (line, headers and body) must arrive within this many seconds. */
  public static final int REQUEST_SECONDS = 5;

  /** A response must be taken by the client within this many seconds. */
  public static final int RESPONSE_SECONDS = 30;

  private static final Logger LOG = LoggerFactory.getLogger(NoteService.class);
  private static final int DEFAULT_LIMIT = 20;

  /**
   * Threads that read requests; a slow client holds one until {@value #REQUEST_SECONDS} s pass, so
   * there are many, started when needed and stopped after 30 idle seconds.
   */
  private static final int IO_THREADS = 256;

  private static final int QUEUED_REQUESTS = 1_000;
  private static final String UNAVAILABLE = "database unavailable";

  private static final ObjectMapper JSON =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_JSON_DEPTH)
                          .maxStringLength(MAX_BODY_BYTES)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  static {
    setIfAbsent("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
    setIfAbsent("sun.net.httpserver.maxRspTime", RESPONSE_SECONDS);
  }

  private final HttpServer server;
  private final ExecutorService io;
  private final ThreadPoolExecutor work;
  private final ExecutorService poolThread;
  private final Notes notes;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean draining;

  private NoteService(HttpServer server, int threads, Notes notes) {
    this.server = server;
    this.notes = notes;
    ThreadPoolExecutor reading = fixedPool(IO_THREADS, Integer.MAX_VALUE, "note-service-io");
    reading.setKeepAliveTime(30, TimeUnit.SECONDS);
    reading.allowCoreThreadTimeOut(true);
    this.io = reading;
    this.work = fixedPool(threads, QUEUED_REQUESTS, "note-service-db");
    this.poolThread = fixedPool(1, QUEUED_REQUESTS, "note-service-pool");
  }

  /**
   * Starts the service on 127.0.0.1.
   *
   * @param port the port, or 0 for a free one
   * @param threads how many requests use the database at once
   * @param notes where the notes are stored
   */
  public static NoteService start(int port, int threads, Notes notes) throws IOException {
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 512);
    NoteService service = new NoteService(server, threads, notes);
    server.createContext("/", service::handle);
    server.setExecutor(service.io);
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

  /** Requests being handled now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Stops the service within {@link #DEFAULT_GRACE}; see {@link #close(Duration)}. */
  @Override
  public void close() {
    close(DEFAULT_GRACE);
  }

  /**
   * Stops accepting connections, waits up to {@code grace} for the requests in flight to be
   * answered, then stops the threads. Idempotent. The shared client stays open.
   */
  public void close(Duration grace) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    draining = true;
    int waiting = inFlight.get();
    // The JDK server waits the whole delay when nothing is in flight; it returns as soon as the
    // last exchange is written otherwise.
    server.stop(waiting == 0 ? 0 : (int) Math.max(1, (grace.toMillis() + 999) / 1000));
    shutdown(work, grace);
    shutdown(poolThread, Duration.ofSeconds(1));
    shutdown(io, Duration.ofSeconds(1));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    if (inFlight.get() > 0) {
      LOG.warn(
          "Note service stopped after {} ms with {} requests still unanswered (grace {} ms)",
          millis,
          inFlight.get(),
          grace.toMillis());
    } else {
      LOG.info(
          "Note service stopped in {} ms; requests in flight at the stop, all answered: {}",
          millis,
          waiting);
    }
  }

  private void handle(HttpExchange exchange) {
    inFlight.incrementAndGet();
    Request request = new Request(exchange);
    try {
      if (draining) {
        request.respondAndClose(503, error("the service is shutting down"));
        return;
      }
      route(request);
    } catch (RuntimeException e) {
      request.fail(e);
    }
  }

  private void route(Request request) {
    String path = request.exchange.getRequestURI().getRawPath();
    String method = request.exchange.getRequestMethod();
    List<String> segments = segments(path);
    if (segments.contains("")) {
      request.respond(404, error("no endpoint " + shorten(path)));
    } else if (segments.size() == 1 && segments.get(0).equals("pool")) {
      if (requireMethod(request, method, "GET")) {
        submit(request, poolThread, () -> request.respond(200, pool()));
      }
    } else if (segments.size() == 1 && segments.get(0).equals("notes")) {
      if (method.equals("POST")) {
        Optional<String> text = readText(request);
        if (text.isPresent()) {
          submit(request, work, () -> request.respond(201, toJson(notes.create(text.get()))));
        }
      } else if (requireMethod(request, method, "GET, POST")) {
        Optional<Page> page = readPage(request);
        if (page.isPresent()) {
          submit(request, work, () -> request.respond(200, list(page.get())));
        }
      }
    } else if (segments.size() == 2 && segments.get(0).equals("notes")) {
      if (requireMethod(request, method, "GET")) {
        String id = segments.get(1);
        if (id.equals("count")) {
          submit(request, work, () -> request.respond(200, Map.of("count", notes.count())));
        } else {
          submit(request, work, () -> find(request, id));
        }
      }
    } else {
      request.respond(404, error("no endpoint " + shorten(path)));
    }
  }

  /** Whether the method is one of {@code allowed}; answers 405 when not. */
  private static boolean requireMethod(Request request, String method, String allowed) {
    for (String candidate : allowed.split(", ", -1)) {
      if (candidate.equals(method)) {
        return true;
      }
    }
    request.exchange.getResponseHeaders().set("Allow", allowed);
    request.respond(405, error("use " + allowed.replace(", ", " or ")));
    return false;
  }

  private void submit(Request request, ExecutorService executor, Runnable action) {
    try {
      executor.execute(
          () -> {
            try {
              action.run();
            } catch (RuntimeException e) {
              request.fail(e);
            }
          });
    } catch (RejectedExecutionException e) {
      request.respondAndClose(503, error(draining ? "the service is shutting down" : "busy"));
    }
  }

  private void find(Request request, String id) {
    Optional<Note> note = notes.find(id);
    if (note.isPresent()) {
      request.respond(200, toJson(note.get()));
    } else {
      request.respond(404, error("no note with id " + shorten(id)));
    }
  }

  private static Map<String, Object> pool() {
    PoolSnapshot pool = Database.pool();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("maxSize", pool.maxSize());
    body.put("open", pool.open());
    body.put("inUse", pool.inUse());
    body.put("idle", pool.idle());
    body.put("waiting", pool.waiting());
    body.put("created", pool.created());
    body.put("closed", pool.closed());
    body.put("checkOutFailures", pool.checkOutFailures());
    return body;
  }

  private record Page(int limit, Optional<String> before) {}

  private Map<String, Object> list(Page page) {
    List<Map<String, Object>> documents = new ArrayList<>();
    List<Note> found = notes.list(page.limit(), page.before());
    for (Note note : found) {
      documents.add(toJson(note));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("notes", documents);
    if (found.size() == page.limit()) {
      body.put(
          "next", "/notes?limit=" + page.limit() + "&before=" + found.get(found.size() - 1).id());
    }
    return body;
  }

  /** The query of {@code GET /notes}; answers 400 and returns empty when it is wrong. */
  private static Optional<Page> readPage(Request request) {
    int limit = DEFAULT_LIMIT;
    Optional<String> before = Optional.empty();
    String query = request.exchange.getRequestURI().getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String parameter : query.split("&", -1)) {
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
        if (name.equals("limit")) {
          try {
            limit = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            limit = -1;
          }
          if (limit < 1 || limit > MAX_LIMIT) {
            request.respond(400, error("limit must be a number from 1 to " + MAX_LIMIT));
            return Optional.empty();
          }
        } else if (name.equals("before")) {
          if (!ObjectId.isValid(value)) {
            request.respond(400, error("before must be the id of a note"));
            return Optional.empty();
          }
          before = Optional.of(value);
        } else {
          request.respond(
              400, error("unknown parameter " + shorten(name) + "; use limit and before"));
          return Optional.empty();
        }
      }
    }
    return Optional.of(new Page(limit, before));
  }

  /** The {@code text} of a {@code POST /notes} body; answers 400 or 413 and returns empty. */
  private static Optional<String> readText(Request request) {
    String length = request.exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && isLongerThan(length, MAX_BODY_BYTES)) {
      request.respondAndClose(413, error("the body is larger than " + MAX_BODY_BYTES + " bytes"));
      return Optional.empty();
    }
    byte[] body;
    try (InputStream in = request.exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      // The client went away or was too slow; there is no one to answer.
      request.abandon();
      return Optional.empty();
    }
    if (body.length > MAX_BODY_BYTES) {
      request.respondAndClose(413, error("the body is larger than " + MAX_BODY_BYTES + " bytes"));
      return Optional.empty();
    }
    String shape = "send a JSON object {\"text\": \"...\"}";
    if (body.length == 0) {
      request.respond(400, error("the body is empty: " + shape));
      return Optional.empty();
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      request.respond(400, error("the body is not valid JSON (" + reason(e) + "): " + shape));
      return Optional.empty();
    } catch (IOException e) {
      request.respond(400, error("the body is not valid JSON: " + shape));
      return Optional.empty();
    }
    if (json == null || !json.isObject()) {
      String was = json == null || json.isMissingNode() ? "empty" : json.getNodeType().name();
      request.respond(
          400,
          error(
              "the body must be a JSON object, was "
                  + was.toLowerCase(Locale.ROOT)
                  + ": "
                  + shape));
      return Optional.empty();
    }
    JsonNode text = json.get("text");
    if (text == null || !text.isTextual() || text.asText().isBlank()) {
      request.respond(400, error("the body needs a non-empty string field \"text\""));
      return Optional.empty();
    }
    return Optional.of(text.asText());
  }

  private static boolean isLongerThan(String contentLength, int limit) {
    try {
      return Long.parseLong(contentLength.strip()) > limit;
    } catch (NumberFormatException e) {
      // The JDK server rejects such a request before it gets here.
      return false;
    }
  }

  private static String reason(JsonProcessingException e) {
    return shorten(String.valueOf(e.getOriginalMessage()));
  }

  /** A client's text quoted back to it: one line, at most 80 characters. */
  private static String shorten(String text) {
    String line = text.replaceAll("[\\r\\n\\t]+", " ");
    return line.length() <= 80 ? line : line.substring(0, 77) + "...";
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value;
    }
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    if (!path.startsWith("/")) {
      segments.add(path);
      return segments;
    }
    for (String segment : path.substring(1).split("/", -1)) {
      // An empty segment ("/notes/", "//notes") matches no route.
      segments.add(segment);
    }
    return segments;
  }

  private static Map<String, Object> toJson(Note note) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", note.id());
    body.put("text", note.text());
    body.put("createdAt", note.createdAt().toString());
    return body;
  }

  private static Map<String, Object> error(String message) {
    return Map.of("error", message);
  }

  /** One exchange: answered exactly once, then counted out of {@link #inFlight}. */
  private final class Request {
    final HttpExchange exchange;
    private final AtomicBoolean done = new AtomicBoolean();

    Request(HttpExchange exchange) {
      this.exchange = exchange;
    }

    void respond(int status, Map<String, ?> body) {
      send(status, body, false);
    }

    /** Answers and closes the connection: the request body may be unread. */
    void respondAndClose(int status, Map<String, ?> body) {
      send(status, body, true);
    }

    /** Answers a failure: 503 for the database, 500 for anything else; logs the detail. */
    void fail(RuntimeException e) {
      if (isDatabaseFailure(e)) {
        LOG.warn("{} {}: {}", exchange.getRequestMethod(), path(), Database.describeFailure(e));
        respond(503, error(UNAVAILABLE));
      } else {
        LOG.error(
            "{} {} failed: {}", exchange.getRequestMethod(), path(), Database.describeFailure(e));
        respond(500, error("internal error"));
      }
    }

    /** Gives up on an exchange whose client is gone. */
    void abandon() {
      if (done.compareAndSet(false, true)) {
        exchange.close();
        inFlight.decrementAndGet();
      }
    }

    private String path() {
      return shorten(exchange.getRequestURI().getRawPath());
    }

    private void send(int status, Map<String, ?> body, boolean close) {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      try {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if (close || draining) {
          exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      } catch (IOException e) {
        LOG.debug("The client of {} went away before its response: {}", path(), e.toString());
      } catch (RuntimeException e) {
        LOG.error("Could not answer {}: {}", path(), Database.describeFailure(e));
      } finally {
        exchange.close();
        inFlight.decrementAndGet();
      }
    }
  }

  /** Whether {@code e} says the database cannot be used now, rather than a bug of the service. */
  private static boolean isDatabaseFailure(RuntimeException e) {
    return e instanceof MongoException
        || e instanceof IllegalStateException
        || e instanceof IllegalArgumentException
        || e instanceof UncheckedIOException;
  }

  private static ThreadPoolExecutor fixedPool(int threads, int queue, String name) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    return new ThreadPoolExecutor(
        threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(queue), factory);
  }

  private static void shutdown(ExecutorService executor, Duration grace) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static void setIfAbsent(String property, int seconds) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, Integer.toString(seconds));
    }
  }
}
