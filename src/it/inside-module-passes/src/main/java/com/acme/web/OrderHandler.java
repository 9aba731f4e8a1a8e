package com.acme.web;

import com.acme.db.Database;
import org.bson.Document;

public final class OrderHandler {
  public long countOrders() {
    return Database.client().getDatabase("shop").getCollection("orders").countDocuments(new Document());
  }
}
