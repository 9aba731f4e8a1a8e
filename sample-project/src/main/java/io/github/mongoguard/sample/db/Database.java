package io.github.mongoguard.sample.db;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/** The connection module: the one place that creates the process's MongoDB client. */
public final class Database {
  private Database() {}

  /** Returns the process's shared client, creating it on first use. */
  public static MongoClient client() {
    return Holder.CLIENT;
  }

  private static final class Holder {
    static final MongoClient CLIENT = MongoClients.create(uri());

    private static String uri() {
      String uri = System.getenv("MONGODB_URI");
      return uri == null ? System.getProperty("mongodb.uri", "mongodb://localhost:27017") : uri;
    }
  }
}
