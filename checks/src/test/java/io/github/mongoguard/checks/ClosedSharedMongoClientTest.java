package io.github.mongoguard.checks;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

final class ClosedSharedMongoClientTest {
  /** The connection module: a shared client of each kind, and factories of fresh clients. */
  private static final String DATABASE =
      """
      package com.acme.db;

      import com.google.errorprone.annotations.MustBeClosed;
      import com.mongodb.client.MongoClient;
      import com.mongodb.client.MongoClients;

      public final class Database {
        public static final MongoClient CLIENT = MongoClients.create();
        private static final com.mongodb.reactivestreams.client.MongoClient REACTIVE =
            com.mongodb.reactivestreams.client.MongoClients.create();
        private static final com.mongodb.MongoClient LEGACY = new com.mongodb.MongoClient();

        private Database() {}

        public static MongoClient client() {
          return CLIENT;
        }

        public static com.mongodb.reactivestreams.client.MongoClient reactiveClient() {
          return REACTIVE;
        }

        public static com.mongodb.MongoClient legacyClient() {
          return LEGACY;
        }

        @MustBeClosed
        public static MongoClient openAnnotated(String uri) {
          return CLIENT == null ? null : MongoClients.create(uri);
        }

        public static MongoClient open(String uri) {
          return MongoClients.create(uri);
        }

        public static MongoClient openThroughLocal(String uri) {
          MongoClient client = MongoClients.create(uri);
          client.listDatabaseNames().first();
          return client;
        }

        static void shutdown() {
          CLIENT.close();
          client().close();
          REACTIVE.close();
        }
      }
      """;

  private final CompilationTestHelper compilationTestHelper =
      CompilationTestHelper.newInstance(ClosedSharedMongoClient.class, getClass())
          .setArgs("-XepOpt:MongoGuard:ConnectionModule=com.acme.db")
          .addSourceLines("com/acme/db/Database.java", DATABASE);

  @Test
  void closingTheSharedClientDirectly() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.acme.db.Database;

            class Handler {
              void done() {
                // BUG: Diagnostic contains: [ClosedSharedMongoClient] close() closes the shared MongoDB client of the connection module (com.acme.db), obtained from Database.client()
                Database.client().close();
                // BUG: Diagnostic contains: obtained from Database.CLIENT
                Database.CLIENT.close();
                // BUG: Diagnostic contains: obtained from Database.reactiveClient()
                Database.reactiveClient().close();
                // BUG: Diagnostic contains: obtained from Database.legacyClient()
                Database.legacyClient().close();
              }
            }
            """)
        .doTest();
  }

  @Test
  void closingInAFileThatNamesNoDriverType() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import static com.acme.db.Database.client;

            class Handler {
              void done() {
                var shared = client();
                // BUG: Diagnostic contains: [ClosedSharedMongoClient] close() closes the shared
                shared.close();
              }
            }
            """)
        .doTest();
  }

  @Test
  void closingALocalOrFieldAssignedFromIt() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/web/Repository.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;

            class Repository implements AutoCloseable {
              private final MongoClient client = Database.client();
              private final com.mongodb.MongoClient legacy;

              Repository() {
                this.legacy = Database.legacyClient();
              }

              void once() {
                MongoClient local = Database.client();
                local.listDatabaseNames().first();
                // BUG: Diagnostic contains: close() closes the shared MongoDB client
                local.close();
              }

              @Override
              public void close() {
                // BUG: Diagnostic contains: obtained from Database.client()
                client.close();
                // BUG: Diagnostic contains: obtained from Database.legacyClient()
                legacy.close();
              }
            }
            """)
        .doTest();
  }

  @Test
  void closingThroughTryWithResourcesOrMethodReference() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/web/Jobs.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;

            class Jobs {
              long count() {
                // BUG: Diagnostic contains: try-with-resources closes the shared MongoDB client
                try (MongoClient client = Database.client()) {
                  return client.getDatabase("x").getCollection("y").countDocuments();
                }
              }

              void java9Resource() {
                MongoClient client = Database.client();
                // BUG: Diagnostic contains: try-with-resources closes the shared MongoDB client
                try (client) {
                  client.listDatabaseNames().first();
                }
              }

              void hook() {
                // BUG: Diagnostic contains: the method reference ::close closes the shared MongoDB client
                Runtime.getRuntime().addShutdownHook(new Thread(Database.client()::close));
              }
            }
            """)
        .doTest();
  }

  @Test
  void closingAFreshClientFromAFactoryIsCorrect() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/tools/Export.java",
            """
            package com.acme.tools;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;

            class Export {
              void run(String uri) {
                try (MongoClient client = Database.openAnnotated(uri)) {
                  client.listDatabaseNames().first();
                }
                try (MongoClient client = Database.open(uri)) {
                  client.listDatabaseNames().first();
                }
                MongoClient client = Database.openThroughLocal(uri);
                try {
                  client.listDatabaseNames().first();
                } finally {
                  client.close();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void usingTheSharedClientAndClosingOtherClients() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/web/Service.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import com.mongodb.client.MongoCursor;

            class Service {
              private final MongoClient injected;

              Service(MongoClient injected) {
                this.injected = injected;
              }

              void run(String uri) {
                Database.client().listDatabaseNames().first();
                try (MongoCursor<String> names = Database.client().listDatabaseNames().iterator()) {
                  names.hasNext();
                }
                MongoClient own = MongoClients.create(uri);
                own.close();
                injected.close();
                MongoClient either = Database.client();
                if (uri.isEmpty()) {
                  either = MongoClients.create(uri);
                }
                // A client that is shared on one path: closing it on that path breaks the others.
                // BUG: Diagnostic contains: obtained from Database.client()
                either.close();
                java.util.List.of(own).forEach(MongoClient::close);
              }
            }
            """)
        .doTest();
  }

  @Test
  void theModuleClosesItsOwnClient() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Shutdown.java",
            """
            package com.acme.db;

            class Shutdown {
              static void run() {
                Database.client().close();
              }
            }
            """)
        .doTest();
  }

  @Test
  void withoutADeclaredModuleNothingIsShared() {
    CompilationTestHelper.newInstance(ClosedSharedMongoClient.class, getClass())
        .addSourceLines("com/acme/db/Database.java", DATABASE)
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.acme.db.Database;

            class Handler {
              void done() {
                Database.client().close();
              }
            }
            """)
        .doTest();
  }
}
