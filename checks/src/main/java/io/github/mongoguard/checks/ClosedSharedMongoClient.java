package io.github.mongoguard.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.StandardTags;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.CompilationUnitTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MemberReferenceTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.TryTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.api.JavacTrees;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.lang.model.element.ElementKind;

/** A {@link BugChecker} that flags code outside the connection module closing its shared client. */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "Do not close the shared MongoDB client of the connection module",
    severity = ERROR,
    tags = StandardTags.LIKELY_ERROR,
    linkType = CUSTOM,
    link = Documentation.CHECKS_BASE_URL + "ClosedSharedMongoClient.md")
public final class ClosedSharedMongoClient extends BugChecker
    implements CompilationUnitTreeMatcher,
        MethodInvocationTreeMatcher,
        MemberReferenceTreeMatcher,
        TryTreeMatcher {
  private static final long serialVersionUID = 1L;

  private static final String MUST_BE_CLOSED = "com.google.errorprone.annotations.MustBeClosed";

  private final MongoGuardFlags flags;

  /** Instantiates a new {@link ClosedSharedMongoClient} without flags. */
  public ClosedSharedMongoClient() {
    this(ErrorProneFlags.empty());
  }

  /**
   * Instantiates a new {@link ClosedSharedMongoClient}.
   *
   * @param flags Any provided command line flags.
   */
  @Inject
  ClosedSharedMongoClient(ErrorProneFlags flags) {
    this.flags = MongoGuardFlags.parse(flags);
  }

  @Override
  public Description matchCompilationUnit(CompilationUnitTree tree, VisitorState state) {
    return flags.reportProblemsOnce(this, tree, state);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    ExpressionTree receiver = Lifecycle.closeReceiver(tree);
    if (receiver == null || !inScope(state)) {
      return Description.NO_MATCH;
    }
    return matchClosed(tree, receiver, "close()", state);
  }

  @Override
  public Description matchMemberReference(MemberReferenceTree tree, VisitorState state) {
    if (!tree.getName().contentEquals("close") || !inScope(state)) {
      return Description.NO_MATCH;
    }
    return matchClosed(tree, tree.getQualifierExpression(), "the method reference ::close", state);
  }

  @Override
  public Description matchTry(TryTree tree, VisitorState state) {
    if (tree.getResources().isEmpty() || !inScope(state)) {
      return Description.NO_MATCH;
    }
    for (Tree resource : tree.getResources()) {
      ExpressionTree closed =
          resource instanceof VariableTree variable
              ? variable.getInitializer()
              : resource instanceof ExpressionTree expression ? expression : null;
      if (closed != null) {
        Description description = matchClosed(resource, closed, "try-with-resources", state);
        if (description != Description.NO_MATCH) {
          state.reportMatch(description);
        }
      }
    }
    return Description.NO_MATCH;
  }

  private boolean inScope(VisitorState state) {
    ConnectionModule module = flags.connectionModule();
    // No text guard here: a file that closes the shared client need not name any driver type.
    return module.isDeclared() && !module.encloses(state);
  }

  private Description matchClosed(
      Tree tree, ExpressionTree closed, String how, VisitorState state) {
    if (!MongoDriver.isClientType(ASTHelpers.getType(closed), state)) {
      return Description.NO_MATCH;
    }
    Optional<String> source = sharedSource(closed, state, new HashSet<>());
    if (source.isEmpty()) {
      return Description.NO_MATCH;
    }
    String message =
        String.format(
            "%s closes the shared MongoDB client of the connection module (%s), obtained from %s."
                + " Closing it breaks every other user of its connection pool, who then fail with"
                + " \"state should be: open\" or start creating clients of their own. The"
                + " connection module closes its client at shutdown: use the client without"
                + " closing it.",
            how, flags.connectionModule(), source.get());
    return buildDescription(tree).setMessage(message).build();
  }

  /**
   * Where {@code expression} gets the module's shared client from, as source text for messages, or
   * empty when it is not (known to be) the shared client.
   */
  private Optional<String> sharedSource(
      ExpressionTree expression, VisitorState state, Set<Symbol> visiting) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(expression);
    while (stripped instanceof TypeCastTree cast) {
      stripped = ASTHelpers.stripParentheses(cast.getExpression());
    }
    ConnectionModule module = flags.connectionModule();
    if (stripped instanceof MethodInvocationTree invocation) {
      MethodSymbol method = ASTHelpers.getSymbol(invocation);
      if (method != null
          && module.owns(method)
          && MongoDriver.isClientType(method.getReturnType(), state)
          && !ASTHelpers.hasAnnotation(method, MUST_BE_CLOSED, state)
          && !returnsFreshClient(method, state)) {
        String source = state.getSourceForNode(invocation);
        return Optional.of(
            source != null
                ? source
                : method.owner.getSimpleName() + "." + method.getSimpleName() + "()");
      }
      return Optional.empty();
    }
    Symbol symbol = ASTHelpers.getSymbol(stripped);
    if (!(symbol instanceof VarSymbol variable) || !visiting.add(variable)) {
      return Optional.empty();
    }
    if (variable.getKind() == ElementKind.FIELD && module.owns(variable)) {
      return ASTHelpers.isStatic(variable)
          ? Optional.of(variable.owner.getSimpleName() + "." + variable.getSimpleName())
          : Optional.empty();
    }
    if (variable.getKind() == ElementKind.FIELD
        || variable.getKind() == ElementKind.LOCAL_VARIABLE
        || variable.getKind() == ElementKind.RESOURCE_VARIABLE) {
      return assignedSource(variable, state, visiting);
    }
    return Optional.empty();
  }

  /**
   * The shared source of a local or field outside the module, when every value assigned to it in
   * this compilation unit is the shared client.
   */
  private Optional<String> assignedSource(
      VarSymbol variable, VisitorState state, Set<Symbol> visiting) {
    List<ExpressionTree> values = new ArrayList<>();
    boolean[] unknown = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) == variable) {
          if (tree.getInitializer() != null) {
            values.add(tree.getInitializer());
          }
        }
        return super.visitVariable(tree, null);
      }

      @Override
      public Void visitAssignment(AssignmentTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree.getVariable()) == variable) {
          values.add(tree.getExpression());
        }
        return super.visitAssignment(tree, null);
      }

      @Override
      public Void visitCompoundAssignment(
          com.sun.source.tree.CompoundAssignmentTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree.getVariable()) == variable) {
          unknown[0] = true;
        }
        return super.visitCompoundAssignment(tree, null);
      }
    }.scan(state.getPath().getCompilationUnit(), null);
    if (unknown[0] || values.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> first = Optional.empty();
    for (ExpressionTree value : values) {
      Optional<String> source = sharedSource(value, state, visiting);
      if (source.isEmpty()) {
        return Optional.empty();
      }
      if (first.isEmpty()) {
        first = source;
      }
    }
    return first;
  }

  /**
   * Whether the source of {@code method} is in this compilation and every {@code return} in it
   * returns a client it creates right there: a factory whose caller owns the client.
   */
  private static boolean returnsFreshClient(MethodSymbol method, VisitorState state) {
    MethodTree tree = JavacTrees.instance(state.context).getTree(method);
    if (tree == null || tree.getBody() == null) {
      return false;
    }
    List<ExpressionTree> returned = new ArrayList<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitReturn(ReturnTree tree, Void unused) {
        returned.add(tree.getExpression());
        return super.visitReturn(tree, null);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
        return null;
      }

      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        return null;
      }
    }.scan(tree.getBody(), null);
    if (returned.isEmpty()) {
      return false;
    }
    for (ExpressionTree value : returned) {
      if (value == null || !isFreshClient(value, tree, state)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isFreshClient(
      ExpressionTree value, MethodTree method, VisitorState state) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(value);
    if (MongoDriver.createdClient(stripped, state).isPresent()) {
      return true;
    }
    Symbol symbol = ASTHelpers.getSymbol(stripped);
    if (!(symbol instanceof VarSymbol local) || local.getKind() != ElementKind.LOCAL_VARIABLE) {
      return false;
    }
    boolean[] fresh = {false};
    boolean[] other = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) == local) {
          if (tree.getInitializer() != null
              && MongoDriver.createdClient(
                      ASTHelpers.stripParentheses(tree.getInitializer()), state)
                  .isPresent()) {
            fresh[0] = true;
          } else if (tree.getInitializer() != null) {
            other[0] = true;
          }
        }
        return super.visitVariable(tree, null);
      }

      @Override
      public Void visitAssignment(AssignmentTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree.getVariable()) == local) {
          if (MongoDriver.createdClient(ASTHelpers.stripParentheses(tree.getExpression()), state)
              .isPresent()) {
            fresh[0] = true;
          } else {
            other[0] = true;
          }
        }
        return super.visitAssignment(tree, null);
      }
    }.scan(method.getBody(), null);
    return fresh[0] && !other[0];
  }
}
