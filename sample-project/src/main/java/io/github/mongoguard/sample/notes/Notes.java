package io.github.mongoguard.sample.notes;

import java.util.List;
import java.util.Optional;

/** Stores and reads notes; what the service's endpoints call. */
public interface Notes {
  /** Stores a note with this text and returns it. */
  Note create(String text);

  /** The note with this id, if there is one; a malformed id finds none. */
  Optional<Note> find(String id);

  /** The newest notes first, at most {@code limit} of them. */
  List<Note> list(int limit);

  /** How many notes there are. */
  long count();
}
