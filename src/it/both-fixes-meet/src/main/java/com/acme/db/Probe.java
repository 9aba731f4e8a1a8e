package com.acme.db;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/** A command-line check that a server answers, with a client of its own. */
public final class Probe {
  private Probe() {}

  public static void main(String[] args) {
    MongoClient probe = MongoClients.create(args[0]);
    boolean answered = probe.listDatabaseNames().first() != null;
    System.out.println(answered);
  }
}
