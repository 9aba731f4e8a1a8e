package io.github.mongoguard.checks;

import com.google.errorprone.CompilationTestHelper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  @Test
  void anAccessorThatMayHandOnAFreshClientIsNotShared() {
    CompilationTestHelper.newInstance(ClosedSharedMongoClient.class, getClass())
        .setArgs("-XepOpt:MongoGuard:ConnectionModule=com.acme.db")
        .addSourceLines(
            "com/acme/db/ClientFactory.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            public interface ClientFactory {
              default MongoClient open() {
                return MongoClients.create();
              }
            }
            """)
        .addSourceLines(
            "com/acme/db/Connections.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;

            public final class Connections {
              private final ClientFactory factory = new ClientFactory() {};
              private static final MongoClient SHARED = new ClientFactory() {}.open();

              public MongoClient open() {
                return factory.open();
              }

              public static MongoClient shared() {
                return SHARED;
              }
            }
            """)
        .addSourceLines(
            "com/acme/web/Job.java",
            """
            package com.acme.web;

            import com.acme.db.Connections;
            import com.mongodb.client.MongoClient;

            class Job {
              void run(Connections connections) {
                try (MongoClient client = connections.open()) {
                  client.listDatabaseNames().first();
                }
                // BUG: Diagnostic contains: obtained from Connections.shared()
                Connections.shared().close();
              }
            }
            """)
        .doTest();
  }

  @Test
  void aFreshClientFromAModuleFactoryThroughASwitchOrAPrivateHelperIsNeverShared() {
    CompilationTestHelper.newInstance(ClosedSharedMongoClient.class, getClass())
        .setArgs("-XepOpt:MongoGuard:ConnectionModule=com.acme.db")
        .addSourceLines(
            "com/acme/db/Clients.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            public final class Clients {
              private static final MongoClient SHARED = MongoClients.create();

              private Clients() {}

              public static MongoClient open(int kind, String uri) {
                return switch (kind) {
                  case 1 -> MongoClients.create(uri);
                  case 2 -> {
                    MongoClient local = MongoClients.create(uri + "/2");
                    yield local;
                  }
                  default -> helper(uri);
                };
              }

              private static MongoClient helper(String uri) {
                return MongoClients.create(uri);
              }

              public static MongoClient sharedOrFresh(boolean shared, String uri) {
                return shared ? SHARED : MongoClients.create(uri);
              }
            }
            """)
        .addSourceLines(
            "com/acme/web/Job.java",
            """
            package com.acme.web;

            import com.acme.db.Clients;
            import com.mongodb.client.MongoClient;

            class Job {
              void run(String uri) {
                try (MongoClient client = Clients.open(1, uri)) {
                  client.listDatabaseNames().first();
                }
                Clients.open(2, uri).close();
                // BUG: Diagnostic contains: obtained from Clients.sharedOrFresh(true, uri)
                Clients.sharedOrFresh(true, uri).close();
              }
            }
            """)
        .doTest();
  }

  @Test
  void anEmptyModuleFlagMakesNothingShared() {
    CompilationTestHelper.newInstance(ClosedSharedMongoClient.class, getClass())
        .setArgs("-XepOpt:MongoGuard:ConnectionModule=")
        .addSourceLines(
            "Tool.java",
            """
            // BUG: Diagnostic contains: -XepOpt:MongoGuard:ConnectionModule= has an empty entry
            import com.mongodb.client.MongoClients;

            class Tool {
              void ping(String uri) {
                MongoClients.create(uri).close();
                try (var client = MongoClients.create(uri)) {
                  client.listDatabaseNames().first();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void aModuleThatContainsTheDriverStillCreatesFreshClients() {
    CompilationTestHelper.newInstance(ClosedSharedMongoClient.class, getClass())
        .setArgs("-XepOpt:MongoGuard:ConnectionModule=com.mongodb.client")
        .addSourceLines(
            "Tool.java",
            """
            import com.mongodb.client.MongoClients;

            class Tool {
              void ping(String uri) {
                MongoClients.create(uri).close();
              }
            }
            """)
        .doTest();
  }

  @Test
  void anAccessorCompiledInAnotherModuleIsTakenAsShared() {
    CompilationTestHelper.newInstance(ClosedSharedMongoClient.class, getClass())
        .setArgs(
            "-XepOpt:MongoGuard:ConnectionModule=io.github.mongoguard.checks.testdata.CompiledDatabase")
        .addSourceLines(
            "Tool.java",
            """
import io.github.mongoguard.checks.testdata.CompiledDatabase;

class Tool {
  void done() {
    // BUG: Diagnostic contains: CompiledDatabase.client() is compiled in another module, so its body cannot be seen and it is taken to return the shared client; if it returns a new client that the caller must close, annotate it @com.google.errorprone.annotations.MustBeClosed
    CompiledDatabase.client().close();
    CompiledDatabase.open().close();
  }
}
""")
        .doTest();
  }

  @Test
  void anInjectedClientIsSharedWithoutADeclaredModule() {
    CompilationTestHelper.newInstance(ClosedSharedMongoClient.class, getClass())
        .addSourceLines(
            "OrderService.java",
            """
import com.mongodb.client.MongoClient;

@org.springframework.stereotype.Service
class OrderService {
  private final MongoClient client;

  OrderService(MongoClient client) {
    this.client = client;
  }

  void done() {
    // BUG: Diagnostic contains: obtained from the constructor parameter client of OrderService, which the container injects, owns and closes at shutdown
    client.close();
  }
}
""")
        .doTest();
  }

  private static final String HOLDER =
      """
      package com.acme.web;

      import com.acme.db.Database;
      import com.mongodb.client.MongoClient;
      import com.mongodb.client.MongoClients;

      final class Holder {
        static MongoClient client;
        static MongoClient fresh;

        static void init(String uri) {
          client = Database.client();
          fresh = MongoClients.create(uri);
        }
      }
      """;

  private static final String REST_CONTROLLER =
      """
      package org.springframework.web.bind.annotation;

      @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
      @org.springframework.stereotype.Controller
      public @interface RestController {}
      """;

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(
            "wrapperGivenTheSharedClientClosesItReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              static final class Ops implements AutoCloseable {
                private final MongoClient client;
                Ops(MongoClient client) { this.client = client; }
                long count() { return client.getDatabase("app").getCollection("items").countDocuments(); }
                @Override public void close() {
                  // BUG: Diagnostic contains: which a call in Shape passes to new Ops(...) as its parameter client
                  client.close();
                }
              }
              long run() {
                try (Ops ops = new Ops(Database.client())) {
                  return ops.count();
                }
              }
            }
            """),
        Arguments.of(
            "wrapperGivenOnlyFreshClientsNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              static final class Ops implements AutoCloseable {
                private final MongoClient client;
                Ops(MongoClient client) { this.client = client; }
                long count() { return client.getDatabase("app").getCollection("items").countDocuments(); }
                @Override public void close() {
                  client.close();
                }
              }
              long run(String uri) {
                try (Ops ops = new Ops(MongoClients.create(uri))) {
                  return ops.count();
                }
              }
            }
            """),
        Arguments.of(
            "closedThroughAChainOfHelpersReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run() {
                MongoClient client = Database.client();
                try {
                  client.listDatabaseNames().first();
                } finally {
                  // BUG: Diagnostic contains: obtained from Database.client()
                  release(client);
                }
              }
              static void release(Object resource) {
                if (resource instanceof AutoCloseable) {
                  quietly((AutoCloseable) resource);
                }
              }
              static void quietly(AutoCloseable closeable) {
                try { closeable.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "chainOfHelpersThatOnlyLogsNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run() {
                MongoClient client = Database.client();
                try {
                  client.listDatabaseNames().first();
                } finally {
                  release(client);
                }
              }
              static void release(Object resource) {
                if (resource instanceof AutoCloseable) {
                  describe((AutoCloseable) resource);
                }
              }
              static void describe(AutoCloseable closeable) {
                System.out.println("done with " + closeable);
              }
            }
            """),
        Arguments.of(
            "enumChoiceClosedUnderTheSharedConstantReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              enum Mode { SHARED, ISOLATED }

              long run(Mode mode, String uri) {
                MongoClient client =
                    switch (mode) {
                      case SHARED -> Database.client();
                      case ISOLATED -> MongoClients.create(uri);
                    };
                try {
                  return client.getDatabase("app").getCollection("items").countDocuments();
                } finally {
                  if (mode != Mode.ISOLATED) {
                    // BUG: Diagnostic contains: obtained from Database.client()
                    client.close();
                  }
                }
              }
            }
            """),
        Arguments.of(
            "enumChoiceClosedUnderTheFreshConstantNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              enum Mode { SHARED, ISOLATED }

              long run(Mode mode, String uri) {
                MongoClient client =
                    switch (mode) {
                      case SHARED -> Database.client();
                      case ISOLATED -> MongoClients.create(uri);
                    };
                try {
                  return client.getDatabase("app").getCollection("items").countDocuments();
                } finally {
                  if (mode == Mode.ISOLATED) {
                    client.close();
                  }
                }
              }
            }
            """),
        Arguments.of(
            "supplierFieldOfAccessorReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              private final Supplier<MongoClient> clients = Database::client;

              void run() {
                MongoClient client = clients.get();
                client.listDatabaseNames().first();
                // BUG: Diagnostic contains: Database::client
                client.close();
              }
            }
            """),
        Arguments.of(
            "supplierFieldOfFactoryNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              private final Function<String, MongoClient> clients = Database::open;

              void run() {
                MongoClient client = clients.apply("mongodb://localhost");
                client.listDatabaseNames().first();
                client.close();
              }
            }
            """),
        Arguments.of(
            "mixedResourcesLoopReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(java.io.Writer writer) throws Exception {
                MongoClient client = Database.client();
                List<AutoCloseable> resources = List.of(writer, client);
                for (AutoCloseable resource : resources) {
                  // BUG: Diagnostic contains: obtained from Database.client()
                  resource.close();
                }
              }
            }
            """),
        Arguments.of(
            "mixedResourcesLoopNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(java.io.Writer writer, String uri) throws Exception {
                MongoClient client = MongoClients.create(uri);
                List<AutoCloseable> resources = List.of(writer, client);
                for (AutoCloseable resource : resources) {
                  resource.close();
                }
                AutoCloseable first = List.<AutoCloseable>of(writer, Database.client()).get(0);
                first.close();
              }
            }
            """),
        Arguments.of(
            "moduleStaticFieldReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                // BUG: Diagnostic contains: obtained from Database.CLIENT
                Database.CLIENT.close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "moduleStaticFieldNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                MongoClients.create(uri).close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "moduleAccessorReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                // BUG: Diagnostic contains: obtained from Database.client()
                Database.client().close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "moduleAccessorNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                Database.open(uri).close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "freshThroughALocalInTheFactoryReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                // BUG: Diagnostic contains: obtained from Database.client()
                Database.client().close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "freshThroughALocalInTheFactoryNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                Database.openThroughLocal(uri).close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "mustBeClosedAccessorReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                // BUG: Diagnostic contains: closes the shared
                Database.legacyClient().close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "mustBeClosedAccessorNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                Database.openAnnotated(uri).close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "localAliasReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                MongoClient c = Database.client();
                // BUG: Diagnostic contains: obtained from Database.client()
                c.close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "localAliasNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                MongoClient c = Database.client();
                c = MongoClients.create(uri);
                c.close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "varAliasReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                var c = Database.client();
                // BUG: Diagnostic contains: obtained from Database.client()
                c.close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "varAliasNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                var c = Database.open(uri);
                c.close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "conditionalWithASharedBranchReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                // BUG: Diagnostic contains: obtained from Database.client()
                (flag ? Database.client() : MongoClients.create(uri)).close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "conditionalWithASharedBranchNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                (flag ? Database.open(uri) : MongoClients.create(uri)).close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "switchWithASharedBranchReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                MongoClient c = switch (k) {
                  case 1 -> Database.client();
                  default -> MongoClients.create(uri);
                };
                // BUG: Diagnostic contains: obtained from Database.client()
                c.close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "switchWithASharedBranchNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                MongoClient c = switch (k) {
                  case 1 -> Database.open(uri);
                  default -> MongoClients.create(uri);
                };
                c.close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "switchWithYieldReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                MongoClient c = switch (k) {
                  case 1: yield MongoClients.create(uri);
                  default: yield Database.client();
                };
                // BUG: Diagnostic contains: obtained from Database.client()
                c.close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "switchWithYieldNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                MongoClient c = switch (k) {
                  case 1: yield MongoClients.create(uri);
                  default: yield Database.open(uri);
                };
                c.close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "castReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                Object shared = Database.client();
                // BUG: Diagnostic contains: obtained from Database.client()
                ((MongoClient) shared).close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "castNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                Object fresh = MongoClients.create(uri);
                ((MongoClient) fresh).close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "patternBindingReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                Object shared = Database.client();
                if (shared instanceof MongoClient c) {
                  // BUG: Diagnostic contains: obtained from Database.client()
                  c.close();
                }
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "patternBindingNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                Object fresh = MongoClients.create(uri);
                if (fresh instanceof MongoClient c) {
                  c.close();
                }
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "supplierMethodReferenceReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                Supplier<MongoClient> clients = Database::client;
                // BUG: Diagnostic contains: obtained from Database::client
                clients.get().close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "supplierMethodReferenceNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                Supplier<MongoClient> clients = () -> MongoClients.create(uri);
                clients.get().close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "optionalHoldingItReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                // BUG: Diagnostic contains: the bulk close ifPresent
                Optional.of(Database.client()).ifPresent(MongoClient::close);
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "optionalHoldingItNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                Optional.of(MongoClients.create(uri)).ifPresent(MongoClient::close);
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "optionalGetReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                // BUG: Diagnostic contains: obtained from Database.client()
                Optional.ofNullable(Database.client()).orElseThrow().close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "optionalGetNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                Optional.ofNullable(Database.open(uri)).orElseThrow().close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "tryWithResourcesReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                // BUG: Diagnostic contains: try-with-resources closes the shared
                try (MongoClient c = Database.client()) {
                  c.listDatabaseNames().first();
                }
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "tryWithResourcesNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                try (MongoClient c = Database.open(uri)) {
                  c.listDatabaseNames().first();
                }
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "java9TryWithResourcesReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                MongoClient c = Database.client();
                // BUG: Diagnostic contains: try-with-resources closes the shared
                try (c) {
                  c.listDatabaseNames().first();
                }
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "java9TryWithResourcesNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                MongoClient c = MongoClients.create(uri);
                try (c) {
                  c.listDatabaseNames().first();
                }
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "closeMethodReferenceReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                // BUG: Diagnostic contains: the method reference ::close closes the shared
                Runtime.getRuntime().addShutdownHook(new Thread(Database.client()::close));
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "closeMethodReferenceNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                Runtime.getRuntime().addShutdownHook(new Thread(MongoClients.create(uri)::close));
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "ownCloseHelperReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                // BUG: Diagnostic contains: the close helper closeQuietly
                closeQuietly(Database.client());
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "ownCloseHelperNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                closeQuietly(MongoClients.create(uri));
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "libraryCloseHelperReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                // BUG: Diagnostic contains: the close helper close
                com.google.common.io.Closeables.close(Database.client(), true);
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "libraryCloseHelperNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                com.google.common.io.Closeables.close(MongoClients.create(uri), true);
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "bulkCloseOfAListReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                // BUG: Diagnostic contains: the bulk close forEach
                List.of(Database.client(), MongoClients.create(uri)).forEach(MongoClient::close);
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "bulkCloseOfAListNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                List.of(MongoClients.create(uri)).forEach(MongoClient::close);
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "bulkCloseInALoopReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                for (MongoClient c : List.of(Database.client())) {
                  // BUG: Diagnostic contains: obtained from Database.client()
                  c.close();
                }
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "bulkCloseInALoopNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                for (MongoClient c : List.of(MongoClients.create(uri))) {
                  c.close();
                }
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "bulkCloseOfAStreamReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                // BUG: Diagnostic contains: the bulk close forEach
                Stream.of(Database.client()).forEach(c -> c.close());
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "bulkCloseOfAStreamNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                Stream.of(MongoClients.create(uri)).forEach(c -> c.close());
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "arrayHoldingItReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                MongoClient[] all = {Database.client()};
                // BUG: Diagnostic contains: obtained from Database.client()
                all[0].close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "arrayHoldingItNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                MongoClient[] all = {MongoClients.create(uri)};
                all[0].close();
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "collectionItWasAddedToReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                List<MongoClient> all = new ArrayList<>();
                all.add(Database.client());
                // BUG: Diagnostic contains: the bulk close forEach
                all.forEach(MongoClient::close);
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "collectionItWasAddedToNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                List<MongoClient> all = new ArrayList<>();
                all.add(MongoClients.create(uri));
                all.forEach(MongoClient::close);
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "closedOnOnePathOnlyReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                MongoClient c = Database.client();
                if (flag) {
                  // BUG: Diagnostic contains: obtained from Database.client()
                  c.close();
                }
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "closedOnOnePathOnlyNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run(String uri, boolean flag, int k, Object o) throws Exception {
                MongoClient c = Database.client();
                if (flag) {
                  c = Database.open(uri);
                  c.close();
                }
              }
              static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "staticFieldAssignedFromItInAnotherFileReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run() {
                // BUG: Diagnostic contains: obtained from Database.client()
                Holder.client.close();
              }
            }
            """),
        Arguments.of(
            "staticFieldAssignedFromAFactoryInAnotherFileNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void run() {
                Holder.fresh.close();
              }
            }
            """),
        Arguments.of(
            "instanceFieldAssignedInTheConstructorReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape implements AutoCloseable {
              private final MongoClient client;
              Shape() { client = Database.client(); }
              @Override public void close() {
                // BUG: Diagnostic contains: obtained from Database.client()
                client.close();
              }
            }
            """),
        Arguments.of(
            "instanceFieldAssignedFreshInTheConstructorNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape implements AutoCloseable {
              private final MongoClient client;
              Shape(String uri) { client = MongoClients.create(uri); }
              @Override public void close() { client.close(); }
            }
            """),
        Arguments.of(
            "constructorInjectedIntoAControllerReported",
            """
package com.acme.web;

import com.acme.db.Database;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.*;
import java.util.function.*;
import java.util.stream.*;

@org.springframework.web.bind.annotation.RestController
class Shape {
  private final MongoClient client;
  Shape(MongoClient client) { this.client = client; }
  void done() {
    // BUG: Diagnostic contains: the constructor parameter client of Shape, which the container injects
    client.close();
  }
}
"""),
        Arguments.of(
            "constructorParameterOfAPlainClassNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              private final MongoClient client;
              Shape(MongoClient client) { this.client = client; }
              void done() { client.close(); }
            }
            """),
        Arguments.of(
            "autowiredFieldReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            @org.springframework.stereotype.Service
            class Shape {
              @org.springframework.beans.factory.annotation.Autowired private MongoClient client;
              void done() {
                // BUG: Diagnostic contains: the injected field client of Shape
                client.close();
              }
            }
            """),
        Arguments.of(
            "fieldWithoutInjectionNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              private MongoClient client;
              void done() { client.close(); }
            }
            """),
        Arguments.of(
            "injectFieldReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              @jakarta.inject.Inject MongoClient client;
              void done() {
                // BUG: Diagnostic contains: the injected field client of Shape
                client.close();
              }
            }
            """),
        Arguments.of(
            "resourceFieldReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              @jakarta.annotation.Resource MongoClient client;
              void done() {
                // BUG: Diagnostic contains: the injected field client of Shape
                client.close();
              }
            }
            """),
        Arguments.of(
            "setterInjectedReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            @org.springframework.stereotype.Component
            class Shape {
              void setClient(MongoClient client) {
                // BUG: Diagnostic contains: the setter parameter client of Shape
                client.close();
              }
            }
            """),
        Arguments.of(
            "otherMethodParameterOfAComponentNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            @org.springframework.stereotype.Component
            class Shape {
              void shutdown(MongoClient client, MongoClient other) { client.close(); }
            }
            """),
        Arguments.of(
            "beanMethodParameterReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            @org.springframework.context.annotation.Configuration
            class Shape {
              @org.springframework.context.annotation.Bean
              String name(MongoClient client) {
                // BUG: Diagnostic contains: the provider parameter client of Shape
                try (client) {
                  return client.listDatabaseNames().first();
                }
              }
            }
            """),
        Arguments.of(
            "beanMethodCreatingItsOwnClientNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            @org.springframework.context.annotation.Configuration
            class Shape {
              @org.springframework.context.annotation.Bean
              String name(String uri) {
                try (MongoClient client = MongoClients.create(uri)) {
                  return client.listDatabaseNames().first();
                }
              }
            }
            """),
        Arguments.of(
            "injectedParameterClosedInACapturingLambdaReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            @org.springframework.context.annotation.Configuration
            class Shape {
              @org.springframework.context.annotation.Bean
              Runnable onShutdown(MongoClient client) {
                return () -> {
                  // BUG: Diagnostic contains: the provider parameter client of Shape
                  client.close();
                };
              }
            }
            """),
        Arguments.of(
            "freshClientClosedInACapturingLambdaNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            @org.springframework.context.annotation.Configuration
            class Shape {
              @org.springframework.context.annotation.Bean
              Runnable onShutdown(String uri) {
                MongoClient client = MongoClients.create(uri);
                return () -> client.close();
              }
            }
            """),
        Arguments.of(
            "accessorLocalClosedInAShutdownHookLambdaReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void register() {
                MongoClient client = Database.client();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                  // BUG: Diagnostic contains: obtained from Database.client()
                  client.close();
                }));
              }
            }
            """),
        Arguments.of(
            "factoryLocalClosedInAShutdownHookLambdaNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              void register(String uri) {
                MongoClient client = MongoClients.create(uri);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                  client.close();
                }));
              }
            }
            """),
        Arguments.of(
            "injectedParameterClosedInAnAnonymousClassReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            @org.springframework.stereotype.Component
            class Shape {
              private final Thread hook;
              Shape(MongoClient client) {
                hook = new Thread() {
                  @Override
                  public void run() {
                    // BUG: Diagnostic contains: the constructor parameter client of Shape
                    client.close();
                  }
                };
              }
            }
            """),
        Arguments.of(
            "plainParameterClosedInAnAnonymousClassNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              private final Thread hook;
              Shape(MongoClient client) {
                hook = new Thread() {
                  @Override
                  public void run() {
                    client.close();
                  }
                };
              }
            }
            """),
        Arguments.of(
            "accessorLocalClosedInANestedLambdaReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              Supplier<Runnable> closer() {
                MongoClient client = Database.client();
                return () -> () -> {
                  // BUG: Diagnostic contains: obtained from Database.client()
                  client.close();
                };
              }
            }
            """),
        Arguments.of(
            "lambdaParameterClosedInANestedLambdaNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              Supplier<Consumer<MongoClient>> closer() {
                MongoClient shared = Database.client();
                return () -> client -> {
                  shared.listDatabaseNames();
                  client.close();
                };
              }
            }
            """),
        Arguments.of(
            "closedWhereTheFlagMadeItSharedReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              long count(boolean isolated, String uri) {
                MongoClient client = isolated ? MongoClients.create(uri) : Database.client();
                try {
                  return client.getDatabase("app").getCollection("jobs").countDocuments();
                } finally {
                  if (!isolated) {
                    // BUG: Diagnostic contains: obtained from Database.client()
                    client.close();
                  }
                }
              }
            }
            """),
        Arguments.of(
            "closedOnlyWhereTheFlagMadeItFreshNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              long count(boolean isolated, String uri) {
                MongoClient client = isolated ? MongoClients.create(uri) : Database.client();
                try {
                  return client.getDatabase("app").getCollection("jobs").countDocuments();
                } finally {
                  if (isolated) {
                    client.close();
                  }
                }
              }
            }
            """),
        Arguments.of(
            "closedUnderAFlagSetLaterReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              long count(boolean isolated, String uri) {
                boolean fresh = isolated;
                MongoClient client = isolated ? MongoClients.create(uri) : Database.client();
                fresh = !fresh;
                if (fresh) {
                  // BUG: Diagnostic contains: obtained from Database.client()
                  client.close();
                }
                return 0;
              }
            }
            """),
        Arguments.of(
            "guiceProvidesParameterReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              @com.google.inject.Provides
              String name(MongoClient client) {
                // BUG: Diagnostic contains: the provider parameter client of Shape
                client.close();
                return "";
              }
            }
            """),
        Arguments.of(
            "injectedProviderReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            class Shape {
              @jakarta.inject.Inject jakarta.inject.Provider<MongoClient> clients;
              void done() {
                // BUG: Diagnostic contains: the injected field clients of Shape
                clients.get().close();
              }
            }
            """),
        Arguments.of(
            "injectedThenReplacedNotReported",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;
            import java.util.stream.*;

            @org.springframework.stereotype.Component
            class Shape {
              Shape(MongoClient client, String uri) {
                client = MongoClients.create(uri);
                client.close();
              }
            }
            """));
  }

  /** Every shared shape closed (reported) beside the same shape on a fresh client (not). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void shape(String name, String source) {
    compilationTestHelper
        .addSourceLines("com/acme/web/Holder.java", HOLDER)
        .addSourceLines(
            "org/springframework/web/bind/annotation/RestController.java", REST_CONTROLLER)
        .addSourceLines("com/acme/web/Shape.java", source)
        .doTest();
  }
}
