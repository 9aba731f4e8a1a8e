package io.github.mongoguard.checks;

import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.NewClassTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import org.junit.jupiter.api.Test;

final class ClientObligationsTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(ObligationPrinter.class, getClass());

  @Test
  void reasonsAndPaths() {
    helper
        .addSourceLines(
            "Tools.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Tools {
              static MongoClient shared;

              void closed(String uri) {
                // BUG: Diagnostic contains: discharged on every path
                try (MongoClient client = MongoClients.create(uri)) {
                  client.listDatabaseNames().first();
                }
              }

              void throwing(String uri) {
                // BUG: Diagnostic contains: EXCEPTION local=client where=listDatabaseNames closes=1
                MongoClient client = MongoClients.create(uri);
                client.listDatabaseNames().first();
                client.close();
              }

              void asynchronous(String uri) {
                // BUG: Diagnostic contains: END local=client where=- closes=0
                MongoClient client = java.util.concurrent.CompletableFuture.supplyAsync(
                        // BUG: Diagnostic contains: discharged on every path
                        () -> MongoClients.create(uri))
                    .join();
              }

              void wrapped(String uri) {
                MongoClient client =
                    java.util.Objects.requireNonNull(
                        java.util.Optional.of(
                                // BUG: Diagnostic contains: END local=client where=- closes=0
                                MongoClients.create(uri))
                            .get());
              }

              void branches(String uri, boolean done) {
                // BUG: Diagnostic contains: END local=client where=- closes=1
                MongoClient client = MongoClients.create(uri);
                if (done) {
                  client.close();
                }
              }

              MongoClient returned(String uri, boolean early) {
                // BUG: Diagnostic contains: RETURN local=client where=return null; closes=0
                MongoClient client = MongoClients.create(uri);
                if (early) {
                  return null;
                }
                return client;
              }

              void overwritten(String a, String b) {
                // BUG: Diagnostic contains: OVERWRITTEN local=client
                MongoClient client = MongoClients.create(a);
                // BUG: Diagnostic contains: discharged on every path
                client = MongoClients.create(b);
                client.close();
              }

              void discarded(String uri) {
                // BUG: Diagnostic contains: DISCARDED
                MongoClients.create(uri);
              }

              Object chain(String uri) {
                // BUG: Diagnostic contains: CHAIN
                return MongoClients.create(uri).getDatabase("app");
              }

              void stored(String uri) {
                // BUG: Diagnostic contains: discharged on every path
                shared = MongoClients.create(uri);
              }
            }
            """)
        .doTest();
  }

  @Test
  void unusualSyntaxDoesNotCrash() {
    CompilationTestHelper.newInstance(UnclosedMongoClient.class, getClass())
        .addSourceLines(
            "Unusual.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.List;
            import java.util.function.Function;
            import java.util.function.Supplier;

            class Unusual {
              sealed interface Source permits Uri, Named {}

              record Uri(String value) implements Source {}

              record Named(String name) implements Source {}

              record Holder(MongoClient client) implements AutoCloseable {
                @Override
                public void close() {
                  client.close();
                }
              }

              static final String QUERY =
                  \"""
                  { "ping": 1 }
                  \""";

              long describe(Source source) {
                if (source instanceof Uri uri && !uri.value().isEmpty()) {
                  try (MongoClient client = MongoClients.create(uri.value())) {
                    return client.listDatabaseNames().into(new java.util.ArrayList<>()).size();
                  }
                }
                return switch (source.getClass().getSimpleName()) {
                  case "Named" -> {
                    Named named = (Named) source;
                    yield named.name().length();
                  }
                  default -> 0;
                };
              }

              <T> Function<String, Supplier<T>> nested(Function<MongoClient, T> use) {
                return uri ->
                    () -> {
                      try (MongoClient client = MongoClients.create(uri)) {
                        return use.apply(client);
                      }
                    };
              }

              Holder holder(String uri) {
                return new Holder(MongoClients.create(uri));
              }

              void anonymousAndLocal(String uri) {
                class Local implements Runnable {
                  @Override
                  public void run() {
                    try (MongoClient client = MongoClients.create(uri)) {
                      client.listDatabaseNames();
                    }
                  }
                }
                new Local().run();
                new Thread() {
                  @Override
                  public void run() {
                    try (var client = MongoClients.create(uri)) {
                      client.listDatabaseNames();
                    }
                  }
                }.start();
              }

              void labelled(List<String> uris) {
                outer:
                for (String uri : uris) {
                  try (MongoClient client = MongoClients.create(uri)) {
                    for (String name : client.listDatabaseNames()) {
                      if (name.equals(QUERY)) {
                        break outer;
                      }
                      if (name.isEmpty()) {
                        continue outer;
                      }
                    }
                  }
                }
              }

              void instanceofPattern(Object value) {
                if (value instanceof MongoClient client && client.getClusterDescription() != null) {
                  client.close();
                }
              }

              int arithmetic(int a, int b) {
                int[] values = {a / b, a % b, a << 2, -a, ~b};
                assert values.length > 0 : "never";
                synchronized (this) {
                  return values[0] > 0 ? values[1]++ : --values[2];
                }
              }
            }
            """)
        .doTest();
  }

  /** Prints what {@link ClientObligations} concludes about each creation. */
  @BugPattern(summary = "Prints the obligation analysis of each creation", severity = ERROR)
  public static final class ObligationPrinter extends BugChecker
      implements MethodInvocationTreeMatcher, NewClassTreeMatcher {
    private static final long serialVersionUID = 1L;

    @Override
    public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
      return print(tree, state);
    }

    @Override
    public Description matchNewClass(NewClassTree tree, VisitorState state) {
      return print(tree, state);
    }

    private Description print(ExpressionTree tree, VisitorState state) {
      if (!FreshClients.isCreation(tree, state)) {
        return Description.NO_MATCH;
      }
      String message =
          ClientObligations.leakOf(state.getPath(), state)
              .map(
                  leak ->
                      String.format(
                          "%s local=%s where=%s closes=%d",
                          leak.reason(),
                          leak.local(),
                          leak.where() == null ? "-" : describe(leak.where()),
                          leak.closes().size()))
              .orElse("discharged on every path");
      return buildDescription(tree).setMessage(message).build();
    }

    private static String describe(com.sun.source.tree.Tree where) {
      if (where instanceof MethodInvocationTree invocation) {
        return com.google.errorprone.util.ASTHelpers.getSymbol(invocation).getSimpleName().toString();
      }
      return where.toString().trim();
    }
  }
}
