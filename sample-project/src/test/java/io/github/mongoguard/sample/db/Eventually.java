package io.github.mongoguard.sample.db;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for conditions that the driver or the server reach asynchronously. */
public final class Eventually {
  /** Generous: the tests run on small, busy machines. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Eventually() {}

  /** Waits until {@code condition} holds; fails with {@code description} after {@link #TIMEOUT}. */
  public static void await(String description, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("Timed out after " + TIMEOUT + " waiting until " + description);
      }
      sleep();
    }
  }

  /** Calls {@code action} until it returns without throwing; fails after {@link #TIMEOUT}. */
  public static <T> T succeeds(Supplier<T> action) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (true) {
      try {
        return action.get();
      } catch (RuntimeException e) {
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError("Still failing after " + TIMEOUT, e);
        }
        sleep();
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
