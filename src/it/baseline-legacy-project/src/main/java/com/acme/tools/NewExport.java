package com.acme.tools;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/** Added after the baseline was written: its finding is new and fails the build. */
public final class NewExport {
  public long count(String uri) {
    try (MongoClient client = MongoClients.create(uri)) {
      return client.getDatabase("shop").getCollection("exports").countDocuments();
    }
  }
}
