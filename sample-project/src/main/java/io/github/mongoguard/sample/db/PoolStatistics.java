package io.github.mongoguard.sample.db;

import com.mongodb.event.ConnectionCheckOutFailedEvent;
import com.mongodb.event.ConnectionCheckOutStartedEvent;
import com.mongodb.event.ConnectionCheckedInEvent;
import com.mongodb.event.ConnectionCheckedOutEvent;
import com.mongodb.event.ConnectionClosedEvent;
import com.mongodb.event.ConnectionCreatedEvent;
import com.mongodb.event.ConnectionPoolListener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the driver's connection pool events, so that the pool's state can be read at any time
 * without asking the server.
 *
 * <p>The driver calls the listener on its own threads, for every server's pool; the counters are
 * atomic and sum over all servers.
 */
final class PoolStatistics implements ConnectionPoolListener {
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger inUse = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong closed = new AtomicLong();
  private final AtomicLong checkOutFailures = new AtomicLong();

  @Override
  public void connectionCreated(ConnectionCreatedEvent event) {
    open.incrementAndGet();
    created.incrementAndGet();
  }

  @Override
  public void connectionClosed(ConnectionClosedEvent event) {
    open.decrementAndGet();
    closed.incrementAndGet();
  }

  @Override
  public void connectionCheckOutStarted(ConnectionCheckOutStartedEvent event) {
    waiting.incrementAndGet();
  }

  @Override
  public void connectionCheckedOut(ConnectionCheckedOutEvent event) {
    waiting.decrementAndGet();
    inUse.incrementAndGet();
  }

  @Override
  public void connectionCheckOutFailed(ConnectionCheckOutFailedEvent event) {
    waiting.decrementAndGet();
    checkOutFailures.incrementAndGet();
  }

  @Override
  public void connectionCheckedIn(ConnectionCheckedInEvent event) {
    inUse.decrementAndGet();
  }

  /** The counters now; {@code maxSize} is the pool's configured maximum. */
  PoolSnapshot snapshot(int maxSize) {
    return new PoolSnapshot(
        maxSize,
        open.get(),
        inUse.get(),
        waiting.get(),
        created.get(),
        closed.get(),
        checkOutFailures.get());
  }
}
