package io.github.mongoguard.sample.demo;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.mongoguard.sample.db.DatabaseConfig;
import io.github.mongoguard.sample.notes.Note;
import io.github.mongoguard.sample.notes.NoteRepository;
import io.github.mongoguard.sample.notes.Notes;
import java.util.List;
import java.util.Optional;

/**
 * THE ANTI-PATTERN, ON PURPOSE: every call creates its own MongoDB client, uses it once and closes
 * it. Do not copy this class.
 *
 * <p>It exists only so that {@link LoadDemo} can measure what the pattern costs next to the shared
 * client of {@code Database}: every request pays for a new pool, a monitoring connection, a
 * handshake and a server selection, and the server sees two connections per request in flight. It
 * even closes each client promptly; code that forgets to close leaks those connections until the
 * cluster's limit is reached. The Mongo Guard checks reject this code, so the checks it breaks are
 * suppressed here, in this one class, and nowhere else in the sample.
 */
@SuppressWarnings({"MongoClientOutsideConnectionModule", "MongoClientPerCall"})
final class PerRequestClientNotes implements Notes {
  private final MongoClientSettings settings;
  private final String database;

  PerRequestClientNotes(DatabaseConfig config) {
    this.settings = config.clientSettings();
    this.database = config.databaseName().orElse("demo");
  }

  @Override
  public Note create(String text) {
    try (MongoClient client = MongoClients.create(settings)) {
      return NoteRepository.in(client.getDatabase(database)).create(text);
    }
  }

  @Override
  public Optional<Note> find(String id) {
    try (MongoClient client = MongoClients.create(settings)) {
      return NoteRepository.in(client.getDatabase(database)).find(id);
    }
  }

  @Override
  public List<Note> list(int limit, Optional<String> before) {
    try (MongoClient client = MongoClients.create(settings)) {
      return NoteRepository.in(client.getDatabase(database)).list(limit, before);
    }
  }

  @Override
  public long count() {
    try (MongoClient client = MongoClients.create(settings)) {
      return NoteRepository.in(client.getDatabase(database)).count();
    }
  }
}
