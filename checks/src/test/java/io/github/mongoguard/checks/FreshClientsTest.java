package io.github.mongoguard.checks;

import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.VariableTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeKind;
import org.junit.jupiter.api.Test;

final class FreshClientsTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(FreshClientsPrinter.class, getClass());

  @Test
  void creationsAndLocals() {
    helper
        .addSourceLines(
            "Factories.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Factories {
              static MongoClient shared = MongoClients.create();

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              static MongoClient direct(String uri) {
                return MongoClients.create(uri);
              }

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              static MongoClient throughLocal(String uri) {
                var client = MongoClients.create(uri);
                return client;
              }

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              static MongoClient branches(boolean primary, String a, String b) {
                MongoClient client;
                if (primary) {
                  client = MongoClients.create(a);
                } else {
                  client = MongoClients.create(b);
                }
                return client;
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              static MongoClient sometimesShared(boolean primary, String a) {
                return primary ? MongoClients.create(a) : shared;
              }

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              static MongoClient conditional(boolean primary, String a, String b) {
                return primary ? MongoClients.create(a) : (MongoClient) MongoClients.create(b);
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              static MongoClient memoised(String uri) {
                MongoClient client = MongoClients.create(uri);
                shared = client;
                return client;
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              static MongoClient lazy(String uri) {
                if (shared == null) {
                  shared = MongoClients.create(uri);
                }
                return shared;
              }

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              static MongoClient throwsOtherwise(String uri) {
                if (uri == null) {
                  throw new IllegalArgumentException();
                }
                return MongoClients.create(uri);
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              static MongoClient parameter(MongoClient client) {
                return client;
              }

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              static com.mongodb.MongoClient legacy() {
                return new com.mongodb.MongoClient("localhost");
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              static Object notAClientType(String uri) {
                return MongoClients.create(uri);
              }
            }
            """)
        .doTest();
  }

  @Test
  void switchExpressionsHelpersAndRecursion() {
    helper
        .addSourceLines(
            "Factories.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Factories {
              static MongoClient shared = MongoClients.create();

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              static MongoClient bySwitch(String env) {
                return switch (env) {
                  case "test" -> MongoClients.create("mongodb://test");
                  case "prod" -> {
                    MongoClient client = helper("mongodb://prod");
                    yield client;
                  }
                  default -> throw new IllegalArgumentException(env);
                };
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              static MongoClient switchWithShared(String env) {
                return switch (env) {
                  case "test" -> MongoClients.create("mongodb://test");
                  default -> {
                    yield shared;
                  }
                };
              }

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              private static MongoClient helper(String uri) {
                return MongoClients.create(uri);
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              static MongoClient recursive(int attempts) {
                return attempts == 0 ? MongoClients.create() : recursive(attempts - 1);
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              static MongoClient ping() {
                return pong();
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              static MongoClient pong() {
                return ping();
              }
            }
            """)
        .addSourceLines(
            "Other.java",
            """
            import com.mongodb.client.MongoClient;

            class Other {
              void use() {
                // BUG: Diagnostic contains: isFresh=true
                MongoClient client = Factories.bySwitch("test");
                // BUG: Diagnostic contains: isFresh=false
                MongoClient other = Factories.switchWithShared("test");
              }
            }
            """)
        .doTest();
  }

  @Test
  void suppliersAndLambdas() {
    helper
        .addSourceLines(
            "Factories.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.function.Function;
            import java.util.function.Supplier;

            class Factories {
              static MongoClient shared = MongoClients.create();

              // BUG: Diagnostic contains: returnsFresh=false supplier=true
              static Supplier<MongoClient> lambda(String uri) {
                return () -> MongoClients.create(uri);
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=true
              static Function<String, MongoClient> reference() {
                return MongoClients::create;
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=true
              static Supplier<MongoClient> blockLambda(String uri) {
                Supplier<MongoClient> supplier =
                    () -> {
                      MongoClient client = MongoClients.create(uri);
                      return client;
                    };
                return supplier;
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              static Supplier<MongoClient> sharedLambda() {
                return () -> shared;
              }

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              static MongoClient fromSupplier(String uri) {
                return lambda(uri).get();
              }
            }
            """)
        .doTest();
  }

  @Test
  void pipelines() {
    helper
        .addSourceLines(
            "Factories.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.Objects;
            import java.util.Optional;
            import java.util.concurrent.CompletableFuture;

            class Factories {
              static MongoClient shared = MongoClients.create();
              static Optional<MongoClient> cached = Optional.empty();

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              static MongoClient asynchronous(String uri) {
                return CompletableFuture.supplyAsync(() -> MongoClients.create(uri)).join();
              }

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              static MongoClient configuredOrDefault(String uri) {
                return Optional.ofNullable(uri).map(MongoClients::create).orElseGet(MongoClients::create);
              }

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              static MongoClient wrapped(String uri) {
                return Objects.requireNonNull(Optional.of(MongoClients.create(uri)).get());
              }

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              static MongoClient later(CompletableFuture<String> uri) {
                return uri.thenApply(MongoClients::create).join();
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              static MongoClient cachedOrNew(String uri) {
                return cached.orElseGet(() -> MongoClients.create(uri));
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              static MongoClient sharedAsynchronously() {
                return CompletableFuture.supplyAsync(() -> shared).join();
              }

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              static MongoClient retrying(String uri, int attempts) {
                MongoClient client = MongoClients.create(uri);
                if (attempts <= 1) {
                  return client;
                }
                client.close();
                return retrying(uri, attempts - 1);
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              static MongoClient onlyRecursion(int depth) {
                return onlyRecursion(depth + 1);
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              static MongoClient recursionOrShared(int depth) {
                if (depth > 3) {
                  return shared;
                }
                return recursionOrShared(depth + 1);
              }

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              static MongoClient eagerFallback(Optional<MongoClient> given, String uri) {
                return given.orElse(MongoClients.create(uri));
              }
            }
            """)
        .doTest();
  }

  @Test
  void annotationsSubclassesAndConstructors() {
    helper
        .addSourceLines(
            "MustBeClosed.java",
            """
            package com.acme;

            public @interface MustBeClosed {}
            """)
        .addSourceLines(
            "Pooled.java",
            """
            import com.mongodb.MongoClient;

            class Pooled extends MongoClient {
              Pooled(String host) {
                super(host);
              }

              Pooled() {
                this("localhost");
              }
            }
            """)
        .addSourceLines(
            "Library.java",
            """
            import com.acme.MustBeClosed;
            import com.mongodb.client.MongoClient;

            abstract class Library {
              @MustBeClosed
              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              abstract MongoClient open();

              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              abstract MongoClient borrow();

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              static com.mongodb.MongoClient pooled() {
                return new Pooled();
              }

              void use() {
                // BUG: Diagnostic contains: isFresh=true
                MongoClient opened = open();
                // BUG: Diagnostic contains: isFresh=false
                MongoClient borrowed = borrow();
                // BUG: Diagnostic contains: isFresh=true
                com.mongodb.MongoClient anonymous = new com.mongodb.MongoClient() {};
              }
            }
            """)
        .doTest();
  }

  @Test
  void overridableMethodsAreNotSummarised() {
    helper
        .addSourceLines(
            "Base.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Base {
              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              MongoClient client() {
                return MongoClients.create();
              }

              // BUG: Diagnostic contains: returnsFresh=true supplier=false
              final MongoClient finalClient() {
                return MongoClients.create();
              }
            }
            """)
        .addSourceLines(
            "Derived.java",
            """
            import com.mongodb.client.MongoClient;

            class Derived extends Base {
              static final MongoClient SHARED = com.mongodb.client.MongoClients.create();

              @Override
              // BUG: Diagnostic contains: returnsFresh=false supplier=false
              MongoClient client() {
                return SHARED;
              }
            }
            """)
        .doTest();
  }

  /**
   * Prints what {@link FreshClients} answers for each method that returns a value and for the
   * initializer of each client local in a method called {@code use}.
   */
  @BugPattern(summary = "Prints FreshClients' answers", severity = ERROR)
  public static final class FreshClientsPrinter extends BugChecker
      implements MethodTreeMatcher, VariableTreeMatcher {
    private static final long serialVersionUID = 1L;

    @Override
    public Description matchMethod(MethodTree tree, VisitorState state) {
      MethodSymbol method = ASTHelpers.getSymbol(tree);
      if (method.isConstructor() || method.getReturnType().getKind() == TypeKind.VOID) {
        return Description.NO_MATCH;
      }
      return buildDescription(tree)
          .setMessage(
              String.format(
                  "returnsFresh=%s supplier=%s",
                  FreshClients.returnsFreshClient(method, state),
                  FreshClients.returnsFreshClientSupplier(method, state)))
          .build();
    }

    @Override
    public Description matchVariable(VariableTree tree, VisitorState state) {
      MethodTree enclosing = state.findEnclosing(MethodTree.class);
      if (tree.getInitializer() == null
          || enclosing == null
          || !enclosing.getName().contentEquals("use")
          || ASTHelpers.getSymbol(tree).getKind() != ElementKind.LOCAL_VARIABLE
          || !MongoDriver.isClientType(ASTHelpers.getType(tree), state)) {
        return Description.NO_MATCH;
      }
      return buildDescription(tree)
          .setMessage("isFresh=" + FreshClients.isFresh(tree.getInitializer(), state))
          .build();
    }
  }
}
