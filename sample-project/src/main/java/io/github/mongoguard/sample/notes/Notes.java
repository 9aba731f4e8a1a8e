package io.github.mongoguard.sample.notes;

import java.util.List;
import java.util.Optional;

/** Stores and reads notes; what the service's endpoints call. */
public interface Notes {
  /** Stores a note with this text and returns it. */
  Note create(String text);

  /** The note with this id, if there is one; a malformed id finds none. */
  Optional<Note> find(String id);

  /**
   * The newest notes first, at most {@code limit} of them; with {@code before}, only the notes
   * older than the note with that id (the next page after it). A malformed id finds none.
   */
  List<Note> list(int limit, Optional<String> before);

  /** How many notes there are. */
  long count();
}
