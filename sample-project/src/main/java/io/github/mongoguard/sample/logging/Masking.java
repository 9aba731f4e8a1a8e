package io.github.mongoguard.sample.logging;

import io.github.mongoguard.sample.db.ConnectionStrings;
import io.github.mongoguard.sample.db.Database;

/** The masking both converters apply; safe against lines logged while it masks. */
final class Masking {
  private static final ThreadLocal<Boolean> ACTIVE = ThreadLocal.withInitial(() -> false);

  private Masking() {}

  static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    if (ACTIVE.get()) {
      // A line logged while masking another (the driver warning about an option it reads).
      return ConnectionStrings.maskSecretPairs(text);
    }
    ACTIVE.set(true);
    try {
      return Database.maskSecrets(text);
    } catch (RuntimeException e) {
      return ConnectionStrings.MASK
          + " (the line could not be masked: "
          + e.getClass().getName()
          + ")";
    } finally {
      ACTIVE.set(false);
    }
  }
}
