package io.github.mongoguard.sample.db;

/** No server of the configured deployment answered within the server selection timeout. */
public final class DatabaseUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
