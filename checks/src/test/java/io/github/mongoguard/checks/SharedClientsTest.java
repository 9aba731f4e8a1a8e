package io.github.mongoguard.checks;

import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import org.junit.jupiter.api.Test;

/** Tests of the shared-client analysis itself, through a checker that prints its conclusions. */
final class SharedClientsTest {
  private final CompilationTestHelper compilationTestHelper =
      CompilationTestHelper.newInstance(SharedClientsPrinter.class, getClass())
          .addSourceLines(
              "com/acme/db/Database.java",
              """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;

              public final class Database {
                public static final MongoClient CLIENT = MongoClients.create();

                private Database() {}

                public static MongoClient client() {
                  return CLIENT;
                }

                public static MongoClient open() {
                  return MongoClients.create();
                }
              }
              """);

  @Test
  void conclusionsAlongTheControlFlow() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/web/Probes.java",
            """
            package com.acme.web;

            import com.acme.db.Database;
            import com.mongodb.client.MongoClient;
            import java.util.List;
            import java.util.function.Supplier;

            @org.springframework.stereotype.Service
            class Probes {
              Probes(MongoClient injected, String name) {
                // BUG: Diagnostic contains: shared: the constructor parameter injected of Probes (INJECTED)
                probe(injected);
                injected = Database.open();
                // BUG: Diagnostic contains: not shared
                probe(injected);
              }

              void run(boolean flag) {
                MongoClient client = Database.open();
                // BUG: Diagnostic contains: not shared
                probe(client);
                if (flag) {
                  client = Database.client();
                }
                // BUG: Diagnostic contains: shared: Database.client() (MODULE)
                probe(client);
                Supplier<MongoClient> supplier = Database::client;
                // BUG: Diagnostic contains: shared: Database::client (MODULE)
                probe(supplier.get());
                // BUG: Diagnostic contains: holder of: Database.CLIENT (MODULE)
                probe(List.of(Database.CLIENT));
                for (MongoClient each : List.of(Database.CLIENT)) {
                  // BUG: Diagnostic contains: shared: Database.CLIENT (MODULE)
                  probe(each);
                }
              }

              static void probe(Object value) {}
            }
            """)
        .doTest();
  }

  /** Prints, for each argument of a call of {@code probe}, what the analysis concludes. */
  @BugPattern(summary = "Prints what SharedClients concludes", severity = ERROR)
  public static final class SharedClientsPrinter extends BugChecker
      implements MethodInvocationTreeMatcher {
    private static final long serialVersionUID = 1L;

    @Override
    public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
      if (!tree.getMethodSelect().toString().equals("probe") || tree.getArguments().size() != 1) {
        return Description.NO_MATCH;
      }
      SharedClients analysis =
          SharedClients.instance(
              ConnectionModule.of(ImmutableList.of("com.acme.db")), state);
      TreePath argument = new TreePath(state.getPath(), tree.getArguments().get(0));
      String conclusion =
          analysis
              .sourceOf(argument)
              .map(source -> "shared: " + source.description() + " (" + source.origin() + ")")
              .or(
                  () ->
                      analysis
                          .heldSourceOf(argument)
                          .map(
                              source ->
                                  "holder of: "
                                      + source.description()
                                      + " ("
                                      + source.origin()
                                      + ")"))
              .orElse("not shared");
      return buildDescription(tree).setMessage(conclusion).build();
    }
  }
}
