package io.github.mongoguard.sample.embedded;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory backend that counts client connections the way a real server does, and reports them
 * in {@code serverStatus.connections}.
 *
 * <p>mongo-java-server reports a constant there. Every driver connection sends a command ({@code
 * hello}) first, so a connection is counted at its first command and uncounted when its channel
 * closes.
 *
 * <p>For fault tests it can also keep its data when its server stops ({@link #retainData}) and hold
 * data commands until released ({@link #hold()}).
 */
final class ConnectionCountingBackend extends MemoryBackend {
  private final ConnectionCounter counter;
  private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

  /** Data commands that {@link #hold()} holds; handshakes and heartbeats always answer. */
  private static final Set<String> DATA_COMMANDS =
      Set.of(
          "insert",
          "find",
          "count",
          "aggregate",
          "update",
          "delete",
          "findandmodify",
          "getmore",
          "distinct");

  /** The longest a held command waits for {@link #release()}. */
  private static final long HOLD_LIMIT_SECONDS = 60;

  private volatile CountDownLatch held;
  private volatile boolean retainData;

  ConnectionCountingBackend(ConnectionCounter counter) {
    this.counter = counter;
  }

  @Override
  public Document handleCommand(
      Channel channel, String databaseName, String command, Document query) {
    if (channels.add(channel)) {
      counter.opened();
    }
    CountDownLatch latch = held;
    if (latch != null && DATA_COMMANDS.contains(command.toLowerCase(Locale.ROOT))) {
      try {
        latch.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return super.handleCommand(channel, databaseName, command, query);
  }

  @Override
  public void handleClose(Channel channel) {
    if (channels.remove(channel)) {
      counter.closed();
    }
    super.handleClose(channel);
  }

  /** From now on, data commands wait until {@link #release()} (at most a minute). */
  void hold() {
    held = new CountDownLatch(1);
  }

  /** Lets held and later data commands run. */
  void release() {
    CountDownLatch latch = held;
    held = null;
    if (latch != null) {
      latch.countDown();
    }
  }

  /** Whether closing the server keeps the data, for a server that is started again. */
  void retainData(boolean retain) {
    retainData = retain;
  }

  @Override
  public void close() {
    release();
    if (!retainData) {
      super.close();
    }
  }

  @Override
  public Document getServerStatus() {
    Document status = super.getServerStatus();
    Document connections = new Document();
    connections.put("current", counter.current());
    connections.put("totalCreated", counter.totalCreated());
    status.put("connections", connections);
    return status;
  }
}
