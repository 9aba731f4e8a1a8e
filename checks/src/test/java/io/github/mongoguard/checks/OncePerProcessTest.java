package io.github.mongoguard.checks;

import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.MethodInvocationTree;
import io.github.mongoguard.checks.OncePerProcess.Verdict;
import org.junit.jupiter.api.Test;

/** Tests what {@link OncePerProcess} concludes, printed at every call of a method {@code probe}. */
final class OncePerProcessTest {
  private final CompilationTestHelper compilationTestHelper =
      CompilationTestHelper.newInstance(Probe.class, getClass());

  @Test
  void onceUnknownAndRepeatedAreDistinct() {
    compilationTestHelper
        .addSourceLines(
            "A.java",
            """
            import java.util.List;

            class A {
              static void probe() {}

              static {
                // BUG: Diagnostic contains: ONCE
                probe();
              }

              public static void main(String[] args) {
                // BUG: Diagnostic contains: ONCE
                probe();
                helper();
              }

              static void helper() {
                // BUG: Diagnostic contains: ONCE
                probe();
              }

              void unknown() {
                // BUG: Diagnostic contains: UNKNOWN
                probe();
              }

              void loop(List<String> items) {
                for (String item : items) {
                  // BUG: Diagnostic contains: REPEATED runs once per element of the loop at line 28
                  probe();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void callersInOtherFilesDecide() {
    compilationTestHelper
        .addSourceLines(
            "Repo.java",
            """
            class Repo {
              static void probe() {}

              Repo() {
                // BUG: Diagnostic contains: REPEATED runs on every request: `Repo`'s constructor is called from `Handler.handle()` (`HttpHandler.handle`)
                probe();
              }

              void notCalled() {
                // BUG: Diagnostic contains: UNKNOWN
                probe();
              }
            }
            """)
        .addSourceLines(
            "Handler.java",
            """
            class Handler implements com.sun.net.httpserver.HttpHandler {
              @Override
              public void handle(com.sun.net.httpserver.HttpExchange exchange) {
                new Repo();
              }
            }
            """)
        .doTest();
  }

  @Test
  void metaAnnotatedScopeAndEntryPoint() {
    compilationTestHelper
        .addSourceLines(
            "PerRequest.java",
            """
            @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
            @org.springframework.context.annotation.Scope("request")
            @interface PerRequest {}
            """)
        .addSourceLines(
            "Listener.java",
            """
            @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
            @org.springframework.context.event.EventListener
            @interface Listener {}
            """)
        .addSourceLines(
            "Config.java",
            """
            class Config {
              static void probe() {}

              @org.springframework.context.annotation.Bean
              @PerRequest
              Object perRequest() {
                // BUG: Diagnostic contains: REPEATED runs on every request: `Config.perRequest()` is a `@Scope("request")` bean
                probe();
                return null;
              }

              @Listener
              void onEvent(Object event) {
                // BUG: Diagnostic contains: REPEATED runs on every event: `Config.onEvent()` is an event listener (`@Listener`)
                probe();
              }
            }
            """)
        .doTest();
  }

  @Test
  void cyclesCountAsOnce() {
    compilationTestHelper
        .addSourceLines(
            "Cycle.java",
            """
            class Cycle {
              static void probe() {}

              public static void main(String[] args) {
                ping(3);
              }

              static void ping(int n) {
                // BUG: Diagnostic contains: ONCE
                probe();
                pong(n);
              }

              static void pong(int n) {
                if (n > 0) {
                  ping(n - 1);
                }
              }
            }
            """)
        .doTest();
  }

  /** Prints the verdict of {@link OncePerProcess} at every call of a method named {@code probe}. */
  @BugPattern(summary = "Prints how often the code runs", severity = ERROR)
  public static final class Probe extends BugChecker implements MethodInvocationTreeMatcher {
    private static final long serialVersionUID = 1L;

    @Override
    public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
      if (!ASTHelpers.getSymbol(tree).getSimpleName().contentEquals("probe")) {
        return Description.NO_MATCH;
      }
      Verdict verdict = OncePerProcess.at(state.getPath(), state);
      String text =
          verdict.kind()
              + (verdict.isRepeated()
                  ? " "
                      + verdict.summary()
                      + (verdict.reason().isEmpty() ? "" : ": " + verdict.reason())
                  : "");
      return buildDescription(tree).setMessage(text).build();
    }
  }
}
