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
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import java.util.stream.Collectors;
import javax.lang.model.element.ElementKind;
import org.junit.jupiter.api.Test;

final class CompilationIndexTest {
  @Test
  void callSitesAcrossFiles() {
    CompilationTestHelper.newInstance(CallSitesPrinter.class, getClass())
        .addSourceLines(
            "com/acme/Service.java",
            """
            package com.acme;

            public class Service {
              // BUG: Diagnostic contains: calls: [<anonymous>(), Web.handle, Web.lambda]
              public Service() {}

              // BUG: Diagnostic contains: calls: [Web.handle, Web.handle, Web.lambda, Web.ref]
              public void run() {}

              // BUG: Diagnostic contains: calls: []
              void unused() {}
            }
            """)
        .addSourceLines(
            "com/acme/Web.java",
            """
            package com.acme;

            class Web {
              // BUG: Diagnostic contains: calls: []
              void handle() {
                Service service = new Service();
                service.run();
                new Service() {}.run();
              }

              // BUG: Diagnostic contains: calls: []
              Runnable lambda() {
                return () -> new Service().run();
              }

              // BUG: Diagnostic contains: calls: []
              Runnable ref(Service service) {
                return service::run;
              }
            }
            """)
        .doTest();
  }

  @Test
  void callSitesThroughOverriddenAndFieldWrites() {
    CompilationTestHelper.newInstance(CallSitesPrinter.class, getClass())
        .addSourceLines(
            "com/acme/Task.java",
            """
            package com.acme;

            class Task implements Runnable {
              // BUG: Diagnostic contains: writes: 3
              static Object field = new Object();

              // BUG: Diagnostic contains: writes: 0
              Object other;

              @Override
              // BUG: Diagnostic contains: calls: [Task.start, Task.start]
              public void run() {
                field = null;
                field = new Object();
              }

              // BUG: Diagnostic contains: calls: []
              void start(Runnable r, Task t) {
                r.run();
                t.run();
              }
            }
            """)
        .doTest();
  }

  /** Prints the call sites the index holds for each method, and the writes of each field. */
  @BugPattern(summary = "Prints the compilation index's call sites", severity = ERROR)
  public static final class CallSitesPrinter extends BugChecker
      implements MethodTreeMatcher, VariableTreeMatcher {
    @Override
    public Description matchMethod(MethodTree tree, VisitorState state) {
      MethodSymbol method = ASTHelpers.getSymbol(tree);
      if (ASTHelpers.isGeneratedConstructor(tree)) {
        return Description.NO_MATCH;
      }
      CompilationIndex index = CompilationIndex.instance(state);
      String calls =
          index.callSitesThroughOverridden(method, state).stream()
              .map(CallSitesPrinter::enclosingMember)
              .sorted()
              .collect(Collectors.joining(", ", "[", "]"));
      return buildDescription(tree).setMessage("calls: " + calls).build();
    }

    @Override
    public Description matchVariable(VariableTree tree, VisitorState state) {
      Symbol symbol = ASTHelpers.getSymbol(tree);
      if (!(symbol instanceof VarSymbol field) || symbol.getKind() != ElementKind.FIELD) {
        return Description.NO_MATCH;
      }
      int writes = CompilationIndex.instance(state).fieldWrites(field).size();
      return buildDescription(tree).setMessage("writes: " + writes).build();
    }

    private static String enclosingMember(TreePath site) {
      for (TreePath path = site; path != null; path = path.getParentPath()) {
        if (path.getLeaf() instanceof MethodTree method) {
          MethodSymbol symbol = ASTHelpers.getSymbol(method);
          String owner =
              symbol.owner.getSimpleName().isEmpty()
                  ? "<anonymous>"
                  : symbol.owner.getSimpleName().toString();
          return symbol.isConstructor() ? owner + "()" : owner + "." + symbol.getSimpleName();
        }
      }
      return "?";
    }
  }
}
