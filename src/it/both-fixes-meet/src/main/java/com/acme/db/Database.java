package com.acme.db;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/** The connection module: the one shared client of the process. */
public final class Database {
  private Database() {}

  public static MongoClient client() {
    return Holder.CLIENT;
  }

  private static final class Holder {
    static final MongoClient CLIENT = MongoClients.create(uri());

    private static String uri() {
      String uri = System.getenv("MONGODB_URI");
      return uri == null ? "mongodb://localhost:27017" : uri;
    }
  }
}
