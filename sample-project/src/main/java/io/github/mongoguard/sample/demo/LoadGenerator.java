package io.github.mongoguard.sample.demo;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends requests to the note service from a fixed number of concurrent workers: even requests
 * store a note, odd ones count the notes.
 */
final class LoadGenerator {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final long PROGRESS_EVERY_SECONDS = 2;

  private final HttpClient http;

  LoadGenerator(HttpClient http) {
    this.http = http;
  }

  /** Measured latencies and errors of one run; connection counts are added by the caller. */
  record Run(int requests, int errors, double p50Millis, double p99Millis, long elapsedNanos) {
    static Run of(int requests, int errors, long[] latencyNanos, long elapsedNanos) {
      long[] sorted = latencyNanos.clone();
      Arrays.sort(sorted);
      return new Run(
          requests, errors, percentileMillis(sorted, 50), percentileMillis(sorted, 99), elapsedNanos);
    }

    private static double percentileMillis(long[] sorted, double percentile) {
      if (sorted.length == 0) {
        return 0;
      }
      int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1_000_000.0;
    }

    double requestsPerSecond() {
      return elapsedNanos == 0 ? 0 : requests * 1_000_000_000.0 / elapsedNanos;
    }
  }

  /**
   * Sends {@code requests} requests to the service at {@code base} with {@code concurrency}
   * workers, reporting progress on {@code progress} every two seconds while it runs.
   */
  Run run(URI base, String label, int requests, int concurrency, PrintStream progress)
      throws InterruptedException {
    long[] latencies = new long[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(concurrency);
    ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor();
    long start = System.nanoTime();
    ScheduledFuture<?> reports =
        reporter.scheduleAtFixedRate(
        () ->
            progress.printf(
                "  %s: %d/%d requests, %.0f s%n",
                label, done.get(), requests, (System.nanoTime() - start) / 1e9),
        PROGRESS_EVERY_SECONDS,
        PROGRESS_EVERY_SECONDS,
        TimeUnit.SECONDS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        futures.add(
            workers.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    if (!send(base, i)) {
                      errors.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - sent;
                    done.incrementAndGet();
                  }
                }));
      }
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("A load worker failed", e.getCause());
        }
      }
      return Run.of(requests, errors.get(), latencies, System.nanoTime() - start);
    } finally {
      reports.cancel(false);
      reporter.shutdownNow();
      workers.shutdownNow();
    }
  }

  private boolean send(URI base, int i) {
    HttpRequest request =
        i % 2 == 0
            ? HttpRequest.newBuilder(base.resolve("/notes"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"note " + i + "\"}"))
                .build()
            : HttpRequest.newBuilder(base.resolve("/notes/count")).timeout(REQUEST_TIMEOUT).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() < 400;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
