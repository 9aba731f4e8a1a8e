package io.github.mongoguard.benchmarks;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.github.mongoguard.sample.embedded.ConnectionCounter;
import io.github.mongoguard.sample.embedded.EmbeddedMongo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.bson.Document;

/**
 * How many connections a service holds with a client per request and with one shared client, at
 * growing concurrency, against an in-process server on 127.0.0.1 that counts the connections it
 * accepts.
 *
 * <p>Each level and mode sends the same number of requests (one indexed lookup each) from as many
 * threads as the level says, bounded by a time limit. In per-request mode every request creates a
 * client, runs the lookup and closes the client; in shared mode one client, with the given pool
 * size, serves every request. From the peaks it works out how many instances of such a service fit
 * under MongoDB Atlas's per-node connection limits.
 */
final class ConnectionBenchmark {
  private static final String DATABASE = "bench";
  private static final int DOCUMENTS = 1000;
  private static final ImmutableList<Tier> TIERS =
      ImmutableList.of(new Tier("M0/Flex", 500), new Tier("M10", 1500));

  private final Options options;
  private final EmbeddedMongo server;

  private ConnectionBenchmark(Options options, EmbeddedMongo server) {
    this.options = options;
    this.server = server;
  }

  static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    try (EmbeddedMongo server = EmbeddedMongo.start()) {
      new ConnectionBenchmark(options, server).run();
    }
  }

  private void run() throws InterruptedException {
    System.out.printf(
        Locale.ROOT,
        "%nConnection benchmark: per level and mode, %d requests or 5 per thread if more (at most"
            + " %d s), concurrency %s, shared client maxPoolSize %d, embedded server on"
            + " 127.0.0.1:%d, JDK %s, %d processors, load average %s%n",
        options.requests(),
        options.timeLimit().toSeconds(),
        options.levels(),
        options.poolSize(),
        server.port(),
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        Stats.loadAverage());
    seed();
    List<Result> results = new ArrayList<>();
    for (int level : options.levels()) {
      for (Mode mode : Mode.values()) {
        Result result = measure(level, mode);
        results.add(result);
        System.err.printf(Locale.ROOT, "  concurrency %d, %s: done%n", level, mode.label);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%n%11s  %-11s %8s %6s %10s %10s %9s %9s %10s%n",
        "concurrency",
        "mode",
        "requests",
        "errors",
        "peak conns",
        "opened",
        "p50 ms",
        "p99 ms",
        "requests/s");
    for (Result result : results) {
      System.out.printf(
          Locale.ROOT,
          "%11d  %-11s %8d %6d %10d %10d %9.1f %9.1f %10.0f%n",
          result.level(),
          result.mode().label,
          result.completed(),
          result.errors(),
          result.peak(),
          result.opened(),
          result.p50Millis(),
          result.p99Millis(),
          result.throughput());
    }
    System.out.printf(
        Locale.ROOT,
        "%nInstances of this service that fit under Atlas's per-node connection limit,"
            + " floor(limit / peak connections of one instance):%n");
    System.out.printf(Locale.ROOT, "%11s  %-11s %10s", "concurrency", "mode", "peak conns");
    for (Tier tier : TIERS) {
      System.out.printf(
          Locale.ROOT, " %26s", String.format(Locale.ROOT, "%s (%,d)", tier.name(), tier.limit()));
    }
    System.out.println();
    for (Result result : results) {
      System.out.printf(
          Locale.ROOT, "%11d  %-11s %10d", result.level(), result.mode().label, result.peak());
      for (Tier tier : TIERS) {
        int peak = Math.max(1, result.peak());
        System.out.printf(
            Locale.ROOT,
            " %26s",
            String.format(Locale.ROOT, "%,d / %,d = %,d", tier.limit(), peak, tier.limit() / peak));
      }
      System.out.println();
    }
  }

  private void seed() throws InterruptedException {
    try (MongoClient client = MongoClients.create(settings(options.poolSize()))) {
      MongoCollection<Document> items = client.getDatabase(DATABASE).getCollection("items");
      List<Document> documents =
          IntStream.range(0, DOCUMENTS)
              .mapToObj(i -> new Document("_id", i).append("value", "item " + i))
              .toList();
      items.insertMany(documents);
    }
    awaitIdle();
  }

  private Result measure(int level, Mode mode) throws InterruptedException {
    awaitIdle();
    ConnectionCounter connections = server.connections();
    connections.resetPeak();
    long openedBefore = connections.totalCreated();
    long[] latencies = new long[options.requests(level)];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicLong lastEnd = new AtomicLong();
    MongoClient shared =
        mode == Mode.SHARED ? MongoClients.create(settings(options.poolSize())) : null;
    long start = System.nanoTime();
    long deadline = start + options.timeLimit().toNanos();
    ExecutorService workers = Executors.newFixedThreadPool(level);
    try {
      for (int worker = 0; worker < level; worker++) {
        workers.execute(
            () -> {
              int request;
              while (System.nanoTime() < deadline
                  && (request = next.getAndIncrement()) < latencies.length) {
                long requestStart = System.nanoTime();
                try {
                  if (shared == null) {
                    try (MongoClient client = MongoClients.create(settings(options.poolSize()))) {
                      lookup(client);
                    }
                  } else {
                    lookup(shared);
                  }
                  long end = System.nanoTime();
                  latencies[request] = end - requestStart;
                  completed.incrementAndGet();
                  lastEnd.accumulateAndGet(end, Math::max);
                } catch (RuntimeException e) {
                  latencies[request] = -1;
                  errors.incrementAndGet();
                }
              }
            });
      }
    } finally {
      workers.shutdown();
      if (!workers.awaitTermination(options.timeLimit().toSeconds() + 60, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
      if (shared != null) {
        shared.close();
      }
    }
    long[] done = Arrays.stream(latencies).filter(latency -> latency > 0).sorted().toArray();
    double seconds = Math.max(1, lastEnd.get() - start) / 1e9;
    return new Result(
        level,
        mode,
        completed.get(),
        errors.get(),
        connections.peak(),
        connections.totalCreated() - openedBefore,
        percentile(done, 0.50),
        percentile(done, 0.99),
        completed.get() / seconds);
  }

  private static void lookup(MongoClient client) {
    int key = ThreadLocalRandom.current().nextInt(DOCUMENTS);
    Document found =
        client.getDatabase(DATABASE).getCollection("items").find(Filters.eq("_id", key)).first();
    if (found == null) {
      throw new IllegalStateException("Document " + key + " is missing");
    }
  }

  /** Waits until the clients of the previous run have closed their connections. */
  private void awaitIdle() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (server.connections().current() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private MongoClientSettings settings(int poolSize) {
    return MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(server.connectionString(DATABASE)))
        .applyToConnectionPoolSettings(pool -> pool.maxSize(poolSize))
        .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(30, TimeUnit.SECONDS))
        .build();
  }

  private static double percentile(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  private enum Mode {
    PER_REQUEST("per-request"),
    SHARED("shared");

    private final String label;

    Mode(String label) {
      this.label = label;
    }
  }

  private record Tier(String name, int limit) {}

  private record Result(
      int level,
      Mode mode,
      int completed,
      int errors,
      int peak,
      long opened,
      double p50Millis,
      double p99Millis,
      double throughput) {}

  /** The command line. */
  private record Options(
      ImmutableList<Integer> levels, int requests, Duration timeLimit, int poolSize) {
    /** At least five requests per thread, so that the threads overlap. */
    int requests(int level) {
      return Math.max(requests, 5 * level);
    }

    private static final String USAGE =
        "options: --levels 10,100,500, --requests N (per level and mode, at least 5 per thread),"
            + " --time-limit SECONDS"
            + " (per level and mode), --pool-size N (the shared client's maxPoolSize)";

    static Options parse(String[] args) {
      ImmutableList<Integer> levels = ImmutableList.of(10, 100, 500);
      int requests = 1000;
      int timeLimit = 60;
      int poolSize = 100;
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Missing value after " + name + "; " + USAGE);
        }
        String value = args[++i];
        switch (name) {
          case "--levels" ->
              levels =
                  Splitter.on(',')
                      .trimResults()
                      .splitToStream(value)
                      .map(level -> Benchmarks.positive(name, level))
                      .collect(ImmutableList.toImmutableList());
          case "--requests" -> requests = Benchmarks.positive(name, value);
          case "--time-limit" -> timeLimit = Benchmarks.positive(name, value);
          case "--pool-size" -> poolSize = Benchmarks.positive(name, value);
          case "--inputs",
              "--only",
              "--runs",
              "--warmup",
              "--lifecycle-classes",
              "--scale",
              "--factors" -> {
            // Options of the compile benchmark, when both run.
          }
          default -> throw new IllegalArgumentException("Unknown option " + name + "; " + USAGE);
        }
      }
      return new Options(levels, requests, Duration.ofSeconds(timeLimit), poolSize);
    }
  }
}
