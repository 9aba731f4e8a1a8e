package io.github.mongoguard.sample.monitor;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import io.github.mongoguard.sample.db.Database;
import io.github.mongoguard.sample.db.DatabaseConfig;
import io.github.mongoguard.sample.service.Arguments;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.bson.Document;

/**
 * Prints the connections a MongoDB server reports ({@code serverStatus.connections}) and, for a
 * running note service, its pool snapshot: once with {@code --once}, else every N seconds.
 *
 * <p>Arguments: {@code --uri URI} (else {@code MONGODB_URI} or {@code -Dmongodb.uri}), {@code
 * --service URL} (the base URL of a running note service), {@code --once}, {@code --every N}
 * (seconds, default 5), {@code --count N} (stop after N samples). The monitor connects through
 * {@link Database} like any other code, so the server's count includes the monitor's own pool and
 * monitoring connections (usually 2).
 */
public final class ConnectionMonitor {
  /** The server's error code for a command the user has no privilege for. */
  private static final int UNAUTHORIZED = 13;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final String ROW = "%-8s %8s %10s %13s   %5s %6s %5s %8s %8s %7s%n";

  private ConnectionMonitor() {}

  public static void main(String[] args) throws InterruptedException {
    int status = run(args, System.out);
    System.out.flush();
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the monitor, printing on {@code out}; returns 0, or 1 when a sample failed. */
  static int run(String[] args, PrintStream out) throws InterruptedException {
    String uri = null;
    URI service = null;
    int every = 5;
    long count = Long.MAX_VALUE;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--uri" -> uri = Arguments.stringValue(args, ++i, "--uri");
        case "--service" ->
            service = URI.create(stripSlash(Arguments.stringValue(args, ++i, "--service")));
        case "--once" -> count = 1;
        case "--every" -> every = Arguments.intValue(args, ++i, "--every", 1);
        case "--count" -> count = Arguments.intValue(args, ++i, "--count", 1);
        default ->
            throw Arguments.fail(
                "unknown argument "
                    + args[i]
                    + "; use [--uri URI] [--service URL] [--once | --every SECONDS] [--count N]");
      }
    }
    if (uri != null) {
      System.setProperty(DatabaseConfig.URI_PROPERTY, uri);
    }
    HttpClient http = service == null ? null : HttpClient.newHttpClient();
    try {
      Database.ping();
    } catch (RuntimeException e) {
      out.println("Cannot reach MongoDB: " + Database.maskSecrets(String.valueOf(e.getMessage())));
      return 1;
    }
    DatabaseConfig config = Database.config();
    out.println(
        "Connections reported by "
            + String.join(",", config.hosts())
            + " (including this monitor's own)"
            + (service == null ? "" : ", and the pool of the service at " + service));
    out.printf(
        ROW,
        "time",
        "current",
        "available",
        "totalCreated",
        "pool:",
        "open",
        "inUse",
        "waiting",
        "created",
        "closed");
    int status = 0;
    for (long sample = 0; sample < count; sample++) {
      if (sample > 0) {
        Thread.sleep(Duration.ofSeconds(every).toMillis());
      }
      status |= sample(out, http, service);
      out.flush();
    }
    return status;
  }

  private static int sample(PrintStream out, HttpClient http, URI service)
      throws InterruptedException {
    String time = LocalTime.now(ZoneId.systemDefault()).format(TIME);
    String current = "-";
    String available = "-";
    String totalCreated = "-";
    String problem = null;
    try {
      Document status =
          Database.client().getDatabase("admin").runCommand(new Document("serverStatus", 1));
      Document connections = status.get("connections", Document.class);
      if (connections != null) {
        current = number(connections.get("current"));
        available = number(connections.get("available"));
        totalCreated = number(connections.get("totalCreated"));
      } else {
        problem = "the server reports no connections in serverStatus";
      }
    } catch (MongoCommandException e) {
      problem =
          "serverStatus failed ("
              + e.getErrorCodeName()
              + ")"
              + (e.getErrorCode() == UNAUTHORIZED
                  ? ": the user needs the clusterMonitor role to read server connections"
                  : ": " + e.getErrorMessage());
    } catch (MongoException e) {
      problem = "serverStatus failed: " + Database.maskSecrets(String.valueOf(e.getMessage()));
    }
    String[] pool = {"", "-", "-", "-", "-", "-"};
    if (service != null) {
      try {
        Document snapshot = fetchPool(http, service);
        pool =
            new String[] {
              "",
              number(snapshot.get("open")),
              number(snapshot.get("inUse")),
              number(snapshot.get("waiting")),
              number(snapshot.get("created")),
              number(snapshot.get("closed"))
            };
      } catch (IOException | RuntimeException e) {
        problem =
            (problem == null ? "" : problem + "; ") + "service " + service + ": " + e.getMessage();
      }
    }
    out.printf(
        ROW,
        time,
        current,
        available,
        totalCreated,
        pool[0],
        pool[1],
        pool[2],
        pool[3],
        pool[4],
        pool[5]);
    if (problem != null) {
      out.println("  " + problem);
      return 1;
    }
    return 0;
  }

  private static Document fetchPool(HttpClient http, URI service)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(service + "/pool"))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET /pool answered " + response.statusCode() + ": " + response.body());
    }
    return Document.parse(response.body());
  }

  private static String number(Object value) {
    return value instanceof Number number
        ? String.format(Locale.ROOT, "%d", number.longValue())
        : "-";
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
