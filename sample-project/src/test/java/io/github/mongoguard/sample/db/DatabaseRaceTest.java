package io.github.mongoguard.sample.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import io.github.mongoguard.sample.embedded.EmbeddedMongo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class DatabaseRaceTest {
  private static final int THREADS = 64;

  @Test
  void threadsRacingOnFirstAccessCreateExactlyOneClient() throws Exception {
    try (EmbeddedMongo server = EmbeddedMongo.start()) {
      System.setProperty(DatabaseConfig.URI_PROPERTY, server.connectionString("race"));
      assertEquals(0, Database.clientsCreated());
      CyclicBarrier start = new CyclicBarrier(THREADS);
      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<MongoClient>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
          results.add(
              threads.submit(
                  () -> {
                    start.await(60, TimeUnit.SECONDS);
                    return Database.client();
                  }));
        }
        Set<MongoClient> clients = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Future<MongoClient> result : results) {
          clients.add(result.get(60, TimeUnit.SECONDS));
        }
        assertEquals(1, clients.size());
        assertEquals(1, Database.clientsCreated());
        Database.ping();
        assertEquals(1, Database.clientsCreated());
      } finally {
        threads.shutdownNow();
        Database.close();
      }
    }
  }
}
