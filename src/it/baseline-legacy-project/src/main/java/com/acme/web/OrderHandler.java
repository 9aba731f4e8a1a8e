package com.acme.web;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;

public final class OrderHandler {
  public long countOrders(String uri) {
    try (MongoClient client = MongoClients.create(uri)) {
      return client.getDatabase("shop").getCollection("orders").countDocuments(new Document());
    }
  }
}
