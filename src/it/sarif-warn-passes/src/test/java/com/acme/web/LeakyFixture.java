package com.acme.web;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/** Forgets to close its client: the leak check still runs on test code. */
final class LeakyFixture {
  static String firstDatabase() {
    MongoClient client = MongoClients.create("mongodb://localhost:27017");
    return client.listDatabaseNames().first();
  }
}
