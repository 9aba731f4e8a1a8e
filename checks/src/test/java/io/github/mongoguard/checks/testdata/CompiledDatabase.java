package io.github.mongoguard.checks.testdata;

import com.google.errorprone.annotations.MustBeClosed;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/** A connection module compiled ahead of the code under test, as another Maven module is. */
public final class CompiledDatabase {
  private static final MongoClient CLIENT = MongoClients.create();

  private CompiledDatabase() {}

  /** The shared client. */
  public static MongoClient client() {
    return CLIENT;
  }

  /** A new client, which the caller closes. */
  @MustBeClosed
  public static MongoClient open() {
    return MongoClients.create();
  }
}
