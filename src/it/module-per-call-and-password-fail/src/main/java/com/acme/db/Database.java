package com.acme.db;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

public final class Database {
  private Database() {}

  public static MongoClient client() {
    return MongoClients.create(Settings.URI);
  }
}
