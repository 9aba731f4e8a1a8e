package io.github.mongoguard.sample.demo;

import io.github.mongoguard.sample.db.Database;
import io.github.mongoguard.sample.db.DatabaseConfig;
import io.github.mongoguard.sample.embedded.ConnectionCounter;
import io.github.mongoguard.sample.embedded.EmbeddedMongo;
import io.github.mongoguard.sample.notes.NoteRepository;
import io.github.mongoguard.sample.notes.Notes;
import io.github.mongoguard.sample.service.Arguments;
import io.github.mongoguard.sample.service.NoteService;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The before/after load demo: the note service under the same load twice, first with a client per
 * request ({@link PerRequestClientNotes}), then with the shared client of {@link Database}, and one
 * table of what the server saw.
 *
 * <p>Arguments: {@code --requests N} (default 1000), {@code --concurrency C} (default 100). It
 * always runs against its own embedded server, whatever {@code MONGODB_URI} says: the per-request
 * mode would open hundreds of connections to a real cluster.
 */
public final class LoadDemo {
  /** Monitoring connections a client may hold per server besides its pool: one, two if streaming. */
  static final int MONITORING_CONNECTIONS = 2;

  private LoadDemo() {}

  public static void main(String[] args) throws Exception {
    int status = run(args, System.out, System.err);
    System.out.flush();
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the demo, prints the table on {@code out} and progress on {@code progress}; returns 0
   * when the shared mode stayed within {@code maxPoolSize + 2} server connections, 1 otherwise.
   */
  static int run(String[] args, PrintStream out, PrintStream progress)
      throws IOException, InterruptedException {
    int requests = 1000;
    int concurrency = 100;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--requests" -> requests = Arguments.intValue(args, ++i, "--requests", 1);
        case "--concurrency" -> concurrency = Arguments.intValue(args, ++i, "--concurrency", 1);
        default ->
            throw Arguments.fail(
                "unknown argument " + args[i] + "; use --requests N --concurrency C");
      }
    }
    ExecutorService httpThreads = Executors.newCachedThreadPool(daemon());
    HttpClient http =
        HttpClient.newBuilder()
            .executor(httpThreads)
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    LoadGenerator load = new LoadGenerator(http);
    try (EmbeddedMongo server = EmbeddedMongo.start()) {
      String uri = server.connectionString("demo");
      System.setProperty(DatabaseConfig.URI_PROPERTY, uri);
      DatabaseConfig config = DatabaseConfig.fromEnvironment();
      progress.printf(
          "Load demo: %d requests at concurrency %d, against an embedded MongoDB server at %s%n",
          requests, concurrency, uri);

      LoadResult perRequest =
          measure(
              "per-request", new PerRequestClientNotes(config), server, load, requests, concurrency,
              progress);
      awaitConnections(server.connections(), 0);
      LoadResult shared =
          measure("shared", NoteRepository.shared(), server, load, requests, concurrency, progress);
      Database.close();

      int limit = config.maxPoolSize() + MONITORING_CONNECTIONS;
      out.print(table(List.of(perRequest, shared)));
      out.printf(
          "maxPoolSize %d: the shared client stays within maxPoolSize + %d = %d server connections"
              + " (%d at peak)%s%n",
          config.maxPoolSize(),
          MONITORING_CONNECTIONS,
          limit,
          shared.peakServerConnections(),
          shared.peakServerConnections() <= limit ? "" : " -- LIMIT EXCEEDED");
      return shared.peakServerConnections() <= limit && shared.errors() == 0 ? 0 : 1;
    } finally {
      httpThreads.shutdownNow();
    }
  }

  private static LoadResult measure(
      String mode,
      Notes notes,
      EmbeddedMongo server,
      LoadGenerator load,
      int requests,
      int concurrency,
      PrintStream progress)
      throws IOException, InterruptedException {
    ConnectionCounter connections = server.connections();
    connections.resetPeak();
    long openedBefore = connections.totalCreated();
    progress.printf(
        "Running %s: %s%n",
        mode,
        mode.equals("shared")
            ? "one client for the whole process (Database)"
            : "a new client for every request");
    LoadGenerator.Run run;
    try (NoteService service = NoteService.start(0, concurrency, notes)) {
      run = load.run(service.baseUri(), mode, requests, concurrency, progress);
    }
    return new LoadResult(
        mode,
        run.requests(),
        run.errors(),
        connections.peak(),
        connections.totalCreated() - openedBefore,
        run.p50Millis(),
        run.p99Millis(),
        run.requestsPerSecond());
  }

  /** The results as a text table, one row per mode. */
  static String table(List<LoadResult> results) {
    String format = "%-12s %9s %7s %18s %19s %9s %9s %11s%n";
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            format,
            "mode",
            "requests",
            "errors",
            "peak server conns",
            "connections opened",
            "p50 ms",
            "p99 ms",
            "requests/s"));
    for (LoadResult result : results) {
      table.append(
          String.format(
              Locale.ROOT,
              format,
              result.mode(),
              result.requests(),
              result.errors(),
              result.peakServerConnections(),
              result.connectionsOpened(),
              String.format(Locale.ROOT, "%.1f", result.p50Millis()),
              String.format(Locale.ROOT, "%.1f", result.p99Millis()),
              String.format(Locale.ROOT, "%.0f", result.requestsPerSecond())));
    }
    return table.toString();
  }

  /** Waits until the server has at most {@code target} connections open, up to 30 s. */
  private static void awaitConnections(ConnectionCounter connections, int target)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (connections.current() > target && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "load-demo-http");
      thread.setDaemon(true);
      return thread;
    };
  }
}
