package com.acme.orders;

import com.mongodb.client.MongoClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OrderController {
  private final MongoClient client;

  public OrderController(MongoClient client) {
    this.client = client;
  }

  @GetMapping("/orders/count")
  public long count() {
    return client.getDatabase("orders").getCollection("orders").countDocuments();
  }
}
