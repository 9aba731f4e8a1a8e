package com.acme.web;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;

public final class OrderHandler {
  public long countOrders(String uri) {
    MongoClient client = MongoClients.create(uri);
    long count = client.getDatabase("shop").getCollection("orders").countDocuments(new Document());
    System.out.println(count);
    return count;
  }

  public long countCustomers(String uri) {
    MongoClient client = MongoClients.create(uri);
    try {
      return client.getDatabase("shop").getCollection("customers").countDocuments();
    } finally {
      client.close();
    }
  }
}
