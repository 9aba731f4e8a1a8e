package com.acme.web;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/** Test code may start a client of its own, as long as it closes it. */
final class OrderHandlerFixture implements AutoCloseable {
  private final MongoClient client = MongoClients.create("mongodb://localhost:27017");

  long orders() {
    return new OrderHandler().countOrders("mongodb://localhost:27017");
  }

  @Override
  public void close() {
    client.close();
  }
}
