package io.github.mongoguard.sample.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mongoguard.sample.db.Database;
import io.github.mongoguard.sample.db.PoolSnapshot;
import io.github.mongoguard.sample.embedded.EmbeddedMongo;
import io.github.mongoguard.sample.notes.NoteRepository;
import io.github.mongoguard.sample.service.NoteService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class ConnectionMonitorTest {
  private static EmbeddedMongo server;

  @BeforeAll
  static void start() {
    server = EmbeddedMongo.start();
  }

  @AfterAll
  static void stop() {
    Database.close();
    server.close();
  }

  @Test
  void oncePrintsServerConnectionsAndThePoolOfTheService() throws Exception {
    try (NoteService service = NoteService.start(0, 4, NoteRepository.shared())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int status =
          ConnectionMonitor.run(
              new String[] {
                "--uri", server.connectionString("monitor"), "--service", service.baseUri() + "/", "--once"
              },
              new PrintStream(out, true, StandardCharsets.UTF_8));

      String output = out.toString(StandardCharsets.UTF_8);
      assertEquals(0, status, output);
      List<String> lines = output.lines().toList();
      assertEquals(3, lines.size(), output);
      assertTrue(lines.get(0).contains("127.0.0.1:" + server.port()), output);
      assertTrue(lines.get(1).contains("current"), output);
      String[] row = lines.get(2).trim().split("\\s+");
      // time, current, available, totalCreated, open, inUse, waiting, created, closed
      assertEquals(9, row.length, output);
      int current = Integer.parseInt(row[1]);
      PoolSnapshot pool = Database.pool();
      assertTrue(current >= 1 && current <= pool.open() + 2, output);
      assertEquals("-", row[2], "the embedded server sets no connection limit");
      assertEquals(String.valueOf(server.connections().totalCreated()), row[3], output);
      assertEquals(1, Integer.parseInt(row[4]), output);
    }
  }

  @Test
  void everyPrintsOneRowPerSample() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        ConnectionMonitor.run(
            new String[] {"--uri", server.connectionString("monitor"), "--every", "1", "--count", "2"},
            new PrintStream(out, true, StandardCharsets.UTF_8));
    String output = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, output);
    assertEquals(4, output.lines().count(), output);
  }
}
