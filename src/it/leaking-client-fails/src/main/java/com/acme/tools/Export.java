package com.acme.tools;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/** A one-off tool with a client of its own, which it forgets to close. */
@SuppressWarnings("MongoClientOutsideConnectionModule")
public final class Export {
  public static void main(String[] args) {
    MongoClient client = MongoClients.create(args[0]);
    for (String name : client.listDatabaseNames()) {
      System.out.println(name);
    }
  }
}
