package com.acme.web;

import com.acme.db.Database;
import org.bson.Document;

public final class OrderHandler {
  public long countOrders() {
    long count = Database.client().getDatabase("shop").getCollection("orders").countDocuments(new Document());
    Database.client().close();
    return count;
  }
}
