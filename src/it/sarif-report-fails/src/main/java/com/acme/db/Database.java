package com.acme.db;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

public final class Database {
  private static final MongoClient CLIENT = MongoClients.create("mongodb://localhost:27017");

  private Database() {}

  public static MongoClient client() {
    return CLIENT;
  }
}
