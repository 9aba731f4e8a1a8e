package com.acme.web;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.ArrayList;
import java.util.List;

public final class ReportJob {
  public List<String> collections(String uri) {
    MongoClient client = null;
    try {
      client = MongoClients.create(uri);
      List<String> names = new ArrayList<>();
      client.getDatabase("shop").listCollectionNames().into(names);
      return names;
    } finally {
      if (client != null) {
        client.close();
      }
    }
  }
}
