package io.github.mongoguard.sample.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import io.github.mongoguard.sample.embedded.EmbeddedMongo;
import io.github.mongoguard.sample.notes.Note;
import io.github.mongoguard.sample.notes.NoteRepository;
import org.junit.jupiter.api.Test;

final class DatabaseRestartTest {
  @Test
  void sameClientRecoversWhenTheServerRestartsOnTheSamePort() {
    try (EmbeddedMongo server = EmbeddedMongo.start()) {
      System.setProperty(DatabaseConfig.URI_PROPERTY, server.connectionString("restart"));
      NoteRepository notes = NoteRepository.shared();
      notes.create("before the restart");
      MongoClient client = Database.client();
      long openedBefore = server.connections().totalCreated();

      server.restart();
      Note after = Eventually.succeeds(() -> notes.create("after the restart"));

      assertTrue(notes.find(after.id()).isPresent());
      assertSame(client, Database.client());
      assertEquals(1, Database.clientsCreated());
      assertTrue(
          server.connections().totalCreated() > openedBefore,
          "the client reconnected to the new server");
    } finally {
      Database.close();
    }
  }
}
