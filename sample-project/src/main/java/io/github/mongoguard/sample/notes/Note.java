package io.github.mongoguard.sample.notes;

import java.time.Instant;

/**
 * A stored note.
 *
 * @param id the note's id, the hex string of its {@code ObjectId}
 * @param text what the note says
 * @param createdAt when it was stored
 */
public record Note(String id, String text, Instant createdAt) {}
