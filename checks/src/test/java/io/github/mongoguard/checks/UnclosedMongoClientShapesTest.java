package io.github.mongoguard.checks;

import com.google.errorprone.CompilationTestHelper;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shapes of code through which a client flows in one method, each in a variant that leaks the
 * client and one that does not.
 */
final class UnclosedMongoClientShapesTest {
  private static final String HEADER =
      """
      import com.mongodb.client.ClientSession;
      import com.mongodb.client.MongoClient;
      import com.mongodb.client.MongoClients;
      import com.mongodb.client.MongoDatabase;
      import java.util.List;
      import java.util.Objects;
      import java.util.Optional;
      import java.util.concurrent.CompletableFuture;
      import java.util.function.Supplier;
      import java.util.stream.Stream;

      class Shapes {
        static MongoClient shared;
        static MongoDatabase sharedDatabase;
        MongoDatabase database;

        static void use(MongoClient client) {
          client.listDatabaseNames().first();
        }

        static void keep(MongoClient client) {
          shared = client;
        }

        static void closeQuietly(MongoClient client) {
          try {
            client.close();
          } catch (RuntimeException ignored) {
            // closing anyway
          }
        }

        private static MongoClient open(String uri) {
          return MongoClients.create(uri);
        }

        @MustBeClosed
        static native MongoClient annotated(String uri);

        private static Supplier<MongoClient> supplier(String uri) {
          return () -> MongoClients.create(uri);
        }

        static final class Pooled extends com.mongodb.MongoClient {
          Pooled(String host) {
            super(host);
          }
        }

        static final class Wrapper implements AutoCloseable {
          private final MongoClient client;

          Wrapper(MongoClient client) {
            this.client = client;
          }

          @Override
          public void close() {
            client.close();
          }
        }

        static final class Reader {
          Reader(MongoClient client) {
            client.listDatabaseNames().first();
          }
        }

      """;

  private static final String ANNOTATION =
      """
      import java.lang.annotation.Retention;
      import java.lang.annotation.RetentionPolicy;

      @Retention(RetentionPolicy.CLASS)
      @interface MustBeClosed {}
      """;

  /** Mockito's entry point, declared as its source is: it is not on the test classpath. */
  private static final String MOCKITO =
      """
      package org.mockito;

      public class Mockito {
        public static <T> T verify(T mock) {
          return mock;
        }
      }
      """;

  /** An owner that opens its own client and closes it in {@code close()}. */
  private static final String CONNECTION =
      """
        static final class Connection implements AutoCloseable {
          private final MongoClient client;

          Connection(String uri) {
            client = MongoClients.create(uri);
          }

          long count() {
            return client.getDatabase("app").getCollection("items").countDocuments();
          }

          @Override
          public void close() {
            client.close();
          }
        }

      """;

  /** A static factory that returns a new {@code Connection} through a local. */
  private static final String CONNECT =
      """
        static Connection connect(String uri) {
          Connection connection = new Connection(uri);
          return connection;
        }

      """;

  /** A builder whose {@code build()} returns a new {@code Connection}. */
  private static final String CONNECTION_BUILDER =
      """
        static final class ConnectionBuilder {
          private String uri = "mongodb://localhost";

          ConnectionBuilder uri(String uri) {
            this.uri = uri;
            return this;
          }

          Connection build() {
            return new Connection(uri);
          }
        }

      """;

  /** A factory whose switch returns a new {@code Connection} on every branch. */
  private static final String PICK_A_CONNECTION =
      """
        static Connection pick(int kind) {
          return switch (kind) {
            case 0 -> new Connection("mongodb://primary");
            default -> new Connection("mongodb://secondary");
          };
        }

      """;

  /** An owner whose methods close its client through one another. */
  private static final String SESSION =
      """
        static final class Session implements AutoCloseable {
          private final MongoClient client = MongoClients.create();

          long count() {
            return client.getDatabase("app").getCollection("items").countDocuments();
          }

          String describe() {
            return "items: " + count();
          }

          void finish() {
            release();
          }

          private void release() {
            client.close();
          }

          @Override
          public void close() {
            release();
          }
        }

      """;

  /** A factory whose {@code connect} returns a new client. */
  private static final String FACTORY =
      """
        static final class Factory {
          MongoClient connect(String uri) {
            return MongoClients.create(uri);
          }
        }

      """;

  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(UnclosedMongoClient.class, getClass());

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(
            "localNeverClosed",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: local variable client, which is never closed
                MongoClient client = MongoClients.create(uri);
                client.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames();
                } finally {
                  client.close();
                }
              }
            """),
        Arguments.of(
            "varLocal",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: local variable client
                var client = MongoClients.create(uri);
                client.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                try (var client = MongoClients.create(uri)) {
                  client.listDatabaseNames();
                }
              }
            """),
        Arguments.of(
            "java9TryWithResources",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: skips the close()
                MongoClient client = MongoClients.create(uri);
                client.listDatabaseNames().first();
                try (client) {
                  client.listDatabaseNames();
                }
              }
            """,
            """
              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                try (client) {
                  client.listDatabaseNames().first();
                }
              }
            """),
        Arguments.of(
            "severalResources",
            """
              void run(String a, String b) {
                try (MongoClient first = MongoClients.create(a)) {
                  // BUG: Diagnostic contains: local variable second
                  MongoClient second = MongoClients.create(b);
                  second.listDatabaseNames();
                }
              }
            """,
            """
              void run(String a, String b) {
                try (MongoClient first = MongoClients.create(a);
                    MongoClient second = MongoClients.create(b)) {
                  first.listDatabaseNames();
                  second.listDatabaseNames();
                }
              }
            """),
        Arguments.of(
            "callBetweenCreationAndTry",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: the exception that listDatabaseNames() at line
                MongoClient client = MongoClients.create(uri);
                client.listDatabaseNames().first();
                try {
                  client.listDatabaseNames().first();
                } finally {
                  client.close();
                }
              }
            """,
            """
              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                  client.listDatabaseNames().first();
                } finally {
                  client.close();
                }
              }
            """),
        Arguments.of(
            "normalPathClose",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: closed only on the normal path or in some branches
                MongoClient client = MongoClients.create(uri);
                client.listDatabaseNames().first();
                client.close();
              }
            """,
            """
              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                client.close();
              }
            """),
        Arguments.of(
            "earlyReturn",
            """
              void run(String uri, boolean skip) {
                // BUG: Diagnostic contains: returns at line
                MongoClient client = MongoClients.create(uri);
                if (skip) {
                  return;
                }
                try {
                  client.listDatabaseNames();
                } finally {
                  client.close();
                }
              }
            """,
            """
              void run(String uri, boolean skip) {
                MongoClient client = MongoClients.create(uri);
                try {
                  if (skip) {
                    return;
                  }
                  client.listDatabaseNames();
                } finally {
                  client.close();
                }
              }
            """),
        Arguments.of(
            "retryLoopReassigns",
            """
              void run(String uri) {
                MongoClient client = null;
                for (int i = 0; i < 3; i++) {
                  // BUG: Diagnostic contains: gets another value at line
                  client = MongoClients.create(uri);
                }
                if (client != null) {
                  client.close();
                }
              }
            """,
            """
              void run(String uri) {
                MongoClient client = null;
                for (int i = 0; i < 3; i++) {
                  if (client != null) {
                    client.close();
                  }
                  client = MongoClients.create(uri);
                }
                if (client != null) {
                  client.close();
                }
              }
            """),
        Arguments.of(
            "sequentialOverwrite",
            """
              void run(String a, String b) {
                // BUG: Diagnostic contains: gets another value at line
                MongoClient client = MongoClients.create(a);
                client = MongoClients.create(b);
                client.close();
              }
            """,
            """
              void run(String a, String b) {
                MongoClient client = MongoClients.create(a);
                client.close();
                client = MongoClients.create(b);
                client.close();
              }
            """),
        Arguments.of(
            "castAlias",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                Object client = (Object) MongoClients.create(uri);
                System.out.println(client);
              }
            """,
            """
              void run(String uri) {
                Object client = (Object) MongoClients.create(uri);
                ((MongoClient) client).close();
              }
            """),
        Arguments.of(
            "parentheses",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: local variable client
                MongoClient client = (MongoClients.create(uri));
                client.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                MongoClient client = (MongoClients.create(uri));
                (client).close();
              }
            """),
        Arguments.of(
            "conditionalExpression",
            """
              void run(boolean primary, String a, String b) {
                // BUG: Diagnostic contains: local variable client
                MongoClient client = primary ? MongoClients.create(a) : MongoClients.create(b);
                client.listDatabaseNames();
              }
            """,
            """
              void run(boolean primary, String a, String b) {
                try (MongoClient client = primary ? MongoClients.create(a) : MongoClients.create(b)) {
                  client.listDatabaseNames();
                }
              }
            """),
        Arguments.of(
            "switchExpressionYield",
            """
              void run(String env) {
                MongoClient client =
                    switch (env) {
                      // BUG: Diagnostic contains: UnclosedMongoClient
                      case "test" -> MongoClients.create("mongodb://test");
                      default -> {
                        // BUG: Diagnostic contains: UnclosedMongoClient
                        MongoClient created = MongoClients.create("mongodb://prod");
                        yield created;
                      }
                    };
                client.listDatabaseNames();
              }
            """,
            """
              void run(String env) {
                MongoClient client =
                    switch (env) {
                      case "test" -> MongoClients.create("mongodb://test");
                      default -> {
                        MongoClient created = MongoClients.create("mongodb://prod");
                        yield created;
                      }
                    };
                client.close();
              }
            """),
        Arguments.of(
            "aliasLocal",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                MongoClient alias = client;
                alias.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                MongoClient alias = client;
                alias.close();
              }
            """),
        Arguments.of(
            "patternBinding",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                Object created = MongoClients.create(uri);
                if (created instanceof MongoClient client) {
                  client.listDatabaseNames();
                }
              }
            """,
            """
              void run(String uri) {
                MongoClient created = MongoClients.create(uri);
                try {
                  Object value = created;
                  if (value instanceof MongoClient client) {
                    use(client);
                  }
                } finally {
                  created.close();
                }
              }
            """),
        Arguments.of(
            "optionalPipeline",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = Optional.ofNullable(MongoClients.create(uri)).orElseThrow();
                client.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                MongoClient client = Optional.ofNullable(MongoClients.create(uri)).orElseThrow();
                client.close();
              }
            """),
        Arguments.of(
            "optionalReturned",
            """
              MongoClient run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                Optional<MongoClient> client = Optional.of(MongoClients.create(uri));
                return null;
              }
            """,
            """
              Optional<MongoClient> run(String uri) {
                return Optional.of(MongoClients.create(uri));
              }
            """),
        Arguments.of(
            "streamPipeline",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = Stream.of(MongoClients.create(uri)).findFirst().get();
                client.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                MongoClient client = Stream.of(MongoClients.create(uri)).findFirst().get();
                client.close();
              }
            """),
        Arguments.of(
            "streamCountedAndDropped",
            """
              long run(String uri) {
                // BUG: Diagnostic contains: hands it only to code that neither closes nor keeps it
                return Stream.of(MongoClients.create(uri)).count();
              }
            """,
            """
              long run(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  return Stream.of(client).count();
                } finally {
                  client.close();
                }
              }
            """),
        Arguments.of(
            "streamCollectedIntoAList",
            """
              int run(String uri) {
                List<MongoClient> clients =
                    // BUG: Diagnostic contains: collects it into the collection in the local variable clients
                    Stream.of(MongoClients.create(uri)).collect(java.util.stream.Collectors.toList());
                return clients.size();
              }
            """,
            """
              int run(String uri) {
                List<MongoClient> clients =
                    Stream.of(MongoClients.create(uri)).collect(java.util.stream.Collectors.toList());
                clients.forEach(MongoClient::close);
                return clients.size();
              }
            """),
        Arguments.of(
            "streamToListClosedInALoop",
            """
              boolean run(String uri) {
                // BUG: Diagnostic contains: collects it into the collection in the local variable clients
                List<MongoClient> clients = Stream.of(MongoClients.create(uri)).toList();
                return clients.isEmpty();
              }
            """,
            """
              int run(String uri) {
                List<MongoClient> clients = Stream.of(MongoClients.create(uri)).toList();
                for (MongoClient client : clients) {
                  client.close();
                }
                return clients.size();
              }
            """),
        Arguments.of(
            "completableFuturePipeline",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = CompletableFuture.completedFuture(MongoClients.create(uri)).join();
                client.listDatabaseNames();
              }
            """,
            """
              CompletableFuture<MongoClient> run(String uri) {
                return CompletableFuture.completedFuture(MongoClients.create(uri)).thenApply(c -> c);
              }
            """),
        Arguments.of(
            "supplyAsyncJoined",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: supplyAsync() yields a new com.mongodb.client.MongoClient that its function creates
                MongoClient client = CompletableFuture.supplyAsync(() -> MongoClients.create(uri)).join();
                client.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                try (MongoClient client =
                    CompletableFuture.supplyAsync(() -> MongoClients.create(uri)).join()) {
                  client.listDatabaseNames();
                }
              }
            """),
        Arguments.of(
            "supplyAsyncDiscarded",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                CompletableFuture.supplyAsync(() -> MongoClients.create(uri));
              }
            """,
            """
              void run(String uri) {
                CompletableFuture.supplyAsync(() -> MongoClients.create(uri))
                    .thenAccept(MongoClient::close);
              }
            """),
        Arguments.of(
            "supplyAsyncOfFactory",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = CompletableFuture.supplyAsync(() -> open(uri)).join();
                client.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                MongoClient client = CompletableFuture.supplyAsync(() -> shared).join();
                client.listDatabaseNames();
              }
            """),
        Arguments.of(
            "futureThenApply",
            """
              void run(CompletableFuture<String> uri) {
                // BUG: Diagnostic contains: thenApply() yields a new
                MongoClient client = uri.thenApply(MongoClients::create).join();
                client.listDatabaseNames();
              }
            """,
            """
              CompletableFuture<MongoClient> run(CompletableFuture<String> uri) {
                return uri.thenApply(MongoClients::create);
              }
            """),
        Arguments.of(
            "optionalMapOrElseGet",
            """
              void run(String uri) {
                Optional<String> configured = Optional.ofNullable(uri);
                // BUG: Diagnostic contains: map() yields a new com.mongodb.client.MongoClient that its function creates and keeps it in the local variable client, which is never closed
                MongoClient client = configured.map(MongoClients::create).orElseGet(MongoClients::create);
                client.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                try (MongoClient client =
                    Optional.ofNullable(uri).map(MongoClients::create).orElseGet(MongoClients::create)) {
                  client.listDatabaseNames();
                }
              }
            """),
        Arguments.of(
            "optionalMapKept",
            """
              boolean run(String uri) {
                // BUG: Diagnostic contains: map() yields a new
                Optional<MongoClient> client = Optional.ofNullable(uri).map(MongoClients::create);
                return client.isPresent();
              }
            """,
            """
              Optional<MongoClient> run(String uri) {
                return Optional.ofNullable(uri).map(MongoClients::create);
              }
            """),
        Arguments.of(
            "orElseGetOnEmpty",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: orElseGet() returns a new com.mongodb.client.MongoClient and keeps it in the local variable client
                MongoClient client = Optional.<MongoClient>empty().orElseGet(() -> MongoClients.create(uri));
                client.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                // Either the shared client or a new one, closed when it is the new one.
                MongoClient client = Optional.ofNullable(shared).orElseGet(() -> MongoClients.create(uri));
                try {
                  client.listDatabaseNames();
                } finally {
                  if (client != shared) {
                    client.close();
                  }
                }
              }
            """),
        Arguments.of(
            "optionalMapToShared",
            """
              void run(Optional<String> uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = uri.map(u -> MongoClients.create(u)).orElseThrow();
                client.listDatabaseNames();
              }
            """,
            """
              void run(Optional<String> uri) {
                MongoClient client = uri.map(u -> shared).orElseThrow();
                client.listDatabaseNames();
              }
            """),
        Arguments.of(
            "factoryThroughPipeline",
            """
              private static MongoClient connect(String uri) {
                return CompletableFuture.supplyAsync(() -> MongoClients.create(uri)).join();
              }

              void run(String uri) {
                // BUG: Diagnostic contains: connect() returns a new com.mongodb.client.MongoClient
                MongoClient client = connect(uri);
                client.listDatabaseNames();
              }
            """,
            """
              private static MongoClient connect(String uri) {
                return CompletableFuture.supplyAsync(() -> MongoClients.create(uri)).join();
              }

              void run(String uri) {
                try (MongoClient client = connect(uri)) {
                  client.listDatabaseNames();
                }
              }
            """),
        Arguments.of(
            "futureStepOnlyReadsTheClient",
            """
              String run(String uri) {
                // BUG: Diagnostic contains: uses it only in a call chain
                return CompletableFuture.supplyAsync(() -> MongoClients.create(uri))
                    .thenApply(client -> client.listDatabaseNames().first())
                    .join();
              }
            """,
            """
              void run(String uri) {
                CompletableFuture.supplyAsync(() -> MongoClients.create(uri))
                    .whenComplete(
                        (client, failure) -> {
                          if (client != null) {
                            client.close();
                          }
                        });
              }
            """),
        Arguments.of(
            "optionalMapOnlyReadsTheClient",
            """
              String run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                return Optional.of(MongoClients.create(uri))
                    .map(client -> client.listDatabaseNames().first())
                    .orElse("none");
              }
            """,
            """
              String run(String uri) {
                return Optional.of(MongoClients.create(uri))
                    .map(
                        client -> {
                          try (client) {
                            return client.listDatabaseNames().first();
                          }
                        })
                    .orElse("none");
              }
            """),
        Arguments.of(
            "optionalMapOfItsValue",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: local variable client, which is never closed
                MongoClient client = Optional.of(MongoClients.create(uri)).map(c -> c).orElseThrow();
                client.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                try (MongoClient client = Optional.of(MongoClients.create(uri)).map(c -> c).orElseThrow()) {
                  client.listDatabaseNames();
                }
              }
            """),
        Arguments.of(
            "closedUnlessHandedOut",
            """
              MongoClient run(String uri) {
                boolean handedOut = false;
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                try {
                  handedOut = true;
                  client.listDatabaseNames().first();
                  return client;
                } finally {
                  if (!handedOut) {
                    client.close();
                  }
                }
              }
            """,
            """
              MongoClient run(String uri) {
                boolean handedOut = false;
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                  handedOut = true;
                  return client;
                } finally {
                  if (!handedOut) {
                    client.close();
                  }
                }
              }
            """),
        Arguments.of(
            "closedUnlessHandedOutInARetryLoop",
            """
              MongoClient run(String uri, int attempts) {
                for (int attempt = 1; ; attempt++) {
                  boolean handedOut = false;
                  // BUG: Diagnostic contains: UnclosedMongoClient
                  MongoClient client = MongoClients.create(uri);
                  try {
                    client.listDatabaseNames().first();
                    handedOut = true;
                    return client;
                  } catch (com.mongodb.MongoException e) {
                    if (attempt >= attempts) {
                      throw e;
                    }
                  } finally {
                    if (handedOut) {
                      client.close();
                    }
                  }
                }
              }
            """,
            """
              MongoClient run(String uri, int attempts) {
                for (int attempt = 1; ; attempt++) {
                  boolean handedOut = false;
                  MongoClient client = MongoClients.create(uri);
                  try {
                    client.listDatabaseNames().first();
                    handedOut = true;
                    return client;
                  } catch (com.mongodb.MongoException e) {
                    if (attempt >= attempts) {
                      throw e;
                    }
                  } finally {
                    if (!handedOut) {
                      client.close();
                    }
                  }
                }
              }
            """),
        Arguments.of(
            "closedWhereTheFlagThatCreatedItHolds",
            """
              void run(boolean isolated, String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = isolated ? MongoClients.create(uri) : shared;
                try {
                  client.listDatabaseNames().first();
                } finally {
                  if (!isolated) {
                    client.close();
                  }
                }
              }
            """,
            """
              void run(boolean isolated, String uri) {
                MongoClient client = isolated ? MongoClients.create(uri) : shared;
                try {
                  client.listDatabaseNames().first();
                } finally {
                  if (isolated) {
                    client.close();
                  }
                }
              }
            """),
        Arguments.of(
            "createdOnlyWhenNoneIsGiven",
            """
              void run(MongoClient given, String uri) {
                boolean owned = given == null;
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = owned ? MongoClients.create(uri) : given;
                client.listDatabaseNames().first();
                if (owned) {
                  client.close();
                }
              }
            """,
            """
              void run(MongoClient given, String uri) {
                boolean owned = given == null;
                MongoClient client = owned ? MongoClients.create(uri) : given;
                try {
                  client.listDatabaseNames().first();
                } finally {
                  if (owned) {
                    client.close();
                  }
                }
              }
            """),
        Arguments.of(
            "optionalOfANewClientDiscarded",
            """
              void validate(String uri) {
                // BUG: Diagnostic contains: returns an Optional that holds a new
                connect(uri, true);
              }
            """ + """

              static Optional<MongoClient> connect(String uri, boolean check) {
                MongoClient client = MongoClients.create(uri);
                if (!check) {
                  client.close();
                  return Optional.empty();
                }
                return Optional.of(client);
              }
""",
            """
              void validate(String uri) {
                connect(uri, true).ifPresent(MongoClient::close);
              }
            """ + """

              static Optional<MongoClient> connect(String uri, boolean check) {
                MongoClient client = MongoClients.create(uri);
                if (!check) {
                  client.close();
                  return Optional.empty();
                }
                return Optional.of(client);
              }
"""),
        Arguments.of(
            "optionalOfANewClientKeptInALocal",
            """
              boolean validate(String uri) {
                // BUG: Diagnostic contains: ifPresent(MongoClient::close)
                Optional<MongoClient> connected = connect(uri, true);
                return connected.isPresent();
              }
            """ + """

              static Optional<MongoClient> connect(String uri, boolean check) {
                MongoClient client = MongoClients.create(uri);
                if (!check) {
                  client.close();
                  return Optional.empty();
                }
                return Optional.of(client);
              }
""",
            """
              boolean validate(String uri) {
                Optional<MongoClient> connected = connect(uri, true);
                connected.ifPresent(
                    client -> {
                      try {
                        client.listDatabaseNames().first();
                      } finally {
                        client.close();
                      }
                    });
                return connected.isPresent();
              }
            """ + """

              static Optional<MongoClient> connect(String uri, boolean check) {
                MongoClient client = MongoClients.create(uri);
                if (!check) {
                  client.close();
                  return Optional.empty();
                }
                return Optional.of(client);
              }
"""),
        Arguments.of(
            "clientTakenFromAnOptionalOfANewClient",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: Declare it in try-with-resources
                MongoClient client = connect(uri, false).orElseThrow();
                client.listDatabaseNames().first();
              }
            """ + """

              static Optional<MongoClient> connect(String uri, boolean check) {
                MongoClient client = MongoClients.create(uri);
                if (!check) {
                  client.close();
                  return Optional.empty();
                }
                return Optional.of(client);
              }
""",
            """
              void run(String uri) {
                try (MongoClient client = connect(uri, false).orElseThrow()) {
                  client.listDatabaseNames().first();
                }
              }
            """ + """

              static Optional<MongoClient> connect(String uri, boolean check) {
                MongoClient client = MongoClients.create(uri);
                if (!check) {
                  client.close();
                  return Optional.empty();
                }
                return Optional.of(client);
              }
"""),
        Arguments.of(
            "ownMethodBeforeTheTry",
            """
              private String name;

              void run(String uri) {
                // BUG: Diagnostic contains: the exception that requireName()
                MongoClient client = MongoClients.create(uri);
                String database = requireName();
                try {
                  client.getDatabase(database).drop();
                } finally {
                  client.close();
                }
              }

              private String requireName() {
                if (name == null) {
                  throw new IllegalStateException("no database name");
                }
                return name;
              }
            """,
            """
              private String name;

              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                String database = name();
                try {
                  client.getDatabase(database).drop();
                } finally {
                  client.close();
                }
              }

              private String name() {
                return name == null ? "app" : name.trim();
              }
            """),
        Arguments.of(
            "ownMethodThatCallsAThrowingOneBeforeTheTry",
            """
              private String name;

              void run(String uri) {
                // BUG: Diagnostic contains: the exception that describe()
                MongoClient client = MongoClients.create(uri);
                String description = describe();
                try {
                  client.getDatabase(description).drop();
                } finally {
                  client.close();
                }
              }

              private String describe() {
                return "db-" + requireName();
              }

              private String requireName() {
                if (name == null) {
                  throw new IllegalStateException("no database name");
                }
                return name;
              }
            """,
            """
              private String name;

              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                String description = describe();
                try {
                  client.getDatabase(description).drop();
                } finally {
                  client.close();
                }
              }

              private String describe() {
                return "db-" + name();
              }

              private String name() {
                return name;
              }
            """),
        Arguments.of(
            "libraryMethodBeforeTheTry",
            """
              void run(String uri, java.io.File file) throws java.io.IOException {
                // BUG: Diagnostic contains: the exception that read()
                MongoClient client = MongoClients.create(uri);
                String name =
                    com.google.common.io.Files.asCharSource(
                            file, java.nio.charset.StandardCharsets.UTF_8)
                        .read();
                try {
                  client.getDatabase(name).drop();
                } finally {
                  client.close();
                }
              }
            """,
            """
              void run(String uri, String configured) {
                MongoClient client = MongoClients.create(uri);
                String name = com.google.common.base.Strings.nullToEmpty(configured);
                try {
                  client.getDatabase(name).drop();
                } finally {
                  client.close();
                }
              }
            """),
        Arguments.of(
            "retryThatClosesOnTheDriversFailure",
            """
              MongoClient connect(String uri) {
                for (int attempt = 0; attempt < 3; attempt++) {
                  // BUG: Diagnostic contains: the exception that listDatabaseNames()
                  MongoClient client = MongoClients.create(uri);
                  try {
                    client.listDatabaseNames().first();
                    return client;
                  } catch (IllegalArgumentException e) {
                    client.close();
                  }
                }
                throw new IllegalStateException("no server");
              }
            """,
            """
              MongoClient connect(String uri) {
                for (int attempt = 0; attempt < 3; attempt++) {
                  MongoClient client = MongoClients.create(uri);
                  try {
                    client.listDatabaseNames().first();
                    return client;
                  } catch (com.mongodb.MongoException e) {
                    client.close();
                  }
                }
                throw new IllegalStateException("no server");
              }
            """),
        Arguments.of(
            "outerCatchThatClosesOnTheDriversFailure",
            """
              MongoClient connect(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                try {
                  try {
                    client.listDatabaseNames().first();
                  } catch (com.mongodb.MongoTimeoutException e) {
                    client.listDatabaseNames().first();
                  }
                  return client;
                } catch (com.mongodb.MongoCommandException e) {
                  client.close();
                  throw e;
                }
              }
            """,
            """
              MongoClient connect(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  try {
                    client.listDatabaseNames().first();
                  } catch (com.mongodb.MongoTimeoutException e) {
                    client.listDatabaseNames().first();
                  }
                  return client;
                } catch (com.mongodb.MongoException | IllegalStateException e) {
                  client.close();
                  throw e;
                }
              }
            """),
        Arguments.of(
            "ownCallInATryThatClosesOnTheDriversFailure",
            """
              MongoClient connect(String uri, List<String> names) {
                // BUG: Diagnostic contains: the exception that validate()
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                  validate(names);
                  return client;
                } catch (com.mongodb.MongoException e) {
                  client.close();
                  throw e;
                }
              }

              static void validate(List<String> names) {
                if (names.contains(null)) {
                  throw new IllegalArgumentException("a null name");
                }
              }
            """,
            """
              MongoClient connect(String uri, List<String> names) {
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                  validate(names);
                  return client;
                } catch (RuntimeException e) {
                  client.close();
                  throw e;
                }
              }

              static void validate(List<String> names) {
                if (names.contains(null)) {
                  throw new IllegalArgumentException("a null name");
                }
              }
            """),
        Arguments.of(
            "throwingCallAfterABranchThatCloses",
            """
              MongoClient run(String uri, List<String> names) {
                // BUG: Diagnostic contains: on a path where it is still open, the exception that validate()
                MongoClient client = MongoClients.create(uri);
                if (names.isEmpty()) {
                  client.close();
                  return null;
                }
                validate(names);
                return client;
              }

              static void validate(List<String> names) {
                if (names.contains(null)) {
                  throw new IllegalArgumentException("a null name");
                }
              }
            """,
            """
              MongoClient run(String uri, List<String> names) {
                validate(names);
                MongoClient client = MongoClients.create(uri);
                if (names.isEmpty()) {
                  client.close();
                  return null;
                }
                return client;
              }

              static void validate(List<String> names) {
                if (names.contains(null)) {
                  throw new IllegalArgumentException("a null name");
                }
              }
            """),
        Arguments.of(
            "throwingCallAfterACatchThatCloses",
            """
              MongoClient run(String uri, List<String> names) throws InterruptedException {
                // BUG: Diagnostic contains: can throw leaves the method (closed at line
                MongoClient client = MongoClients.create(uri);
                try {
                  Thread.sleep(1);
                } catch (InterruptedException e) {
                  client.close();
                  throw e;
                }
                validate(names);
                return client;
              }

              static void validate(List<String> names) {
                if (names.contains(null)) {
                  throw new IllegalArgumentException("a null name");
                }
              }
            """,
            """
              MongoClient run(String uri, List<String> names) throws InterruptedException {
                MongoClient client = MongoClients.create(uri);
                try {
                  Thread.sleep(1);
                  validate(names);
                } catch (InterruptedException | RuntimeException e) {
                  client.close();
                  throw e;
                }
                return client;
              }

              static void validate(List<String> names) {
                if (names.contains(null)) {
                  throw new IllegalArgumentException("a null name");
                }
              }
            """),
        Arguments.of(
            "accessorWithAnArgumentBeforeTheTry",
            """
              void run(String uri, String name) {
                // BUG: Diagnostic contains: the exception that getDatabase() at line 72 can throw skips the close()
                MongoClient client = MongoClients.create(uri);
                MongoDatabase database = client.getDatabase(name);
                try {
                  database.drop();
                } finally {
                  client.close();
                }
              }
            """,
            """
              void run(String uri, String name) {
                MongoClient client = MongoClients.create(uri);
                String description = client.getClusterDescription().getShortDescription();
                try {
                  client.getDatabase(name).drop();
                } finally {
                  client.close();
                }
              }
            """),
        Arguments.of(
            "helperThatClosesThroughAPatternBinding",
            """
              static void release(Object resource) {
                System.out.println("releasing " + resource);
              }

              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                } finally {
                  release(client);
                }
              }
            """,
            """
              static void release(Object resource) {
                if (resource instanceof MongoClient client) {
                  client.close();
                }
              }

              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                } finally {
                  release(client);
                }
              }
            """),
        Arguments.of(
            "factoryThatRetriesByRecursion",
            """
              private static MongoClient connect(String uri, int attempts) {
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                  return client;
                } catch (RuntimeException e) {
                  client.close();
                  if (attempts <= 1) {
                    throw e;
                  }
                }
                return connect(uri, attempts - 1);
              }

              void run(String uri) {
                // BUG: Diagnostic contains: connect() returns a new com.mongodb.client.MongoClient
                MongoClient client = connect(uri, 3);
                client.listDatabaseNames();
              }
            """,
            """
              private static MongoClient connect(String uri, int attempts) {
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                  return client;
                } catch (RuntimeException e) {
                  client.close();
                  if (attempts <= 1) {
                    throw e;
                  }
                }
                return connect(uri, attempts - 1);
              }

              void run(String uri) {
                try (MongoClient client = connect(uri, 3)) {
                  client.listDatabaseNames();
                }
              }
            """),
        Arguments.of(
            "createdOnlyWhenTheGivenOneIsNull",
            """
              long run(MongoClient given, String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = given != null ? given : MongoClients.create(uri);
                try {
                  return client.getDatabase("app").getCollection("jobs").countDocuments();
                } finally {
                  if (given != null) {
                    client.close();
                  }
                }
              }
            """,
            """
              long run(MongoClient given, String uri) {
                MongoClient client = given != null ? given : MongoClients.create(uri);
                try {
                  return client.getDatabase("app").getCollection("jobs").countDocuments();
                } finally {
                  if (given == null) {
                    client.close();
                  }
                }
              }
            """),
        Arguments.of(
            "choiceBetweenTwoNewClients",
            """
              String run(boolean primary, String a, String b) {
                // BUG: Diagnostic contains: local variable first
                MongoClient first = MongoClients.create(a);
                // BUG: Diagnostic contains: local variable second
                MongoClient second = MongoClients.create(b);
                MongoClient chosen = primary ? first : second;
                try {
                  return chosen.listDatabaseNames().first();
                } finally {
                  chosen.close();
                }
              }
            """,
            """
              String run(boolean primary, String a, String b) {
                try (MongoClient first = MongoClients.create(a);
                    MongoClient second = MongoClients.create(b)) {
                  MongoClient chosen = primary ? first : second;
                  return chosen.listDatabaseNames().first();
                }
              }
            """),
        Arguments.of(
            "requireNonNull",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = Objects.requireNonNull(MongoClients.create(uri));
                client.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                MongoClient client = Objects.requireNonNull(MongoClients.create(uri));
                client.close();
              }
            """),
        Arguments.of(
            "returnedFromFactory",
            """
              MongoClient run(String uri) {
                // BUG: Diagnostic contains: returns at line
                MongoClient client = MongoClients.create(uri);
                return shared;
              }
            """,
            """
              MongoClient run(String uri) {
                MongoClient client = MongoClients.create(uri);
                return client;
              }
            """),
        Arguments.of(
            "returnedConditional",
            """
              MongoClient run(boolean primary, String a, String b) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient first = MongoClients.create(a);
                return primary ? shared : MongoClients.create(b);
              }
            """,
            """
              MongoClient run(boolean primary, String a, String b) {
                return primary ? MongoClients.create(a) : MongoClients.create(b);
              }
            """),
        Arguments.of(
            "storedInStaticField",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                MongoClient copy = client;
              }
            """,
            """
              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                shared = client;
              }
            """),
        Arguments.of(
            "derivedStoredInField",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: uses it only in a call chain whose result is kept in the instance field database
                database = MongoClients.create(uri).getDatabase("app");
              }
            """,
            """
              void run(String uri) {
                sharedDatabase = MongoClients.create(uri).getDatabase("app");
              }
            """),
        Arguments.of(
            "derivedReturned",
            """
              MongoDatabase run(String uri) {
                // BUG: Diagnostic contains: only in a call chain
                return MongoClients.create(uri).getDatabase("app");
              }
            """,
            """
              MongoClient run(String uri) {
                return MongoClients.create(uri);
              }
            """),
        Arguments.of(
            "derivedLocalReturned",
            """
              MongoDatabase run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                MongoDatabase db = client.getDatabase("app");
                return db;
              }
            """,
            """
              long run(String uri) {
                try (MongoClient client = MongoClients.create(uri)) {
                  MongoDatabase db = client.getDatabase("app");
                  return db.getCollection("c").countDocuments();
                }
              }
            """),
        Arguments.of(
            "discarded",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: and discards it
                MongoClients.create(uri);
              }
            """,
            """
              void run(String uri) {
                MongoClients.create(uri).close();
              }
            """),
        Arguments.of(
            "discardedLegacy",
            """
              void run(String host) {
                // BUG: Diagnostic contains: legacy com.mongodb.MongoClient and discards it
                new com.mongodb.MongoClient(host);
              }
            """,
            """
              void run(String host) {
                new com.mongodb.MongoClient(host).close();
              }
            """),
        Arguments.of(
            "passedToNonOwningHelper",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: local variable client, which is never closed
                MongoClient client = MongoClients.create(uri);
                use(client);
              }
            """,
            """
              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                keep(client);
              }
            """),
        Arguments.of(
            "passedTemporaryToNonOwningHelper",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: hands it only to code that neither closes nor keeps it
                use(MongoClients.create(uri));
              }
            """,
            """
              void run(String uri) {
                keep(MongoClients.create(uri));
              }
            """),
        Arguments.of(
            "addedToLocalList",
            """
              void run(List<String> uris) {
                List<MongoClient> clients = new java.util.ArrayList<>();
                for (String uri : uris) {
                  // BUG: Diagnostic contains: adds it to the collection in the local variable clients
                  clients.add(MongoClients.create(uri));
                }
                System.out.println(clients.size() + " clients, empty: " + clients.isEmpty());
              }
            """,
            """
              void run(List<String> uris) {
                List<MongoClient> clients = new java.util.ArrayList<>();
                for (String uri : uris) {
                  clients.add(MongoClients.create(uri));
                }
                System.out.println(clients.size() + " clients");
                clients.forEach(MongoClient::close);
              }
            """),
        Arguments.of(
            "addedToLocalListThroughAlias",
            """
              void run(List<String> uris) {
                List<MongoClient> clients = new java.util.ArrayList<>(uris.size());
                for (String uri : uris) {
                  // BUG: Diagnostic contains: adds it to the collection in the local variable clients
                  MongoClient client = MongoClients.create(uri);
                  clients.add(client);
                }
                clients.clear();
              }
            """,
            """
              void run(List<String> uris) {
                List<MongoClient> clients = new java.util.ArrayList<>(uris.size());
                try {
                  for (String uri : uris) {
                    MongoClient client = MongoClients.create(uri);
                    clients.add(client);
                  }
                } finally {
                  for (MongoClient client : clients) {
                    client.close();
                  }
                }
              }
            """),
        Arguments.of(
            "putInLocalMap",
            """
              void run(List<String> uris) {
                java.util.Map<String, MongoClient> byUri = new java.util.HashMap<>();
                for (String uri : uris) {
                  // BUG: Diagnostic contains: UnclosedMongoClient
                  byUri.put(uri, MongoClients.create(uri));
                }
                System.out.println(byUri.containsKey("a"));
              }
            """,
            """
              void run(List<String> uris) {
                java.util.Map<String, MongoClient> byUri = new java.util.HashMap<>();
                for (String uri : uris) {
                  byUri.put(uri, MongoClients.create(uri));
                }
                byUri.values().forEach(MongoClient::close);
              }
            """),
        Arguments.of(
            "pushedOnLocalDequeThenEarlyReturn",
            """
              java.util.Deque<MongoClient> run(String uri, boolean skip) {
                java.util.Deque<MongoClient> stack = new java.util.ArrayDeque<>();
                // BUG: Diagnostic contains: drops when it returns at line
                stack.push(MongoClients.create(uri));
                if (skip) {
                  return null;
                }
                return stack;
              }
            """,
            """
              java.util.Deque<MongoClient> run(String uri, boolean skip) {
                java.util.Deque<MongoClient> stack = new java.util.ArrayDeque<>();
                stack.push(MongoClients.create(uri));
                if (skip) {
                  stack.forEach(MongoClient::close);
                  return null;
                }
                return stack;
              }
            """),
        Arguments.of(
            "localListCapturedByShutdownHook",
            """
              void run(String uri) {
                List<MongoClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
                // BUG: Diagnostic contains: UnclosedMongoClient
                clients.add(MongoClients.create(uri));
                Runnable report = () -> System.out.println("started");
                report.run();
              }
            """,
            """
              void run(String uri) {
                List<MongoClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
                clients.add(MongoClients.create(uri));
                Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> clients.forEach(MongoClient::close)));
              }
            """),
        Arguments.of(
            "localListHandedOn",
            """
              void run(String uri) {
                List<MongoClient> clients = new java.util.LinkedList<>();
                // BUG: Diagnostic contains: UnclosedMongoClient
                clients.add(MongoClients.create(uri));
                System.out.println(clients);
              }
            """,
            """
              void run(String uri) {
                List<MongoClient> clients = new java.util.LinkedList<>();
                clients.add(MongoClients.create(uri));
                register(clients);
              }

              static void register(List<MongoClient> clients) {
                clients.forEach(MongoClient::close);
              }
            """),
        Arguments.of(
            "processExitOnFailureBranch",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: another branch reaches the end of the method
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                  client.close();
                } catch (RuntimeException e) {
                  System.err.println("failed: " + e.getMessage());
                }
              }
            """,
            """
              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                  client.close();
                } catch (RuntimeException e) {
                  System.err.println("failed: " + e.getMessage());
                  System.exit(1);
                }
              }
            """),
        Arguments.of(
            "runtimeHaltBeforeReturn",
            """
              void run(String uri, boolean fatal) {
                // BUG: Diagnostic contains: the method returns at line
                MongoClient client = MongoClients.create(uri);
                if (fatal) {
                  return;
                }
                client.close();
              }
            """,
            """
              void run(String uri, boolean fatal) {
                MongoClient client = MongoClients.create(uri);
                if (fatal) {
                  Runtime.getRuntime().halt(2);
                  return;
                }
                client.close();
              }
            """),
        Arguments.of(
            "optionalConsumerThatOnlyReads",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: hands it only to code that neither closes nor keeps it
                Optional.ofNullable(uri).map(MongoClients::create)
                    .ifPresent(c -> System.out.println(c.listDatabaseNames().first()));
              }
            """,
            """
              void run(String uri) {
                Optional.ofNullable(uri).map(MongoClients::create)
                    .ifPresent(c -> {
                      try (c) {
                        System.out.println(c.listDatabaseNames().first());
                      }
                    });
              }
            """),
        Arguments.of(
            "futureConsumerThatOnlyReads",
            """
              CompletableFuture<Void> run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                return CompletableFuture.supplyAsync(() -> MongoClients.create(uri))
                    .thenAccept(c -> c.getDatabase("app").getCollection("items").countDocuments());
              }
            """,
            """
              CompletableFuture<Void> run(String uri) {
                return CompletableFuture.supplyAsync(() -> MongoClients.create(uri))
                    .thenAccept(MongoClient::close);
              }
            """),
        Arguments.of(
            "futureClosedByALaterStage",
            """
              CompletableFuture<String> run(String uri) {
                CompletableFuture<MongoClient> connecting =
                    // BUG: Diagnostic contains: UnclosedMongoClient
                    CompletableFuture.supplyAsync(() -> MongoClients.create(uri));
                return connecting
                    .thenApply(c -> c.getDatabase("admin").getName())
                    .whenComplete((name, e) -> connecting.thenAccept(c -> c.listDatabaseNames()));
              }
            """,
            """
              CompletableFuture<String> run(String uri) {
                CompletableFuture<MongoClient> connecting =
                    CompletableFuture.supplyAsync(() -> MongoClients.create(uri));
                return connecting
                    .thenApply(c -> c.getDatabase("admin").getName())
                    .whenComplete((name, e) -> connecting.thenAccept(MongoClient::close));
              }
            """),
        Arguments.of(
            "addedToCollectionField",
            """
              private final List<MongoClient> clients = new java.util.ArrayList<>();

              void run(String uri) {
                // BUG: Diagnostic contains: adds it to the collection in the instance field clients
                clients.add(MongoClients.create(uri));
              }
            """,
            """
              private final List<MongoClient> clients = new java.util.ArrayList<>();

              void run(String uri) {
                clients.add(MongoClients.create(uri));
              }

              @javax.annotation.PreDestroy
              void stop() {
                clients.forEach(MongoClient::close);
              }
            """),
        Arguments.of(
            "computedIntoMapField",
            """
              private final java.util.Map<String, MongoClient> byUri =
                  new java.util.concurrent.ConcurrentHashMap<>();

              MongoClient client(String uri) {
                // BUG: Diagnostic contains: adds it to the collection in the instance field byUri
                return byUri.computeIfAbsent(uri, MongoClients::create);
              }
            """,
            """
              private final java.util.Map<String, MongoClient> byUri =
                  new java.util.concurrent.ConcurrentHashMap<>();

              MongoClient client(String uri) {
                return byUri.computeIfAbsent(uri, key -> MongoClients.create(key));
              }

              @javax.annotation.PreDestroy
              void stop() {
                byUri.values().forEach(MongoClient::close);
              }
            """),
        Arguments.of(
            "pushedOnDequeField",
            """
              private final java.util.Deque<MongoClient> pool = new java.util.ArrayDeque<>();

              void grow(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                pool.push(MongoClients.create(uri));
              }
            """,
            """
              private final java.util.Deque<MongoClient> pool = new java.util.ArrayDeque<>();

              void grow(String uri) {
                pool.push(MongoClients.create(uri));
              }

              @javax.annotation.PreDestroy
              void stop() {
                for (MongoClient client : pool) {
                  client.close();
                }
              }
            """),
        Arguments.of(
            "orElseGetOnAnOptionalOfUnknownContent",
            """
              private final java.util.Map<String, MongoClient> cache = new java.util.HashMap<>();

              long run(String uri) {
                MongoClient client =
                    // BUG: Diagnostic contains: when the Optional is empty
                    Optional.ofNullable(cache.get(uri)).orElseGet(() -> MongoClients.create(uri));
                return client.getDatabase("app").getCollection("items").countDocuments();
              }
            """,
            """
              private final java.util.Map<String, MongoClient> cache = new java.util.HashMap<>();

              long run(String uri) {
                MongoClient client =
                    Optional.ofNullable(cache.get(uri)).orElseGet(() -> MongoClients.create(uri));
                cache.putIfAbsent(uri, client);
                return client.getDatabase("app").getCollection("items").countDocuments();
              }
            """),
        Arguments.of(
            "factoryThatAlsoRegistersWhatItReturns",
            """
              private static MongoClient connect(String uri) {
                MongoClient client = MongoClients.create(uri);
                System.out.println("connected to " + client);
                return client;
              }

              long run(String uri) {
                // BUG: Diagnostic contains: connect() returns a new
                MongoClient client = connect(uri);
                return client.getDatabase("app").getCollection("items").countDocuments();
              }
            """,
            """
              private static final List<MongoClient> REGISTRY = new java.util.ArrayList<>();

              private static MongoClient connect(String uri) {
                MongoClient client = MongoClients.create(uri);
                REGISTRY.add(client);
                return client;
              }

              long run(String uri) {
                MongoClient client = connect(uri);
                return client.getDatabase("app").getCollection("items").countDocuments();
              }
            """),
        Arguments.of(
            "supplierThatAlsoCachesWhatItReturns",
            """
              long run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = CompletableFuture.supplyAsync(() -> {
                  MongoClient created = MongoClients.create(uri);
                  System.out.println("connected " + created);
                  return created;
                }).join();
                return client.getDatabase("app").getCollection("items").countDocuments();
              }
            """,
            """
              long run(String uri) {
                MongoClient client = CompletableFuture.supplyAsync(() -> {
                  MongoClient created = MongoClients.create(uri);
                  keep(created);
                  return created;
                }).join();
                return client.getDatabase("app").getCollection("items").countDocuments();
              }
            """),
        Arguments.of(
            "flagTestedAgainAfterAMerge",
            """
              MongoClient run(List<String> uris) throws InterruptedException {
                for (String uri : uris) {
                  // BUG: Diagnostic contains: UnclosedMongoClient
                  MongoClient candidate = MongoClients.create(uri);
                  boolean ok = false;
                  try {
                    ok = candidate.listDatabaseNames().first() != null;
                  } finally {
                    if (ok) {
                      candidate.close();
                    }
                  }
                  if (ok) {
                    return candidate;
                  }
                  Thread.sleep(100);
                }
                return null;
              }
            """,
            """
              MongoClient run(List<String> uris) throws InterruptedException {
                for (String uri : uris) {
                  MongoClient candidate = MongoClients.create(uri);
                  boolean ok = false;
                  try {
                    ok = candidate.listDatabaseNames().first() != null;
                  } finally {
                    if (!ok) {
                      candidate.close();
                    }
                  }
                  if (ok) {
                    return candidate;
                  }
                  Thread.sleep(100);
                }
                return null;
              }
            """),
        Arguments.of(
            "flagSetFromLiteralsOnBothBranches",
            """
              void run(String uri, int attempts) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                boolean keep;
                if (attempts > 1) {
                  keep = true;
                } else {
                  keep = false;
                }
                if (keep) {
                  client.close();
                }
              }
            """,
            """
              void run(String uri, int attempts) {
                MongoClient client = MongoClients.create(uri);
                boolean keep;
                if (attempts > 1) {
                  keep = true;
                } else {
                  keep = false;
                }
                if (keep) {
                  shared = client;
                }
                if (!keep) {
                  client.close();
                }
              }
            """),
        Arguments.of(
            "enumChoiceClosedUnderItsConstant",
            """
              enum Mode { SHARED, ISOLATED }

              long run(Mode mode, String uri) {
                MongoClient client =
                    switch (mode) {
                      case SHARED -> shared;
                      // BUG: Diagnostic contains: UnclosedMongoClient
                      case ISOLATED -> MongoClients.create(uri);
                    };
                try {
                  return client.getDatabase("app").getCollection("items").countDocuments();
                } finally {
                  if (mode == Mode.SHARED) {
                    client.close();
                  }
                }
              }
            """,
            """
              enum Mode { SHARED, ISOLATED }

              long run(Mode mode, String uri) {
                MongoClient client =
                    switch (mode) {
                      case SHARED -> shared;
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
            """),
        Arguments.of(
            "enumTestedByAnIf",
            """
              enum Mode { SHARED, ISOLATED }

              void run(Mode mode, String uri) {
                MongoClient client = shared;
                if (mode != Mode.SHARED) {
                  // BUG: Diagnostic contains: UnclosedMongoClient
                  client = MongoClients.create(uri);
                }
                client.listDatabaseNames().first();
                if (mode == Mode.SHARED) {
                  client.close();
                }
              }
            """,
            """
              enum Mode { SHARED, ISOLATED }

              void run(Mode mode, String uri) {
                MongoClient client = shared;
                if (mode != Mode.SHARED) {
                  client = MongoClients.create(uri);
                }
                try {
                  client.listDatabaseNames().first();
                } finally {
                  if (mode == Mode.ISOLATED) {
                    client.close();
                  }
                }
              }
            """),
        Arguments.of(
            "ownerThatOpensItsOwnClient",
            CONNECTION
                + """
              long run(String uri) {
                // BUG: Diagnostic contains: which opens a MongoDB client of its own
                Connection connection = new Connection(uri);
                return connection.count();
              }
            """,
            CONNECTION
                + """
              long run(String uri) {
                try (Connection connection = new Connection(uri)) {
                  return connection.count();
                }
              }
            """),
        Arguments.of(
            "ownerFromAStaticFactory",
            CONNECTION
                + CONNECT
                + """
              long run(String uri) {
                // BUG: Diagnostic contains: connect() returns a new Connection, which opens
                Connection connection = connect(uri);
                return connection.count();
              }
            """,
            CONNECTION
                + CONNECT
                + """
              long run(String uri) {
                try (Connection connection = connect(uri)) {
                  return connection.count();
                }
              }
            """),
        Arguments.of(
            "ownerFromABuilder",
            CONNECTION
                + CONNECTION_BUILDER
                + """
              long run(String uri) {
                // BUG: Diagnostic contains: build() returns a new Connection
                Connection connection = new ConnectionBuilder().uri(uri).build();
                return connection.count();
              }
            """,
            CONNECTION
                + CONNECTION_BUILDER
                + """
              long run(String uri) {
                try (Connection connection = new ConnectionBuilder().uri(uri).build()) {
                  return connection.count();
                }
              }
            """),
        Arguments.of(
            "ownerFromAFactoryWithASwitch",
            CONNECTION
                + PICK_A_CONNECTION
                + """
              long run(int kind) {
                // BUG: Diagnostic contains: pick() returns a new Connection
                Connection connection = pick(kind);
                return connection.count();
              }
            """,
            CONNECTION
                + PICK_A_CONNECTION
                + """
              long run(int kind) {
                try (Connection connection = pick(kind)) {
                  return connection.count();
                }
              }
            """),
        Arguments.of(
            "ownerFromAFactoryThatMayReturnACachedOne",
            CONNECTION
                + """
              static Connection fresh(String uri) {
                return new Connection(uri);
              }

              long run(String uri) {
                // BUG: Diagnostic contains: fresh() returns a new Connection
                Connection connection = fresh(uri);
                return connection.count();
              }
            """,
            CONNECTION
                + """
              static Connection cached;

              static Connection connection(String uri) {
                if (cached == null) {
                  cached = new Connection(uri);
                }
                return cached;
              }

              long run(String uri) {
                Connection connection = connection(uri);
                return connection.count();
              }
            """),
        Arguments.of(
            "ownerGivenTheClient",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: hands it to new Wrapper(...), which owns it
                Wrapper wrapper = new Wrapper(MongoClients.create(uri));
                System.out.println(wrapper);
              }
            """,
            """
              void run(String uri) {
                Wrapper wrapper = new Wrapper(MongoClients.create(uri));
                try {
                  System.out.println(wrapper);
                } finally {
                  wrapper.close();
                }
              }
            """),
        Arguments.of(
            "ownerHandedOnOrClosedByItsOwnMethod",
            CONNECTION
                + """
              long run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                Connection connection = new Connection(uri);
                long count = connection.count();
                return count + connection.count();
              }
            """,
            CONNECTION
                + """
              void shutdown(Connection connection) {
                connection.close();
              }

              long run(String uri) {
                Connection connection = new Connection(uri);
                try {
                  return connection.count();
                } finally {
                  shutdown(connection);
                }
              }
            """),
        Arguments.of(
            "creationInATestThatExpectsItToThrow",
            """
              void run(String uri) {
                org.junit.jupiter.api.Assertions.assertDoesNotThrow(
                    () -> {
                      // BUG: Diagnostic contains: UnclosedMongoClient
                      MongoClients.create(uri);
                    });
              }
            """,
            """
              void run(String uri) {
                org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> MongoClients.create(uri));
              }
            """),
        Arguments.of(
            "callOnAMockVerification",
            FACTORY
                + """
              void run(Factory factory) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                factory.connect("mongodb://localhost");
              }
            """,
            FACTORY
                + """
              void run(Factory factory) {
                org.mockito.Mockito.verify(factory).connect("mongodb://localhost");
              }
            """),
        Arguments.of(
            "ownerUsedThroughItsOwnMethods",
            SESSION
                + """
              String run() {
                // BUG: Diagnostic contains: which opens a MongoDB client of its own
                Session session = new Session();
                return session.describe();
              }
            """,
            SESSION
                + """
              void run() {
                Session session = new Session();
                session.finish();
              }
            """),
        Arguments.of(
            "passedToLibrary",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                System.out.println(client);
              }
            """,
            """
              void run(String uri, List<MongoClient> clients) {
                MongoClient client = MongoClients.create(uri);
                clients.add(client);
              }
            """),
        Arguments.of(
            "logged",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                String text = "client " + client;
                System.out.println(String.valueOf(client) + text + client.hashCode() + client.equals(shared));
              }
            """,
            """
              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  System.out.println(String.valueOf(client) + "client " + client);
                } finally {
                  client.close();
                }
              }
            """),
        Arguments.of(
            "ownCloseQuietly",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: closed only on the normal path or in some branches
                MongoClient client = MongoClients.create(uri);
                client.listDatabaseNames().first();
                closeQuietly(client);
              }
            """,
            """
              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                } finally {
                  closeQuietly(client);
                }
              }
            """),
        Arguments.of(
            "guavaCloseables",
            """
              void run(String uri) throws java.io.IOException {
                // BUG: Diagnostic contains: closed only on the normal path or in some branches
                MongoClient client = MongoClients.create(uri);
                client.listDatabaseNames().first();
                com.google.common.io.Closeables.close(client, true);
              }
            """,
            """
              void run(String uri) throws java.io.IOException {
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                } finally {
                  com.google.common.io.Closeables.close(client, true);
                }
              }
            """),
        Arguments.of(
            "shutdownHook",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                Runnable closer = client::close;
              }
            """,
            """
              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                Runtime.getRuntime().addShutdownHook(new Thread(client::close));
              }
            """),
        Arguments.of(
            "shutdownHookLambda",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                Runnable closer = () -> client.close();
              }
            """,
            """
              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> client.close()));
              }
            """),
        Arguments.of(
            "whenComplete",
            """
              void run(String uri, CompletableFuture<String> work) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                work.thenRun(() -> {});
              }
            """,
            """
              void run(String uri, CompletableFuture<String> work) {
                MongoClient client = MongoClients.create(uri);
                work.whenComplete((result, failure) -> client.close());
              }
            """),
        Arguments.of(
            "insideLambda",
            """
              Runnable run(String uri) {
                return () -> {
                  // BUG: Diagnostic contains: local variable client
                  MongoClient client = MongoClients.create(uri);
                  client.listDatabaseNames();
                };
              }
            """,
            """
              Runnable run(String uri) {
                return () -> {
                  try (MongoClient client = MongoClients.create(uri)) {
                    client.listDatabaseNames();
                  }
                };
              }
            """),
        Arguments.of(
            "expressionLambdaResult",
            """
              Runnable run(String uri) {
                // BUG: Diagnostic contains: and discards it
                return () -> MongoClients.create(uri);
              }
            """,
            """
              Supplier<MongoClient> run(String uri) {
                return () -> MongoClients.create(uri);
              }
            """),
        Arguments.of(
            "anonymousClassCloses",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                Object other = new Object() {};
              }
            """,
            """
              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                Runtime.getRuntime()
                    .addShutdownHook(
                        new Thread() {
                          @Override
                          public void run() {
                            client.close();
                          }
                        });
              }
            """),
        Arguments.of(
            "catchRethrowAndReturn",
            """
              MongoClient run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                  return client;
                } catch (RuntimeException e) {
                  throw e;
                }
              }
            """,
            """
              MongoClient run(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  client.listDatabaseNames().first();
                  return client;
                } catch (RuntimeException e) {
                  client.close();
                  throw e;
                }
              }
            """),
        Arguments.of(
            "closedInOneBranch",
            """
              void run(String uri, boolean done) {
                // BUG: Diagnostic contains: closed only on the normal path or in some branches
                MongoClient client = MongoClients.create(uri);
                if (done) {
                  client.close();
                }
              }
            """,
            """
              void run(String uri, boolean done) {
                MongoClient client = MongoClients.create(uri);
                if (done) {
                  client.close();
                } else {
                  client.close();
                }
              }
            """),
        Arguments.of(
            "nullGuardedFinally",
            """
              void run(String uri) {
                MongoClient client = null;
                try {
                  // BUG: Diagnostic contains: UnclosedMongoClient
                  client = MongoClients.create(uri);
                  client.listDatabaseNames().first();
                } finally {
                  System.out.println(client);
                }
              }
            """,
            """
              void run(String uri) {
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
            """),
        Arguments.of(
            "nestedFinally",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                try {
                  try {
                    client.listDatabaseNames().first();
                  } finally {
                    System.out.println("done");
                  }
                } finally {
                  System.out.println("really done");
                }
              }
            """,
            """
              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  try {
                    client.listDatabaseNames().first();
                  } finally {
                    System.out.println("done");
                  }
                } finally {
                  client.close();
                }
              }
            """),
        Arguments.of(
            "loopPerIteration",
            """
              void run(List<String> uris) {
                for (String uri : uris) {
                  // BUG: Diagnostic contains: UnclosedMongoClient
                  MongoClient client = MongoClients.create(uri);
                  client.listDatabaseNames();
                }
              }
            """,
            """
              void run(List<String> uris) {
                for (String uri : uris) {
                  try (MongoClient client = MongoClients.create(uri)) {
                    client.listDatabaseNames();
                  }
                }
              }
            """),
        Arguments.of(
            "labelledBreak",
            """
              void run(List<String> uris) {
                outer:
                for (String uri : uris) {
                  // BUG: Diagnostic contains: UnclosedMongoClient
                  MongoClient client = MongoClients.create(uri);
                  for (String name : client.listDatabaseNames()) {
                    if (name.isEmpty()) {
                      break outer;
                    }
                  }
                  client.close();
                }
              }
            """,
            """
              void run(List<String> uris) {
                outer:
                for (String uri : uris) {
                  MongoClient client = MongoClients.create(uri);
                  try {
                    for (String name : client.listDatabaseNames()) {
                      if (name.isEmpty()) {
                        break outer;
                      }
                    }
                  } finally {
                    client.close();
                  }
                }
              }
            """),
        Arguments.of(
            "privateFactory",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: open() returns a new com.mongodb.client.MongoClient
                MongoClient client = open(uri);
                client.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                try (MongoClient client = open(uri)) {
                  client.listDatabaseNames();
                }
              }
            """),
        Arguments.of(
            "mustBeClosedMethod",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = annotated(uri);
                client.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                MongoClient client = annotated(uri);
                client.close();
              }
            """),
        Arguments.of(
            "userSubclass",
            """
              void run(String host) {
                // BUG: Diagnostic contains: new Pooled creates a
                Pooled client = new Pooled(host);
                client.getDatabase("app");
              }
            """,
            """
              void run(String host) {
                try (Pooled client = new Pooled(host)) {
                  client.getDatabase("app");
                }
              }
            """),
        Arguments.of(
            "freshSupplier",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = supplier(uri).get();
                client.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                MongoClient client = supplier(uri).get();
                client.close();
              }
            """),
        Arguments.of(
            "switchStatementBranch",
            """
              void run(String uri, int mode) {
                // BUG: Diagnostic contains: closed only on the normal path or in some branches
                MongoClient client = MongoClients.create(uri);
                switch (mode) {
                  case 0:
                    client.close();
                    break;
                  default:
                    break;
                }
              }
            """,
            """
              void run(String uri, int mode) {
                MongoClient client = MongoClients.create(uri);
                switch (mode) {
                  case 0:
                    client.close();
                    break;
                  default:
                    client.close();
                    break;
                }
              }
            """),
        Arguments.of(
            "throwBeforeClose",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                if (uri.isEmpty()) {
                  throw new IllegalArgumentException(uri);
                }
                client.close();
              }
            """,
            """
              void run(String uri) {
                if (uri.isEmpty()) {
                  throw new IllegalArgumentException(uri);
                }
                MongoClient client = MongoClients.create(uri);
                client.close();
              }
            """),
        Arguments.of(
            "constructorThatStores",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                Reader reader = new Reader(MongoClients.create(uri));
              }
            """,
            """
              Wrapper run(String uri) {
                return new Wrapper(MongoClients.create(uri));
              }
            """),
        Arguments.of(
            "reactiveClient",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: com.mongodb.reactivestreams.client.MongoClient
                var client = com.mongodb.reactivestreams.client.MongoClients.create(uri);
                client.listDatabaseNames();
              }
            """,
            """
              void run(String uri) {
                com.mongodb.reactivestreams.client.MongoClient client =
                    com.mongodb.reactivestreams.client.MongoClients.create(uri);
                try {
                  client.listDatabaseNames();
                } finally {
                  client.close();
                }
              }
            """),
        Arguments.of(
            "synchronizedBlock",
            """
              void run(String uri) {
                synchronized (this) {
                  // BUG: Diagnostic contains: UnclosedMongoClient
                  MongoClient client = MongoClients.create(uri);
                  client.listDatabaseNames();
                }
              }
            """,
            """
              void run(String uri) {
                synchronized (this) {
                  try (MongoClient client = MongoClients.create(uri)) {
                    client.listDatabaseNames();
                  }
                }
              }
            """),
        Arguments.of(
            "sessionFromClient",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                try (ClientSession session = client.startSession()) {
                  session.getOptions();
                }
              }
            """,
            """
              void run(String uri) {
                try (MongoClient client = MongoClients.create(uri);
                    ClientSession session = client.startSession()) {
                  session.getOptions();
                }
              }
            """),
        Arguments.of(
            "whileLoopRetry",
            """
              MongoClient run(String uri) {
                while (true) {
                  // BUG: Diagnostic contains: UnclosedMongoClient
                  MongoClient client = MongoClients.create(uri);
                  try {
                    client.listDatabaseNames().first();
                    return client;
                  } catch (RuntimeException e) {
                    System.out.println("retry");
                  }
                }
              }
            """,
            """
              MongoClient run(String uri) {
                while (true) {
                  MongoClient client = MongoClients.create(uri);
                  try {
                    client.listDatabaseNames().first();
                    return client;
                  } catch (RuntimeException e) {
                    client.close();
                  }
                }
              }
            """),
        Arguments.of(
            "providerReturnsDerived",
            """
              @org.springframework.context.annotation.Bean
              MongoDatabase run() {
                // BUG: Diagnostic contains: in the provider run() but returns only an object made from it
                return MongoClients.create().getDatabase("app");
              }
            """,
            """
              @org.springframework.context.annotation.Bean
              MongoClient run() {
                return MongoClients.create();
              }
            """),
        Arguments.of(
            "providerReturnsBuiltObject",
            """
              @org.springframework.context.annotation.Bean
              java.util.concurrent.atomic.AtomicReference<MongoClient> run() {
                // BUG: Diagnostic contains: in the provider run()
                return new java.util.concurrent.atomic.AtomicReference<>(MongoClients.create());
              }
            """,
            """
              java.util.concurrent.atomic.AtomicReference<MongoClient> run() {
                return new java.util.concurrent.atomic.AtomicReference<>(MongoClients.create());
              }
            """),
        Arguments.of(
            "derivedInProcessLivedOwner",
            """
              static final class Orders {
                private MongoDatabase database;

                void connect(String uri) {
                  // BUG: Diagnostic contains: only in a call chain whose result is kept in the instance field database of Orders
                  database = MongoClients.create(uri).getDatabase("shop");
                }
              }
            """,
            """
              @org.springframework.stereotype.Service
              static final class Orders {
                private MongoDatabase database;

                void connect(String uri) {
                  database = MongoClients.create(uri).getDatabase("shop");
                }
              }
            """),
        Arguments.of(
            "closedOnFailureThenReturnedWhereTheStatusSaysSo",
            """
              Optional<MongoClient> run(String uri, List<String> errors) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                if (client.getClusterDescription().getServerDescriptions().isEmpty()) {
                  errors.add("no databases");
                }
                if (errors.isEmpty()) {
                  return Optional.of(client);
                }
                return Optional.empty();
              }
            """,
            """
              Optional<MongoClient> run(String uri, List<String> errors) {
                MongoClient client = MongoClients.create(uri);
                if (client.getClusterDescription().getServerDescriptions().isEmpty()) {
                  errors.add("no databases");
                  client.close();
                }
                if (errors.isEmpty()) {
                  return Optional.of(client);
                }
                return Optional.empty();
              }
            """),
        Arguments.of(
            "closedOnTimeoutThenStatusTestedAgain",
            """
              Optional<MongoClient> run(
                  String uri, java.util.concurrent.CountDownLatch latch, List<String> errors) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                try {
                  if (!latch.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                    errors.add("timed out");
                  }
                } catch (InterruptedException | RuntimeException e) {
                  client.close();
                  throw new IllegalStateException(e);
                }
                if (errors.isEmpty()) {
                  return Optional.of(client);
                }
                return Optional.empty();
              }
            """,
            """
              Optional<MongoClient> run(
                  String uri, java.util.concurrent.CountDownLatch latch, List<String> errors) {
                MongoClient client = MongoClients.create(uri);
                try {
                  if (!latch.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                    errors.add("timed out");
                    client.close();
                  }
                } catch (InterruptedException | RuntimeException e) {
                  client.close();
                  throw new IllegalStateException(e);
                }
                if (errors.isEmpty()) {
                  return Optional.of(client);
                }
                return Optional.empty();
              }
            """),
        Arguments.of(
            "closedOnSomePathsThenDroppedAfterAnUnrelatedTest",
            """
              void run(String uri, List<String> log) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                if (client.getClusterDescription().getServerDescriptions().isEmpty()) {
                  client.close();
                }
                if (log.isEmpty()) {
                  log.add("checked");
                }
              }
            """,
            """
              void run(String uri, List<String> log) {
                MongoClient client = MongoClients.create(uri);
                if (client.getClusterDescription().getServerDescriptions().isEmpty()) {
                  client.close();
                  return;
                }
                if (log.isEmpty()) {
                  log.add("checked");
                }
                client.close();
              }
            """),
        Arguments.of(
            "closedOnFailureThenUsedWhereTheStatusSaysItIsClosed",
            """
              MongoClient run(String uri, List<String> errors) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                if (client.getClusterDescription().getServerDescriptions().isEmpty()) {
                  errors.add("no servers");
                  client.close();
                }
                if (errors.isEmpty()) {
                  return client;
                }
                client.getDatabase("app");
                return null;
              }
            """,
            """
              MongoClient run(String uri, List<String> errors) {
                MongoClient client = MongoClients.create(uri);
                if (client.getClusterDescription().getServerDescriptions().isEmpty()) {
                  errors.add("no servers");
                  client.close();
                }
                if (errors.isEmpty()) {
                  return client;
                }
                return null;
              }
            """),
        Arguments.of(
            "testedBeforeAnyPathClosesIt",
            """
              MongoClient run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                if (client.getClusterDescription().getServerDescriptions().isEmpty()) {
                  return null;
                }
                try {
                  use(client);
                } catch (RuntimeException e) {
                  client.close();
                  throw e;
                }
                return client;
              }
            """,
            """
              MongoClient run(String uri) {
                MongoClient client = MongoClients.create(uri);
                if (client.getClusterDescription().getServerDescriptions().isEmpty()) {
                  client.close();
                  return null;
                }
                try {
                  use(client);
                } catch (RuntimeException e) {
                  client.close();
                  throw e;
                }
                return client;
              }
            """),
        Arguments.of(
            "declaredThenReturned",
            """
              MongoClient open(String uri, java.nio.file.Path path) throws java.io.IOException {
                // BUG: Diagnostic contains: readString() at line
                MongoClient client = MongoClients.create(uri);
                java.nio.file.Files.readString(path);
                return client;
              }
            """,
            """
              MongoClient open(String uri, boolean direct) {
                MongoClient client = direct ? MongoClients.create(uri) : MongoClients.create(uri + "?x");
                return (client);
              }
            """),
        Arguments.of(
            "declaredThenAnotherReturned",
            """
              MongoClient open(String uri, MongoClient other) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                return other;
              }
            """,
            """
              java.util.Optional<MongoClient> wrap(String uri) {
                java.util.Optional<MongoClient> client = java.util.Optional.of(MongoClients.create(uri));
                return client;
              }
            """),
        Arguments.of(
            "jdkMethodFailsAsItDeclares",
            """
              String run(String uri, java.nio.file.Path path) throws java.io.IOException {
                // BUG: Diagnostic contains: readString() at line
                MongoClient client = MongoClients.create(uri);
                String text = java.nio.file.Files.readString(path);
                client.close();
                return text;
              }
            """,
            """
              void run(String uri, java.util.concurrent.CountDownLatch latch) {
                MongoClient client = MongoClients.create(uri);
                try {
                  latch.await();
                } catch (InterruptedException e) {
                  client.close();
                  Thread.currentThread().interrupt();
                  return;
                }
                client.close();
              }
            """),
        Arguments.of(
            "checkedExceptionCaught",
            """
              void run(String uri) {
                // BUG: Diagnostic contains: UnclosedMongoClient
                MongoClient client = MongoClients.create(uri);
                try {
                  Thread.sleep(10);
                } catch (InterruptedException e) {
                  return;
                }
                client.close();
              }
            """,
            """
              void run(String uri) {
                MongoClient client = MongoClients.create(uri);
                try {
                  Thread.sleep(10);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  client.close();
                }
              }
            """)
        );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void leakingVariantIsReported(String name, String leaking, String safe) {
    if (!leaking.contains("BUG: Diagnostic contains:")) {
      throw new AssertionError(name + ": the leaking variant names no expected diagnostic");
    }
    helper
        .addSourceLines("MustBeClosed.java", ANNOTATION)
        .addSourceLines("org/mockito/Mockito.java", MOCKITO)
        .addSourceLines("Shapes.java", HEADER + leaking + "}\n")
        .doTest();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void safeVariantIsNotReported(String name, String leaking, String safe) {
    helper
        .addSourceLines("MustBeClosed.java", ANNOTATION)
        .addSourceLines("org/mockito/Mockito.java", MOCKITO)
        .addSourceLines("Shapes.java", HEADER + safe + "}\n")
        .expectNoDiagnostics()
        .doTest();
  }
}
