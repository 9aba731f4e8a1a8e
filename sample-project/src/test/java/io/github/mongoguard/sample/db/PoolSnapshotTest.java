package io.github.mongoguard.sample.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mongoguard.sample.embedded.ConnectionCounter;
import io.github.mongoguard.sample.embedded.EmbeddedMongo;
import io.github.mongoguard.sample.notes.NoteRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class PoolSnapshotTest {
  @Test
  void snapshotMatchesWhatTheServerSees() throws Exception {
    try (EmbeddedMongo server = EmbeddedMongo.start()) {
      System.setProperty(DatabaseConfig.URI_PROPERTY, server.connectionString("pool"));
      ConnectionCounter connections = server.connections();
      Database.ping();
      // Besides its pool, a client keeps monitoring connections to every server: one, or two
      // when the server streams heartbeats. The embedded server does not.
      Eventually.await(
          "the monitoring connection is open",
          () -> connections.current() == Database.pool().open() + 1);
      PoolSnapshot idle = Database.pool();
      assertEquals(5, idle.maxSize());
      assertEquals(1, idle.open());
      assertEquals(0, idle.inUse());

      NoteRepository notes = NoteRepository.shared();
      ExecutorService threads = Executors.newFixedThreadPool(32);
      try {
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
          int n = i;
          work.add(threads.submit(() -> n % 2 == 0 ? notes.create("note " + n) : notes.count()));
        }
        for (Future<?> future : work) {
          PoolSnapshot during = Database.pool();
          assertTrue(during.inUse() <= during.maxSize(), during.toString());
          assertTrue(connections.current() <= during.maxSize() + 2, "server: " + connections.current());
          future.get(60, TimeUnit.SECONDS);
        }
      } finally {
        threads.shutdownNow();
      }

      Eventually.await(
          "the server's count equals the pool's open connections plus monitoring",
          () -> connections.current() == Database.pool().open() + 1);
      PoolSnapshot after = Database.pool();
      assertEquals(0, after.inUse());
      assertEquals(0, after.waiting());
      assertTrue(after.open() >= 1 && after.open() <= 5, after.toString());
      assertEquals(after.open(), after.created() - after.closed());
      // The pool's connections plus the monitoring connection, reopened at most once on a busy host.
      long monitoringOpened = connections.totalCreated() - after.created();
      assertTrue(monitoringOpened == 1 || monitoringOpened == 2, "monitoring opened " + monitoringOpened);
      assertTrue(connections.peak() <= 5 + 2, "peak " + connections.peak());
    } finally {
      Database.close();
    }
  }
}
