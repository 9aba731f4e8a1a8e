package io.github.mongoguard.sample.notes;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.github.mongoguard.sample.db.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/** Notes in the {@value #COLLECTION} collection; it never creates or closes a client itself. */
public final class NoteRepository implements Notes {
  /** The collection that holds the notes. */
  public static final String COLLECTION = "notes";

  private final Supplier<MongoCollection<Document>> collection;

  private NoteRepository(Supplier<MongoCollection<Document>> collection) {
    this.collection = collection;
  }

  /** Notes in the default database of the process's shared client ({@link Database}). */
  public static NoteRepository shared() {
    return new NoteRepository(() -> Database.database().getCollection(COLLECTION));
  }

  /** Notes in {@code database}; whoever created the client behind it closes it. */
  public static NoteRepository in(MongoDatabase database) {
    MongoCollection<Document> notes = database.getCollection(COLLECTION);
    return new NoteRepository(() -> notes);
  }

  @Override
  public Note create(String text) {
    ObjectId id = new ObjectId();
    Instant now = Instant.now();
    collection
        .get()
        .insertOne(
            new Document("_id", id).append("text", text).append("createdAt", Date.from(now)));
    return new Note(id.toHexString(), text, now);
  }

  @Override
  public Optional<Note> find(String id) {
    if (!ObjectId.isValid(id)) {
      return Optional.empty();
    }
    return Optional.ofNullable(collection.get().find(new Document("_id", new ObjectId(id))).first())
        .map(NoteRepository::toNote);
  }

  @Override
  public List<Note> list(int limit, Optional<String> before) {
    List<Note> notes = new ArrayList<>();
    if (before.isPresent() && !ObjectId.isValid(before.get())) {
      return notes;
    }
    Bson filter =
        before.isPresent() ? Filters.lt("_id", new ObjectId(before.get())) : new Document();
    for (Document document :
        collection.get().find(filter).sort(Sorts.descending("_id")).limit(Math.max(limit, 0))) {
      notes.add(toNote(document));
    }
    return notes;
  }

  @Override
  public long count() {
    return collection.get().countDocuments();
  }

  private static Note toNote(Document document) {
    Date createdAt = document.getDate("createdAt");
    return new Note(
        document.getObjectId("_id").toHexString(),
        document.getString("text"),
        createdAt == null ? Instant.EPOCH : createdAt.toInstant());
  }
}
