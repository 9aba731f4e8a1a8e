package io.github.mongoguard.sample.demo;

/**
 * What one mode of the load demo measured.
 *
 * @param mode {@code per-request} or {@code shared}
 * @param requests requests sent
 * @param errors requests that failed or answered with an error status
 * @param peakServerConnections the most connections the server had open at once
 * @param connectionsOpened connections the server accepted during the run
 * @param p50Millis median latency
 * @param p99Millis 99th percentile latency
 * @param requestsPerSecond requests completed per second of the run
 */
record LoadResult(
    String mode,
    int requests,
    int errors,
    int peakServerConnections,
    long connectionsOpened,
    double p50Millis,
    double p99Millis,
    double requestsPerSecond) {}
