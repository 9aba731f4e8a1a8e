package io.github.mongoguard.sample.embedded;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Server-side connection counts of an {@link EmbeddedMongo}: what a real server calls connections. */
public final class ConnectionCounter {
  private final AtomicInteger current = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicLong totalCreated = new AtomicLong();

  void opened() {
    totalCreated.incrementAndGet();
    int now = current.incrementAndGet();
    peak.accumulateAndGet(now, Math::max);
  }

  void closed() {
    current.decrementAndGet();
  }

  /** Connections open now. */
  public int current() {
    return current.get();
  }

  /** The most connections open at once since the server started or {@link #resetPeak()}. */
  public int peak() {
    return peak.get();
  }

  /** Connections opened since the server started, closed ones included. */
  public long totalCreated() {
    return totalCreated.get();
  }

  /** Starts a new peak measurement from the connections open now. */
  public void resetPeak() {
    peak.set(current.get());
  }
}
