package io.github.mongoguard.sample.embedded;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory backend that counts client connections the way a real server does, and reports
 * them in {@code serverStatus.connections}.
 *
 * <p>mongo-java-server reports a constant there. Every driver connection sends a command ({@code
 * hello}) first, so a connection is counted at its first command and uncounted when its channel
 * closes.
 */
final class ConnectionCountingBackend extends MemoryBackend {
  private final ConnectionCounter counter;
  private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

  ConnectionCountingBackend(ConnectionCounter counter) {
    this.counter = counter;
  }

  @Override
  public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
    if (channels.add(channel)) {
      counter.opened();
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
