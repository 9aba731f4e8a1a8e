package io.github.mongoguard.sample.notes;

import com.mongodb.client.MongoCollection;
import io.github.mongoguard.sample.db.Database;
import org.bson.Document;

/** Stores notes through the connection module's shared client. */
public final class NoteRepository {
  private final MongoCollection<Document> notes =
      Database.client().getDatabase("sample").getCollection("notes");

  /** Stores a note and returns how many notes there are. */
  public long add(String text) {
    notes.insertOne(new Document("text", text));
    return notes.countDocuments();
  }
}
