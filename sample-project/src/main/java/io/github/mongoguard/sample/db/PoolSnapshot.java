package io.github.mongoguard.sample.db;

/**
 * The state of the shared client's connection pool at one moment, summed over all servers.
 *
 * @param maxSize the most connections the pool opens per server ({@code maxPoolSize})
 * @param open connections open now, idle or in use
 * @param inUse connections checked out by an operation now
 * @param waiting operations waiting now to check out a connection
 * @param created connections opened since the client was created
 * @param closed connections closed since the client was created
 * @param checkOutFailures check-outs that failed, for example after {@code maxWaitTime}
 */
public record PoolSnapshot(
    int maxSize, int open, int inUse, int waiting, long created, long closed, long checkOutFailures) {

  /** Open connections that no operation uses now. */
  public int idle() {
    return open - inUse;
  }
}
