package io.github.mongoguard.checks;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.BugCheckerRefactoringTestHelper.TestMode;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

final class MongoClientOutsideConnectionModuleTest {
  private static final String MODULE_FLAG =
      "-XepOpt:MongoGuard:ConnectionModule=com.acme.db.Database, com.acme.infra";

  private static final String[] MIGRATION_FLAGS = {
    "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
    "-XepOpt:MongoGuard:SharedClient=com.acme.db.Database.client",
    "-XepOpt:MongoGuard:SharedReactiveClient=com.acme.db.Database.reactiveClient"
  };

  /** The connection module the migration tests name in their flags. */
  private static final String DATABASE =
      """
      package com.acme.db;

      import com.mongodb.client.MongoClient;
      import com.mongodb.client.MongoClients;

      public final class Database {
        private static final MongoClient CLIENT = MongoClients.create();
        private static final com.mongodb.reactivestreams.client.MongoClient REACTIVE =
            com.mongodb.reactivestreams.client.MongoClients.create();

        private Database() {}

        public static MongoClient client() {
          return CLIENT;
        }

        public static com.mongodb.reactivestreams.client.MongoClient reactiveClient() {
          return REACTIVE;
        }

        static MongoClient packageClient() {
          return CLIENT;
        }

        public MongoClient instanceClient() {
          return CLIENT;
        }
      }
      """;

  private final CompilationTestHelper compilationTestHelper =
      CompilationTestHelper.newInstance(MongoClientOutsideConnectionModule.class, getClass())
          .setArgs(MODULE_FLAG);

  private final BugCheckerRefactoringTestHelper refactoringTestHelper =
      BugCheckerRefactoringTestHelper.newInstance(
              MongoClientOutsideConnectionModule.class, getClass())
          .setArgs(MIGRATION_FLAGS)
          .addInputLines("com/acme/db/Database.java", DATABASE)
          .expectUnchanged();

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

  @Test
  void identificationOfStaticImportAndFullyQualifiedName() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import static com.mongodb.client.MongoClients.create;

            final class Handler {
              Object handle(String uri) {
                // BUG: Diagnostic contains: MongoClientOutsideConnectionModule
                return create(uri);
              }

              Object legacy() {
                // BUG: Diagnostic contains: MongoClientOutsideConnectionModule
                return new com.mongodb.MongoClient();
              }
            }
            """)
        .doTest();
  }

  @Test
  void identificationInLambdaAndNestedClassOutsideModule() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/dbx/Clients.java",
            """
            package com.acme.dbx;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.function.Supplier;

            final class Clients {
              static final class Nested {
                // BUG: Diagnostic contains: MongoClientOutsideConnectionModule
                final Supplier<MongoClient> factory = () -> MongoClients.create();
              }
            }
            """)
        .addSourceLines(
            "com/acme/db/DatabaseTools.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClients;

            // A class next to the module class is not part of it: the entry names one class.
            final class DatabaseTools {
              // BUG: Diagnostic contains: MongoClientOutsideConnectionModule
              final Object client = MongoClients.create();
            }
            """)
        .doTest();
  }

  @Test
  void sameNamedUnrelatedClasses() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/web/MongoClients.java",
            """
            package com.acme.web;

            final class MongoClients {
              static MongoClient create(String uri) {
                return new MongoClient(uri);
              }
            }
            """)
        .addSourceLines(
            "com/acme/web/MongoClient.java",
            """
            package com.acme.web;

            final class MongoClient {
              MongoClient(String uri) {}
            }
            """)
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import java.util.function.Function;

            final class Handler {
              void handle(String uri) {
                MongoClient client = MongoClients.create(uri);
                Function<String, MongoClient> factory = MongoClient::new;
              }
            }
            """)
        .doTest();
  }

  @Test
  void suppression() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClients;

            final class Handler {
              @SuppressWarnings("MongoClientOutsideConnectionModule")
              Object migrationTool(String uri) {
                return MongoClients.create(uri);
              }

              Object handle(String uri) {
                // BUG: Diagnostic contains: MongoClientOutsideConnectionModule
                return MongoClients.create(uri);
              }
            }
            """)
        .doTest();
  }

  @Test
  void malformedFlagEmptyEntry() {
    CompilationTestHelper.newInstance(MongoClientOutsideConnectionModule.class, getClass())
        .setArgs("-XepOpt:MongoGuard:ConnectionModule=com.acme.db,,com.acme.infra")
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            // BUG: Diagnostic contains: -XepOpt:MongoGuard:ConnectionModule=com.acme.db,,com.acme.infra has an empty entry
            package com.acme.web;

            final class Handler {}
            """)
        .doTest();
  }

  @Test
  void malformedFlagEmptyValue() {
    CompilationTestHelper.newInstance(MongoClientOutsideConnectionModule.class, getClass())
        .setArgs("-XepOpt:MongoGuard:ConnectionModule=")
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            // BUG: Diagnostic contains: Invalid Mongo Guard configuration: -XepOpt:MongoGuard:ConnectionModule= has an empty entry
            package com.acme.web;

            final class Handler {}
            """)
        .doTest();
  }

  @Test
  void malformedFlagNotAQualifiedName() {
    CompilationTestHelper.newInstance(MongoClientOutsideConnectionModule.class, getClass())
        .setArgs("-XepOpt:MongoGuard:ConnectionModule=com.acme.db, com.acme-infra ,com..x,com.class")
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            // BUG: Diagnostic matches: BAD_ENTRIES
            package com.acme.web;

            final class Handler {}
            """)
        .expectErrorMessage(
            "BAD_ENTRIES",
            message ->
                message.contains("the entry 'com.acme-infra', which is not a fully qualified")
                    && message.contains("the entry 'com..x'")
                    && message.contains("the entry 'com.class'")
                    && !message.contains("'com.acme.db'"))
        .doTest();
  }

  @Test
  void malformedFlagReportedOncePerCompilation() {
    CompilationTestHelper.newInstance(MongoClientOutsideConnectionModule.class, getClass())
        .setArgs("-XepOpt:MongoGuard:ConnectionModule=com/acme/db")
        .addSourceLines(
            "com/acme/web/A.java",
            """
            // BUG: Diagnostic contains: the entry 'com/acme/db'
            package com.acme.web;

            final class A {}
            """)
        .addSourceLines(
            "com/acme/web/B.java",
            """
            package com.acme.web;

            final class B {}
            """)
        .doTest();
  }

  @Test
  void malformedFlagStandsForTheCreationsItWouldJudge() {
    CompilationTestHelper.newInstance(MongoClientOutsideConnectionModule.class, getClass())
        .setArgs("-XepOpt:MongoGuard:ConnectionModule=com/acme/db")
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            // BUG: Diagnostic contains: Invalid Mongo Guard configuration
            package com.acme.web;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              MongoClient open(String uri) {
                // Not reported as a creation with no connection module declared: the flag is wrong.
                return MongoClients.create(uri);
              }
            }
            """)
        .doTest();
  }

  @Test
  void replacementOfTryWithResources() {
    refactoringTestHelper
        .addInputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              String firstDatabase(String uri) {
                try (MongoClient client = MongoClients.create(uri)) {
                  String name = client.listDatabaseNames().first();
                  return name;
                }
              }
            }
            """)
        .addOutputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              String firstDatabase(String uri) {
                MongoClient client = Database.client();
                String name = client.listDatabaseNames().first();
                return name;
              }
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void replacementOfFinallyClose() {
    refactoringTestHelper
        .addInputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              long count(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  return client.getDatabase("shop").getCollection("orders").countDocuments();
                } finally {
                  client.close();
                }
              }
            }
            """)
        .addOutputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              long count(String uri) {
                MongoClient client = Database.client();
                return client.getDatabase("shop").getCollection("orders").countDocuments();
              }
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void replacementOfTryWithResourcesWithCatch() {
    refactoringTestHelper
        .addInputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.MongoException;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              String firstDatabase(String uri) {
                try (MongoClient client = MongoClients.create(uri)) {
                  return client.listDatabaseNames().first();
                } catch (MongoException e) {
                  return null;
                }
              }
            }
            """)
        .addOutputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.MongoException;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              String firstDatabase(String uri) {
                try {
                  MongoClient client = Database.client();
                  return client.listDatabaseNames().first();
                } catch (MongoException e) {
                  return null;
                }
              }
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void replacementOfFirstOfSeveralResources() {
    refactoringTestHelper
        .addInputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.ClientSession;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              void transfer(String uri) {
                try (MongoClient client = MongoClients.create(uri);
                    ClientSession session = client.startSession()) {
                  session.startTransaction();
                }
              }
            }
            """)
        .addOutputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.ClientSession;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              void transfer(String uri) {
                MongoClient client = Database.client();
                try (ClientSession session = client.startSession()) {
                  session.startTransaction();
                }
              }
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void replacementOfTryWithResourcesKeepsScopeOnNameClash() {
    refactoringTestHelper
        .addInputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              private String name = "field";

              String names(String uri) {
                try (MongoClient client = MongoClients.create(uri)) {
                  String name = client.listDatabaseNames().first();
                  System.out.println(name);
                }
                return name;
              }
            }
            """)
        .addOutputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              private String name = "field";

              String names(String uri) {
                {
                  MongoClient client = Database.client();
                  String name = client.listDatabaseNames().first();
                  System.out.println(name);
                }
                return name;
              }
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void replacementOfNullCheckedFinallyClose() {
    refactoringTestHelper
        .addInputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              long count(String uri) {
                MongoClient client = null;
                try {
                  client = MongoClients.create(uri);
                  return client.getDatabase("shop").getCollection("orders").countDocuments();
                } catch (RuntimeException e) {
                  return -1;
                } finally {
                  if (client != null) {
                    client.close();
                  }
                }
              }
            }
            """)
        .addOutputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              long count(String uri) {
                MongoClient client = null;
                try {
                  client = Database.client();
                  return client.getDatabase("shop").getCollection("orders").countDocuments();
                } catch (RuntimeException e) {
                  return -1;
                }
              }
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void replacementOfCloseAfterUseAndCallChain() {
    refactoringTestHelper
        .addInputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import com.mongodb.client.MongoDatabase;

            final class Handler {
              void drop(String uri) {
                MongoClient client = MongoClients.create(uri);
                client.getDatabase("scratch").drop();
                client.close();
              }

              MongoDatabase shop() {
                return MongoClients.create().getDatabase("shop");
              }
            }
            """)
        .addOutputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import com.mongodb.client.MongoDatabase;

            final class Handler {
              void drop(String uri) {
                MongoClient client = Database.client();
                client.getDatabase("scratch").drop();
              }

              MongoDatabase shop() {
                return Database.client().getDatabase("shop");
              }
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void replacementOfPrivateFieldClosedByOwner() {
    refactoringTestHelper
        .addInputLines(
            "com/acme/web/OrderRepository.java",
            """
            package com.acme.web;

            import com.mongodb.ConnectionString;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class OrderRepository implements AutoCloseable {
              private final MongoClient client;

              OrderRepository(String uri) {
                this.client = MongoClients.create(new ConnectionString(uri));
              }

              long count() {
                return client.getDatabase("shop").getCollection("orders").countDocuments();
              }

              @Override
              public void close() {
                this.client.close();
              }
            }
            """)
        .addOutputLines(
            "com/acme/web/OrderRepository.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.ConnectionString;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class OrderRepository implements AutoCloseable {
              private final MongoClient client;

              OrderRepository(String uri) {
                this.client = Database.client();
              }

              long count() {
                return client.getDatabase("shop").getCollection("orders").countDocuments();
              }

              @Override
              public void close() {
              }
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void replacementOfReactiveClient() {
    refactoringTestHelper
        .addInputLines(
            "com/acme/web/Stream.java",
            """
            package com.acme.web;

            import com.mongodb.reactivestreams.client.MongoClient;
            import com.mongodb.reactivestreams.client.MongoClients;

            final class Stream {
              Object databases() {
                MongoClient client = MongoClients.create();
                return client.listDatabaseNames();
              }
            }
            """)
        .addOutputLines(
            "com/acme/web/Stream.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.reactivestreams.client.MongoClient;
            import com.mongodb.reactivestreams.client.MongoClients;

            final class Stream {
              Object databases() {
                MongoClient client = Database.reactiveClient();
                return client.listDatabaseNames();
              }
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void unchangedWhereTheRewriteIsNotSafe() {
    refactoringTestHelper
        .addInputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.MongoClientSettings;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.function.Function;

            final class Handler {
              MongoClient shared;
              private MongoClient reassigned = MongoClients.create();

              void legacy() {
                com.mongodb.MongoClient client = new com.mongodb.MongoClient("localhost");
                client.close();
              }

              Function<String, MongoClient> reference() {
                return MongoClients::create;
              }

              void settings() {
                try (MongoClient client = MongoClients.create(MongoClientSettings.builder().build())) {
                  client.listDatabaseNames().first();
                }
              }

              MongoClient returned(String uri) {
                return MongoClients.create(uri);
              }

              void passed(String uri) {
                MongoClient client = MongoClients.create(uri);
                register(client);
              }

              void field() {
                shared = MongoClients.create();
              }

              void reassign() {
                reassigned = null;
                reassigned = new Holder().client;
              }

              void conditionalClose(boolean done) {
                MongoClient client = MongoClients.create();
                if (done) client.close();
              }

              private static void register(MongoClient client) {}

              private static final class Holder {
                MongoClient client;
              }
            }
            """)
        .expectUnchanged()
        .doTest();
  }

  @Test
  void unchangedWithoutAccessorFlags() {
    BugCheckerRefactoringTestHelper.newInstance(
            MongoClientOutsideConnectionModule.class, getClass())
        .setArgs("-XepOpt:MongoGuard:ConnectionModule=com.acme.db")
        .addInputLines("com/acme/db/Database.java", DATABASE)
        .expectUnchanged()
        .addInputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              String firstDatabase(String uri) {
                try (MongoClient client = MongoClients.create(uri)) {
                  return client.listDatabaseNames().first();
                }
              }
            }
            """)
        .expectUnchanged()
        .doTest();
  }

  @Test
  void unchangedWhenAccessorDoesNotFit() {
    BugCheckerRefactoringTestHelper.newInstance(
            MongoClientOutsideConnectionModule.class, getClass())
        .setArgs(
            "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
            "-XepOpt:MongoGuard:SharedClient=com.acme.db.Database.instanceClient")
        .addInputLines("com/acme/db/Database.java", DATABASE)
        .expectUnchanged()
        .addInputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              Object databases() {
                MongoClient client = MongoClients.create();
                return client.listDatabaseNames();
              }
            }
            """)
        .expectUnchanged()
        .doTest();
  }

  @Test
  void identificationSaysWhyNoFix() {
    CompilationTestHelper.newInstance(MongoClientOutsideConnectionModule.class, getClass())
        .setArgs(
            "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
            "-XepOpt:MongoGuard:SharedClient=com.acme.db.Database.client")
        .addSourceLines("com/acme/db/Database.java", DATABASE)
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.MongoClientSettings;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.function.Function;

            final class Handler {
              void handle(String uri) {
                // BUG: Diagnostic contains: No automatic fix: the legacy com.mongodb.MongoClient has another API
                new com.mongodb.MongoClient("localhost").close();
                // BUG: Diagnostic contains: No automatic fix: a method reference creates a client each time
                Function<String, MongoClient> factory = MongoClients::create;
                // BUG: Diagnostic contains: No automatic fix: it passes MongoClientSettings
                MongoClients.create(MongoClientSettings.builder().build()).close();
                // BUG: Diagnostic contains: No automatic fix: no -XepOpt:MongoGuard:SharedReactiveClient names
                com.mongodb.reactivestreams.client.MongoClients.create().close();
                // BUG: Diagnostic contains: No automatic fix: the client in client is handed on
                MongoClient client = MongoClients.create(uri);
                System.out.println(client);
              }
            }
            """)
        .doTest();
  }

  @Test
  void identificationNamesMissingAccessor() {
    CompilationTestHelper.newInstance(MongoClientOutsideConnectionModule.class, getClass())
        .setArgs(
            "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
            "-XepOpt:MongoGuard:SharedClient=com.acme.db.Database.packageClient")
        .addSourceLines("com/acme/db/Database.java", DATABASE)
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClients;

            final class Handler {
              void handle() {
                // BUG: Diagnostic contains: -XepOpt:MongoGuard:SharedClient names com.acme.db.Database.packageClient(), which is not
                MongoClients.create().listDatabaseNames();
              }
            }
            """)
        .doTest();
  }

  @Test
  void malformedAccessorFlags() {
    CompilationTestHelper.newInstance(MongoClientOutsideConnectionModule.class, getClass())
        .setArgs(
            "-XepOpt:MongoGuard:SharedClient=client",
            "-XepOpt:MongoGuard:SharedReactiveClient=com.acme.db.Database.reactive-client")
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            // BUG: Diagnostic matches: BAD_ACCESSORS
            package com.acme.web;

            final class Handler {}
            """)
        .expectErrorMessage(
            "BAD_ACCESSORS",
            message ->
                message.contains(
                        "-XepOpt:MongoGuard:SharedClient has the value 'client', which is not a"
                            + " fully qualified class name followed by the name of a static method")
                    && message.contains(
                        "-XepOpt:MongoGuard:SharedReactiveClient has the value"
                            + " 'com.acme.db.Database.reactive-client'")
                    && message.contains("expected <fully.qualified.Class>.<staticMethod>"))
        .doTest();
  }

  @Test
  void malformedAccessorFlagEmpty() {
    CompilationTestHelper.newInstance(MongoClientOutsideConnectionModule.class, getClass())
        .setArgs("-XepOpt:MongoGuard:SharedClient=")
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            // BUG: Diagnostic contains: -XepOpt:MongoGuard:SharedClient has the value ''
            package com.acme.web;

            final class Handler {}
            """)
        .doTest();
  }

  @Test
  void replacementKeepsFinallyThatDoesMore() {
    refactoringTestHelper
        .addInputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              long count(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  return client.getDatabase("shop").getCollection("orders").countDocuments();
                } finally {
                  client.close();
                  System.out.println("counted");
                }
              }
            }
            """)
        .addOutputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              long count(String uri) {
                MongoClient client = Database.client();
                try {
                  return client.getDatabase("shop").getCollection("orders").countDocuments();
                } finally {
                  System.out.println("counted");
                }
              }
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void replacementOfFinallyCloseKeepsScopeOnNameClash() {
    refactoringTestHelper
        .addInputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              void twice(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  String first = client.listDatabaseNames().first();
                  System.out.println(first);
                } finally {
                  client.close();
                }
                String first = "again";
                System.out.println(first);
              }
            }
            """)
        .addOutputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              void twice(String uri) {
                MongoClient client = Database.client();
                {
                  String first = client.listDatabaseNames().first();
                  System.out.println(first);
                }
                String first = "again";
                System.out.println(first);
              }
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void replacementInsideLambda() {
    refactoringTestHelper
        .addInputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.function.Function;

            final class Handler {
              final Function<String, String> firstDatabase =
                  uri -> {
                    try (MongoClient client = MongoClients.create(uri)) {
                      return client.listDatabaseNames().first();
                    }
                  };
            }
            """)
        .addOutputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.function.Function;

            final class Handler {
              final Function<String, String> firstDatabase =
                  uri -> {
                    MongoClient client = Database.client();
                    return client.listDatabaseNames().first();
                  };
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void replacementWhenAccessorClassNameIsTaken() {
    refactoringTestHelper
        .addInputLines(
            "com/acme/web/Database.java",
            """
            package com.acme.web;

            final class Database {}
            """)
        .expectUnchanged()
        .addInputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClients;

            final class Handler {
              String firstDatabase() {
                return MongoClients.create().listDatabaseNames().first();
              }
            }
            """)
        .addOutputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClients;

            final class Handler {
              String firstDatabase() {
                return com.acme.db.Database.client().listDatabaseNames().first();
              }
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void unchangedWhenCloseIsConditionalOrResourceIsNotFirst() {
    refactoringTestHelper
        .addInputLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.io.StringReader;

            final class Handler {
              void notFirst(String uri) throws Exception {
                try (StringReader reader = new StringReader(uri);
                    MongoClient client = MongoClients.create(uri)) {
                  client.listDatabaseNames().first();
                }
              }

              void withCatch(String uri) {
                try (MongoClient client = MongoClients.create(uri);
                    var session = client.startSession()) {
                  session.startTransaction();
                } catch (RuntimeException e) {
                  throw e;
                }
              }

              void javaNineResource(String uri) {
                MongoClient client = MongoClients.create(uri);
                try (client) {
                  client.listDatabaseNames().first();
                }
              }

              void closedUnderOtherCondition(String uri, boolean done) {
                MongoClient client = MongoClients.create(uri);
                if (done) {
                  client.close();
                }
              }
            }
            """)
        .expectUnchanged()
        .doTest();
  }
}
