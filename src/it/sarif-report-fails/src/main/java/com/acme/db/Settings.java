package com.acme.db;

final class Settings {
  static final String URI = "mongodb://shop:Xk9-unsafe-Pa55w0rd@db.acme.example/shop";

  private Settings() {}
}
