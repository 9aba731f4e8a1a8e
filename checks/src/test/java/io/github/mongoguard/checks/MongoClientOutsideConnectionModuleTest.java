package io.github.mongoguard.checks;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

final class MongoClientOutsideConnectionModuleTest {
  private static final String MODULE_FLAG =
      "-XepOpt:MongoGuard:ConnectionModule=com.acme.db.Database, com.acme.infra";

  private final CompilationTestHelper compilationTestHelper =
      CompilationTestHelper.newInstance(MongoClientOutsideConnectionModule.class, getClass())
          .setArgs(MODULE_FLAG);

  @Test
  void identificationInsideModule() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Database.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.function.Function;

            public final class Database {
              private static final MongoClient CLIENT = MongoClients.create("mongodb://localhost");
              private static final com.mongodb.reactivestreams.client.MongoClient REACTIVE =
                  com.mongodb.reactivestreams.client.MongoClients.create();
              private static final Function<String, MongoClient> FACTORY = MongoClients::create;

              static final class Holder {
                static final com.mongodb.MongoClient LEGACY = new com.mongodb.MongoClient("localhost");
              }
            }
            """)
        .addSourceLines(
            "com/acme/infra/mongo/Clients.java",
            """
            package com.acme.infra.mongo;

            import com.mongodb.MongoClient;

            final class Clients {
              static final MongoClient LEGACY = new MongoClient("localhost") {};
            }
            """)
        .doTest();
  }

  @Test
  void identificationOutsideModule() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.MongoClientSettings;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.function.Function;
            import java.util.function.Supplier;

            final class Handler {
              void handle(String uri) {
                // BUG: Diagnostic contains: MongoClients.create creates a new com.mongodb.client.MongoClient
                MongoClient a = MongoClients.create(uri);
                // BUG: Diagnostic contains: MongoClientOutsideConnectionModule
                MongoClient b = MongoClients.create();
                // BUG: Diagnostic contains: MongoClientOutsideConnectionModule
                MongoClient c = MongoClients.create(MongoClientSettings.builder().build());
                // BUG: Diagnostic contains: (as a method reference)
                Function<String, MongoClient> factory = MongoClients::create;
                // BUG: Diagnostic contains: com.mongodb.reactivestreams.client.MongoClient
                com.mongodb.reactivestreams.client.MongoClients.create(uri);
                // BUG: Diagnostic contains: legacy com.mongodb.MongoClient
                com.mongodb.MongoClient d = new com.mongodb.MongoClient("localhost");
                // BUG: Diagnostic contains: new MongoClient (as a method reference)
                Supplier<com.mongodb.MongoClient> legacy = com.mongodb.MongoClient::new;
                // BUG: Diagnostic contains: legacy com.mongodb.MongoClient
                com.mongodb.MongoClient e = new com.mongodb.MongoClient("localhost") {};
              }
            }
            """)
        .doTest();
  }

  @Test
  void identificationWithoutFlag() {
    CompilationTestHelper.newInstance(MongoClientOutsideConnectionModule.class, getClass())
        .addSourceLines(
            "com/acme/db/Database.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClients;

            final class Database {
              // BUG: Diagnostic contains: for this class: -XepOpt:MongoGuard:ConnectionModule=com.acme.db.Database
              static final Object CLIENT = MongoClients.create();
            }
            """)
        .doTest();
  }
}
