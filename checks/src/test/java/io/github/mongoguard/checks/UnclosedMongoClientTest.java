package io.github.mongoguard.checks;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

final class UnclosedMongoClientTest {
  private final CompilationTestHelper compilationTestHelper =
      CompilationTestHelper.newInstance(UnclosedMongoClient.class, getClass());

  private final BugCheckerRefactoringTestHelper refactoringTestHelper =
      BugCheckerRefactoringTestHelper.newInstance(UnclosedMongoClient.class, getClass());

  @Test
  void factoryOfAnotherFileCalledWhereNoClientTypeIsNamed() {
    compilationTestHelper
        .addSourceLines(
            "Connections.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.Optional;

            final class Connections {
              static Optional<MongoClient> canConnect(String uri) {
                return Optional.of(MongoClients.create(uri));
              }

              static MongoClient open(String uri) {
                return MongoClients.create(uri);
              }
            }
            """)
        .addSourceLines(
            "Validator.java",
            """
            final class Validator {
              void validate(String uri) {
                // BUG: Diagnostic contains: canConnect() returns an Optional that holds a new
                Connections.canConnect(uri);
              }

              void ping(String uri) {
                // BUG: Diagnostic contains: open() returns a new
                Connections.open(uri).listDatabaseNames().first();
              }

              void checked(String uri) {
                Connections.canConnect(uri).ifPresent(client -> client.close());
                try (var client = Connections.open(uri)) {
                  client.listDatabaseNames().first();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void staticFieldsHolderIdiomAndStaticInitializer() {
    compilationTestHelper
        .addSourceLines(
            "Database.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import com.mongodb.client.MongoDatabase;

            public final class Database {
              private static final MongoClient CLIENT = MongoClients.create("mongodb://localhost");
              private static final MongoDatabase SHOP = MongoClients.create().getDatabase("shop");
              private static final com.mongodb.MongoClient LEGACY;
              private static MongoDatabase orders;

              static {
                com.mongodb.MongoClient legacy = new com.mongodb.MongoClient("localhost");
                LEGACY = legacy;
                MongoClients.create().getDatabase("warm-up");
              }

              private static final class Holder {
                static final com.mongodb.reactivestreams.client.MongoClient REACTIVE =
                    com.mongodb.reactivestreams.client.MongoClients.create();
              }

              static void init() {
                orders = MongoClients.create().getDatabase("orders");
              }
            }
            """)
        .doTest();
  }

  @Test
  void doubleCheckedLazyInitialisationIntoStaticField() {
    compilationTestHelper
        .addSourceLines(
            "Database.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            public final class Database {
              private static volatile MongoClient client;
              private static volatile MongoClient other;
              private static MongoClient lazy;

              public static MongoClient client() {
                MongoClient local = client;
                if (local == null) {
                  synchronized (Database.class) {
                    local = client;
                    if (local == null) {
                      client = local = MongoClients.create();
                    }
                  }
                }
                return local;
              }

              public static MongoClient other() {
                if (other == null) {
                  synchronized (Database.class) {
                    if (other == null) {
                      other = MongoClients.create();
                    }
                  }
                }
                return other;
              }

              static synchronized MongoClient lazy() {
                if (lazy == null) {
                  lazy = MongoClients.create();
                }
                return lazy;
              }
            }
            """)
        .doTest();
  }

  @Test
  void tryWithResourcesAndOwnershipHandedOn() {
    compilationTestHelper
        .addSourceLines(
            "Tools.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.io.Closeable;
            import java.util.function.Supplier;

            class Tools {
              static final class Wrapper implements Closeable {
                private final MongoClient client;

                Wrapper(MongoClient client) {
                  this.client = client;
                }

                @Override
                public void close() {
                  client.close();
                }
              }

              long count(String uri) {
                try (MongoClient client = MongoClients.create(uri)) {
                  return client.getDatabase("x").getCollection("y").countDocuments();
                }
              }

              void java9Resource(String uri) {
                MongoClient client = MongoClients.create(uri);
                try (client) {
                  client.listDatabaseNames().first();
                }
              }

              MongoClient factory(String uri) {
                return MongoClients.create(uri);
              }

              MongoClient factoryThroughLocal(String uri) {
                // BUG: Diagnostic contains: the exception that listDatabaseNames() at line 40 can throw
                MongoClient client = MongoClients.create(uri);
                client.listDatabaseNames().first();
                return client;
              }

              MongoClient factoryThatClosesOnFailure(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                  return client;
                } catch (RuntimeException e) {
                  client.close();
                  throw e;
                }
              }

              Supplier<MongoClient> supplier(String uri) {
                return () -> MongoClients.create(uri);
              }

              Wrapper wrapped(String uri) {
                return new Wrapper(MongoClients.create(uri));
              }

              Wrapper wrappedThroughLocal(String uri) {
                // BUG: Diagnostic contains: local variable legacy, which is never closed
                com.mongodb.MongoClient legacy = new com.mongodb.MongoClient(uri);
                register(legacy);
                return new Wrapper(MongoClients.create(uri));
              }

              void register(Object client) {}

              void arrayElement(String uri, MongoClient[] clients) {
                clients[0] = MongoClients.create(uri);
              }

              void openAndCloseAtOnce(String uri) {
                MongoClients.create(uri).close();
              }
            }
            """)
        .doTest();
  }

  @Test
  void finallyCloses() {
    compilationTestHelper
        .addSourceLines(
            "Tools.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Tools {
              void afterDeclaration(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                } finally {
                  client.close();
                }
              }

              void branchWiseAssignment(boolean primary, String a, String b) {
                MongoClient client;
                if (primary) {
                  client = MongoClients.create(a);
                } else {
                  client = MongoClients.create(b);
                }
                try {
                  client.listDatabaseNames().first();
                } finally {
                  client.close();
                }
              }

              public static void main(String[] args) {
                MongoClient client = MongoClients.create(args[0]);
                Runtime.getRuntime().addShutdownHook(new Thread(client::close));
                com.mongodb.MongoClient legacy = new com.mongodb.MongoClient(args[0]);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> legacy.close()));
                client.listDatabaseNames().first();
                legacy.listDatabaseNames().first();
              }

              void assignedInsideTryWithNullCheck(String uri) {
                MongoClient client = null;
                try {
                  client = MongoClients.create(uri);
                  client.listDatabaseNames().first();
                } finally {
                  if (client != null) {
                    client.close();
                  }
                }
              }

              void reactive(String uri) {
                com.mongodb.reactivestreams.client.MongoClient client =
                    com.mongodb.reactivestreams.client.MongoClients.create(uri);
                try {
                  client.listDatabaseNames();
                } finally {
                  try {
                    client.close();
                  } catch (RuntimeException e) {
                    // ignored
                  }
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void discardedAndChained() {
    compilationTestHelper
        .addSourceLines(
            "Tools.java",
            """
            import com.mongodb.client.MongoClients;
            import com.mongodb.client.MongoCollection;
            import org.bson.Document;

            class Tools {
              private MongoCollection<Document> orders;

              void ping(String uri) {
                // BUG: Diagnostic contains: and discards it
                MongoClients.create(uri);
                // BUG: Diagnostic contains: legacy com.mongodb.MongoClient and discards it
                new com.mongodb.MongoClient(uri);
              }

              long count(String uri) {
                // BUG: Diagnostic contains: [UnclosedMongoClient] MongoClients.create creates a com.mongodb.client.MongoClient and uses it only in a call chain
                return MongoClients.create(uri).getDatabase("shop").getCollection("o").countDocuments();
              }

              void instanceChain(String uri) {
                // BUG: Diagnostic contains: only in a call chain
                orders = MongoClients.create(uri).getDatabase("shop").getCollection("o");
              }

              void reactive(String uri) {
                // BUG: Diagnostic contains: com.mongodb.reactivestreams.client.MongoClient and uses it only in a call chain
                com.mongodb.reactivestreams.client.MongoClients.create(uri).listDatabaseNames();
              }
            }
            """)
        .doTest();
  }

  @Test
  void methodReferences() {
    compilationTestHelper
        .addSourceLines(
            "Tools.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.List;
            import java.util.function.Function;
            import java.util.function.Supplier;

            class Tools {
              Supplier<MongoClient> supplier = MongoClients::create;
              Function<String, com.mongodb.MongoClient> legacy = com.mongodb.MongoClient::new;

              void pingAll(List<String> uris) {
                // BUG: Diagnostic contains: as a method reference to a functional interface that returns nothing
                uris.forEach(MongoClients::create);
              }
            }
            """)
        .doTest();
  }

  @Test
  void localNeverClosedInMethodMainAndLambda() {
    compilationTestHelper
        .addSourceLines(
            "Tools.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Tools {
              public static void main(String[] args) {
                // BUG: Diagnostic contains: local variable client, which is never closed
                MongoClient client = MongoClients.create(args[0]);
                System.out.println(client.listDatabaseNames().first());
              }

              Runnable task(String uri) {
                return () -> {
                  // BUG: Diagnostic contains: local variable legacy, which is never closed
                  com.mongodb.MongoClient legacy = new com.mongodb.MongoClient(uri);
                  legacy.listDatabaseNames().first();
                };
              }
            }
            """)
        .doTest();
  }

  @Test
  void localClosedOnlyOnTheNormalPathOrInSomeBranches() {
    compilationTestHelper
        .addSourceLines(
            "Tools.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Tools {
              void normalPath(String uri) {
                // BUG: Diagnostic contains: closed only on the normal path or in some branches
                MongoClient client = MongoClients.create(uri);
                client.listDatabaseNames().first();
                client.close();
              }

              void someBranches(String uri, boolean done) {
                // BUG: Diagnostic contains: closed only on the normal path or in some branches
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                } finally {
                  if (done) {
                    client.close();
                  }
                }
              }

              void oneBranchClosed(boolean primary, String a, String b) {
                MongoClient client;
                if (primary) {
                  client = MongoClients.create(a);
                  try {
                    client.listDatabaseNames().first();
                  } finally {
                    client.close();
                  }
                } else {
                  // BUG: Diagnostic contains: local variable client
                  client = MongoClients.create(b);
                  client.listDatabaseNames().first();
                }
              }

              void finallyBeforeCreation(String uri) {
                MongoClient client = null;
                try {
                  System.out.println();
                } finally {
                  if (client != null) {
                    client.close();
                  }
                }
                // BUG: Diagnostic contains: which is never closed
                client = MongoClients.create(uri);
                client.listDatabaseNames().first();
              }
            }
            """)
        .doTest();
  }

  @Test
  void instanceFieldOfAnOwnerThatClosesIt() {
    compilationTestHelper
        .addSourceLines(
            "Repositories.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.io.Closeable;

            class Repositories {
              static final class ClosesInClose implements AutoCloseable {
                private final MongoClient client = MongoClients.create();

                @Override
                public void close() {
                  client.close();
                }
              }

              static final class ClosesThroughHelper implements Closeable {
                private final com.mongodb.MongoClient client;

                ClosesThroughHelper(String host) {
                  client = new com.mongodb.MongoClient(host);
                }

                @Override
                public void close() {
                  shutdown();
                }

                private void shutdown() {
                  if (client != null) {
                    client.close();
                  }
                }
              }

              static final class ClosesInPreDestroy {
                private final MongoClient client = MongoClients.create();

                @jakarta.annotation.PreDestroy
                void stop() {
                  client.close();
                }
              }

              static final class ClosesInJavaxPreDestroy {
                private final MongoClient client = MongoClients.create();

                @javax.annotation.PreDestroy
                void stop() {
                  client.close();
                }
              }

              static final class ClosesInShutdownHook {
                private final MongoClient client;
                private final com.mongodb.reactivestreams.client.MongoClient reactive;

                ClosesInShutdownHook(String uri) {
                  this.client = MongoClients.create(uri);
                  this.reactive = com.mongodb.reactivestreams.client.MongoClients.create(uri);
                  Runtime.getRuntime().addShutdownHook(new Thread(client::close));
                  Runtime.getRuntime().addShutdownHook(new Thread(() -> reactive.close()));
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void instanceFieldOfAProcessLivedOwner() {
    compilationTestHelper
        .addSourceLines(
            "org/springframework/web/bind/annotation/RestController.java",
            """
            package org.springframework.web.bind.annotation;

            public @interface RestController {}
            """)
        .addSourceLines(
            "Owners.java",
            """
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.io.InputStream;
            import java.io.OutputStream;

            class Owners {
              enum Mongo {
                INSTANCE;

                private final MongoClient client = MongoClients.create();
              }

              @javax.inject.Singleton
              static final class JavaxSingleton {
                private final MongoClient client = MongoClients.create();
              }

              @jakarta.inject.Singleton
              static final class JakartaSingleton {
                private final MongoClient client = MongoClients.create();
              }

              @com.google.inject.Singleton
              static final class GuiceSingleton {
                private final MongoClient client = MongoClients.create();
              }

              @jakarta.enterprise.context.ApplicationScoped
              static class CdiApplicationScoped {
                private final MongoClient client = MongoClients.create();
              }

              @org.springframework.stereotype.Component
              static final class SpringComponent {
                private final MongoClient client = MongoClients.create();
              }

              @org.springframework.stereotype.Service
              static final class SpringService {
                private final MongoClient client;

                SpringService() {
                  client = MongoClients.create();
                }
              }

              @org.springframework.stereotype.Repository
              static final class SpringRepository {
                private final MongoClient client = MongoClients.create();
              }

              @org.springframework.stereotype.Controller
              static final class SpringController {
                private final MongoClient client = MongoClients.create();
              }

              @org.springframework.web.bind.annotation.RestController
              static final class SpringRestController {
                private final MongoClient client = MongoClients.create();
              }

              @org.springframework.context.annotation.Configuration
              static class SpringConfiguration {
                private final MongoClient client = MongoClients.create();
              }

              static final class EagerSingleton {
                private static final EagerSingleton INSTANCE = new EagerSingleton();
                private final MongoClient client = MongoClients.create();

                private EagerSingleton() {}
              }

              static final class HolderSingleton {
                private final MongoClient client;

                private HolderSingleton() {
                  client = MongoClients.create();
                }

                private static final class Holder {
                  static final HolderSingleton INSTANCE = new HolderSingleton();
                }
              }

              static final class Handler implements RequestHandler<String, String> {
                private final MongoClient client = MongoClients.create(System.getenv("MONGODB_URI"));

                @Override
                public String handleRequest(String input, Context context) {
                  return client.getDatabase("x").getName();
                }
              }

              abstract static class StreamHandler implements RequestStreamHandler {
                private final MongoClient client = MongoClients.create();
              }

              abstract static class JakartaServlet extends jakarta.servlet.http.HttpServlet {
                private final MongoClient client = MongoClients.create();
              }

              abstract static class JavaxServlet extends javax.servlet.http.HttpServlet {
                private final MongoClient client;

                JavaxServlet() {
                  client = MongoClients.create();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void instanceFieldOfAnOwnerThatNeitherClosesNorLives() {
    compilationTestHelper
        .addSourceLines(
            "Repositories.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repositories {
              static final class OrderRepository {
                // BUG: Diagnostic contains: instance field client of OrderRepository, which neither closes it
                private final MongoClient client = MongoClients.create();
              }

              static final class LegacyRepository {
                private final com.mongodb.MongoClient client;

                LegacyRepository(String host) {
                  // BUG: Diagnostic contains: instance field client of LegacyRepository
                  client = new com.mongodb.MongoClient(host);
                }
              }

              static final class ClosesSomethingElse implements AutoCloseable {
                // BUG: Diagnostic contains: instance field client of ClosesSomethingElse
                private final MongoClient client = MongoClients.create();
                private final MongoClient other = MongoClients.create();

                @Override
                public void close() {
                  other.close();
                }
              }

              static final class PublicConstructorWithStaticInstance {
                static final PublicConstructorWithStaticInstance DEFAULT =
                    new PublicConstructorWithStaticInstance();

                // BUG: Diagnostic contains: instance field client of PublicConstructorWithStaticInstance
                private final MongoClient client = MongoClients.create();
              }

              static final class ThroughLocal {
                private MongoClient client;

                ThroughLocal(String uri) {
                  // BUG: Diagnostic contains: local variable created
                  MongoClient created = MongoClients.create(uri);
                  this.client = created;
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void fieldReassignedWithoutClosingTheOldClient() {
    compilationTestHelper
        .addSourceLines(
            "Connections.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private static MongoClient shared;
              private MongoClient client;

              static void configure(String uri) {
                // BUG: Diagnostic contains: assigns it to the field shared, which may already hold a client
                shared = MongoClients.create(uri);
              }

              void reconnect(String uri) {
                // BUG: Diagnostic contains: assigns it to the field client, which may already hold a client
                client = MongoClients.create(uri);
              }

              void reconnectClosingTheOld(String uri) {
                if (client != null) {
                  client.close();
                }
                client = MongoClients.create(uri);
              }

              static void reconfigureClosingTheOld(String uri) {
                shared.close();
                shared = MongoClients.create(uri);
              }

              @jakarta.annotation.PostConstruct
              void start() {
                client = MongoClients.create();
              }
            }
            """)
        .doTest();
  }

  @Test
  void testFixturesSetUpAndTearDown() {
    compilationTestHelper
        .addSourceLines(
            "RepositoryTest.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import org.junit.jupiter.api.AfterAll;
            import org.junit.jupiter.api.AfterEach;
            import org.junit.jupiter.api.BeforeAll;
            import org.junit.jupiter.api.BeforeEach;

            class RepositoryTest {
              private static MongoClient shared;
              private MongoClient client;
              private MongoClient forgotten;

              @BeforeAll
              static void startAll() {
                shared = MongoClients.create();
              }

              @BeforeEach
              void start() {
                client = MongoClients.create();
                // BUG: Diagnostic contains: instance field forgotten of RepositoryTest
                forgotten = MongoClients.create();
              }

              @AfterEach
              void stop() {
                client.close();
              }

              @AfterAll
              static void stopAll() {
                shared.close();
              }
            }
            """)
        .doTest();
  }

  @Test
  void providersManageWhatTheyReturn() {
    compilationTestHelper
        .addSourceLines(
            "Config.java",
            """
            import com.google.inject.Provides;
            import com.google.inject.Singleton;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import com.mongodb.client.MongoDatabase;
            import org.springframework.context.annotation.Bean;

            class Config {
              @Bean
              MongoClient mongoClient() {
                return MongoClients.create();
              }

              @Bean
              MongoDatabase database(MongoClient client) {
                return client.getDatabase("app");
              }

              @Provides
              @Singleton
              MongoClient guiceClient() {
                return MongoClients.create();
              }

              @Bean
              MongoDatabase leakingDatabase() {
                // BUG: Diagnostic contains: in the provider leakingDatabase() but returns only an object made from it
                return MongoClients.create().getDatabase("app");
              }

              @Provides
              @Singleton
              MongoDatabase leakingGuiceDatabase() {
                // BUG: Diagnostic contains: in the provider leakingGuiceDatabase()
                return MongoClients.create().getDatabase("app");
              }
            }
            """)
        .doTest();
  }

  @Test
  void otherProvidersAndScopes() {
    compilationTestHelper
        .addSourceLines(
            "Producers.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import com.mongodb.client.MongoDatabase;
            import jakarta.enterprise.context.ApplicationScoped;
            import jakarta.enterprise.inject.Produces;

            class Producers {
              @Produces
              @ApplicationScoped
              MongoClient client() {
                return MongoClients.create();
              }

              @dagger.Provides
              static com.mongodb.reactivestreams.client.MongoClient reactive() {
                return com.mongodb.reactivestreams.client.MongoClients.create();
              }

              @Produces
              MongoDatabase database() {
                // BUG: Diagnostic contains: in the provider database() but returns only an object made from it
                return MongoClients.create().getDatabase("app");
              }

              MongoDatabase notAProvider() {
                // BUG: Diagnostic contains: uses it only in a call chain
                return MongoClients.create().getDatabase("app");
              }
            }
            """)
        .doTest();
  }

  @Test
  void initializersAndConstructors() {
    compilationTestHelper
        .addSourceLines(
            "Owners.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Owners {
              private final MongoClient fromBlock;

              {
                // BUG: Diagnostic contains: instance field fromBlock of Owners
                fromBlock = MongoClients.create();
              }

              Owners() {
                // BUG: Diagnostic contains: and discards it
                MongoClients.create();
              }
            }
            """)
        .doTest();
  }

  @Test
  void messageSaysWhetherAFixIsOffered() {
    compilationTestHelper
        .addSourceLines(
            "Tools.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Tools {
              void fixable(String uri) {
                // BUG: Diagnostic contains: Declare it in try-with-resources, as the suggested fix does.
                MongoClient client = MongoClients.create(uri);
                client.listDatabaseNames().first();
              }

              void conditional(String a, String b, boolean primary) {
                // BUG: Diagnostic contains: local variable client, which is never closed
                MongoClient client = primary ? MongoClients.create(a) : MongoClients.create(b);
                client.listDatabaseNames().first();
              }

              MongoClient conditionalFactory(String a, boolean primary) {
                return primary ? MongoClients.create(a) : null;
              }

              void notFixable(String uri, boolean done) {
                // BUG: Diagnostic contains: Declare it in try-with-resources, or close it in a finally block.
                MongoClient client = MongoClients.create(uri);
                if (done) {
                  (client).close();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void freshClientFactoryWhoseCallerCloses() {
    compilationTestHelper
        .addSourceLines(
            "Factory.java",
            """
            import com.google.errorprone.annotations.MustBeClosed;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Factory {
              @MustBeClosed
              static MongoClient open(String uri) {
                return MongoClients.create(uri);
              }

              long count(String uri) {
                try (MongoClient client = open(uri)) {
                  return client.getDatabase("x").getCollection("y").countDocuments();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void replacementWrapsTheUsesInTryWithResources() {
    refactoringTestHelper
        .addInputLines(
            "Tools.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Tools {
              long count(String uri) {
                String name = "shop";
                MongoClient client = MongoClients.create(uri);
                long count = client.getDatabase(name).getCollection("o").countDocuments();
                System.out.println(count);
                return 0;
              }
            }
            """)
        .addOutputLines(
            "Tools.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Tools {
              long count(String uri) {
                String name = "shop";
                try (MongoClient client = MongoClients.create(uri)) {
                  long count = client.getDatabase(name).getCollection("o").countDocuments();
                  System.out.println(count);
                  return 0;
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void replacementStopsAfterTheLastUse() {
    refactoringTestHelper
        .addInputLines(
            "Tools.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Tools {
              void print(String uri) {
                MongoClient client = MongoClients.create(uri);
                System.out.println(client.listDatabaseNames().first());
                System.out.println("done");
              }
            }
            """)
        .addOutputLines(
            "Tools.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Tools {
              void print(String uri) {
                try (MongoClient client = MongoClients.create(uri)) {
                  System.out.println(client.listDatabaseNames().first());
                }
                System.out.println("done");
              }
            }
            """)
        .doTest();
  }

  @Test
  void replacementKeepsLocalsDeclaredInsideInScope() {
    refactoringTestHelper
        .addInputLines(
            "Tools.java",
            """
            class Tools {
              public static void main(String[] args) {
                var client = new com.mongodb.MongoClient(args[0]);
                String first = client.listDatabaseNames().first();
                System.out.println(first);
              }

              void more(String uri) {
                com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(uri);
                String first = client.listDatabaseNames().first();
                System.out.println("a");
                System.out.println(first);
              }
            }
            """)
        .addOutputLines(
            "Tools.java",
            """
            class Tools {
              public static void main(String[] args) {
                try (var client = new com.mongodb.MongoClient(args[0])) {
                  String first = client.listDatabaseNames().first();
                  System.out.println(first);
                }
              }

              void more(String uri) {
                try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(uri)) {
                  String first = client.listDatabaseNames().first();
                  System.out.println("a");
                  System.out.println(first);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void replacementMovesTheNormalPathCloseIntoTryWithResources() {
    refactoringTestHelper
        .addInputLines(
            "Tools.java",
            """
            import com.mongodb.reactivestreams.client.MongoClient;
            import com.mongodb.reactivestreams.client.MongoClients;

            class Tools {
              void list(String uri) {
                MongoClient client = MongoClients.create(uri);
                client.listDatabaseNames();
                client.close();
                System.out.println("done");
              }
            }
            """)
        .addOutputLines(
            "Tools.java",
            """
            import com.mongodb.reactivestreams.client.MongoClient;
            import com.mongodb.reactivestreams.client.MongoClients;

            class Tools {
              void list(String uri) {
                try (MongoClient client = MongoClients.create(uri)) {
                  client.listDatabaseNames();
                }
                System.out.println("done");
              }
            }
            """)
        .doTest();
  }

  @Test
  void replacementLeavesUnsafeShapesUnchanged() {
    refactoringTestHelper
        .addInputLines(
            "Tools.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Tools {
              void reassigned(String a, String b) {
                MongoClient client = MongoClients.create(a);
                client.listDatabaseNames().first();
                client = MongoClients.create(b);
                client.listDatabaseNames().first();
              }

              void closedInABranch(String uri, boolean done) {
                MongoClient client = MongoClients.create(uri);
                client.listDatabaseNames().first();
                if (done) {
                  client.close();
                }
              }

              void assignedLater(String uri) {
                MongoClient client;
                client = MongoClients.create(uri);
                client.listDatabaseNames().first();
              }

              void notAClientType(String uri) {
                Object client = MongoClients.create(uri);
                System.out.println(client);
              }

              void chained(String uri) {
                MongoClients.create(uri).listDatabaseNames().first();
              }

              void capturedByATask(String uri, java.util.concurrent.ExecutorService executor) {
                MongoClient client = MongoClients.create(uri);
                executor.execute(() -> client.listDatabaseNames().first());
              }
            }
            """)
        .expectUnchanged()
        .doTest();
  }

  @Test
  void replacementLeavesDerivedValuesThatEscapeUnchanged() {
    refactoringTestHelper
        .addInputLines(
            "Tools.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import com.mongodb.client.MongoCollection;
            import com.mongodb.client.MongoDatabase;
            import org.bson.Document;

            class Tools {
              private MongoCollection<Document> orders;

              MongoDatabase returnsTheDatabase(String uri) {
                MongoClient client = MongoClients.create(uri);
                MongoDatabase database = client.getDatabase("shop");
                return database;
              }

              void storesTheCollection(String uri) {
                MongoClient client = MongoClients.create(uri);
                MongoCollection<Document> collection = client.getDatabase("shop").getCollection("o");
                orders = collection;
              }

              Iterable<Document> returnsTheIterable(String uri) {
                MongoClient client = MongoClients.create(uri);
                var found = client.getDatabase("shop").getCollection("o").find();
                return found;
              }
            }
            """)
        .expectUnchanged()
        .doTest();
  }

  @Test
  void migrationToTheSharedClientWinsOverTryWithResources() {
    BugCheckerRefactoringTestHelper.newInstance(UnclosedMongoClient.class, getClass())
        .setArgs(
            "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
            "-XepOpt:MongoGuard:SharedClient=com.acme.db.Database.client")
        .addInputLines(
            "com/acme/db/Database.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            public final class Database {
              private static final MongoClient CLIENT = MongoClients.create();

              public static MongoClient client() {
                return CLIENT;
              }
            }
            """)
        .expectUnchanged()
        .addInputLines(
            "com/acme/web/Orders.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Orders {
              long count(String uri) {
                MongoClient client = MongoClients.create(uri);
                return client.getDatabase("shop").getCollection("o").countDocuments();
              }
            }
            """)
        .expectUnchanged()
        .doTest();
  }

  @Test
  void migrationWinsButTheLeakIsStillReported() {
    CompilationTestHelper.newInstance(UnclosedMongoClient.class, getClass())
        .setArgs(
            "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
            "-XepOpt:MongoGuard:SharedClient=com.acme.db.Database.client")
        .addSourceLines(
            "com/acme/db/Database.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            public final class Database {
              private static final MongoClient CLIENT = MongoClients.create();

              public static MongoClient client() {
                return CLIENT;
              }
            }
            """)
        .addSourceLines(
            "com/acme/web/Orders.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Orders {
              long count(String uri) {
                // BUG: Diagnostic contains: or close it in a finally block
                MongoClient client = MongoClients.create(uri);
                return client.getDatabase("shop").getCollection("o").countDocuments();
              }
            }
            """)
        .doTest();
  }
}
