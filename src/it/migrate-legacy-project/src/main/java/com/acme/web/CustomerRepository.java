package com.acme.web;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

public final class CustomerRepository implements AutoCloseable {
  private final MongoClient client;

  public CustomerRepository(String uri) {
    this.client = MongoClients.create(uri);
  }

  public MongoCollection<Document> customers() {
    return client.getDatabase("shop").getCollection("customers");
  }

  @Override
  public void close() {
    client.close();
  }
}
