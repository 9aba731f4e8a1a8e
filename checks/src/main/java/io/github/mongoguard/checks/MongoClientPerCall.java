package io.github.mongoguard.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;
import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.StandardTags;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.CompilationUnitTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MemberReferenceTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.NewClassTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import io.github.mongoguard.checks.MongoDriver.ClientKind;
import io.github.mongoguard.checks.OncePerProcess.Verdict;
import java.util.Optional;
import javax.inject.Inject;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BugChecker} that flags MongoDB clients the connection module creates where the code
 * shows that the creation runs more than once per process.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "Create the MongoDB client once per process, not per call",
    severity = ERROR,
    tags = StandardTags.PERFORMANCE,
    linkType = CUSTOM,
    link = Documentation.CHECKS_BASE_URL + "MongoClientPerCall.md")
public final class MongoClientPerCall extends BugChecker
    implements CompilationUnitTreeMatcher,
        MethodInvocationTreeMatcher,
        NewClassTreeMatcher,
        MemberReferenceTreeMatcher {
  private static final long serialVersionUID = 1L;

  private static final Matcher<ExpressionTree> CLOSE =
      instanceMethod().onDescendantOf("java.lang.AutoCloseable").named("close");

  private final MongoGuardFlags flags;

  /** Instantiates a new {@link MongoClientPerCall} without flags. */
  public MongoClientPerCall() {
    this(ErrorProneFlags.empty());
  }

  /**
   * Instantiates a new {@link MongoClientPerCall}.
   *
   * @param flags Any provided command line flags.
   */
  @Inject
  MongoClientPerCall(ErrorProneFlags flags) {
    this.flags = MongoGuardFlags.parse(flags);
  }

  @Override
  public Description matchCompilationUnit(CompilationUnitTree tree, VisitorState state) {
    return flags.reportProblemsOnce(this, tree, state);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    return matchCreation(tree, state);
  }

  @Override
  public Description matchNewClass(NewClassTree tree, VisitorState state) {
    return matchCreation(tree, state);
  }

  @Override
  public Description matchMemberReference(MemberReferenceTree tree, VisitorState state) {
    return matchCreation(tree, state);
  }

  private Description matchCreation(ExpressionTree tree, VisitorState state) {
    if (!MongoDriver.mayCreateClient(state) || !flags.connectionModule().encloses(state)) {
      return Description.NO_MATCH;
    }
    Optional<ClientKind> kind = MongoDriver.createdClient(tree, state);
    if (kind.isEmpty() || isDelegation(tree, state)) {
      return Description.NO_MATCH;
    }
    Optional<Evidence> evidence;
    try {
      evidence = evidence(tree, state);
    } catch (RuntimeException | AssertionError unexpected) {
      // An unexpected code shape: no evidence is visible, so nothing is reported.
      return Description.NO_MATCH;
    }
    return evidence
        .map(found -> buildDescription(tree).setMessage(message(kind.get(), found)).build())
        .orElse(Description.NO_MATCH);
  }

  private static Optional<Evidence> evidence(ExpressionTree tree, VisitorState state) {
    TreePath path = state.getPath();
    Verdict verdict = OncePerProcess.at(path, state);
    if (verdict.isOnce()) {
      return Optional.empty();
    }
    return verdict.isRepeated()
        ? Optional.of(new Evidence(verdict.summary(), verdict.reason(), false))
        : handsOutPools(tree, path, state);
  }

  /** How often a creation runs and why, and whether its factory is {@code @MustBeClosed}. */
  private record Evidence(String summary, String reason, boolean mustBeClosed) {}

  /**
   * Evidence that the module hands out pools, for a creation with no evidence from its context: a
   * non-private factory whose every call returns a new client; or a non-private member that nothing
   * in the compilation calls and that creates a client every time it runs, either using and closing
   * it or keeping it in a new instance of a non-private class.
   */
  private static Optional<Evidence> handsOutPools(
      ExpressionTree tree, TreePath path, VisitorState state) {
    MethodSymbol method = OncePerProcess.enclosingMethod(path);
    if (method != null && !isLambdaInside(path) && isOpenEntry(method, state)) {
      if (FreshClients.returnsFreshClient(method, state)) {
        return Optional.of(
            new Evidence(
                "is returned to every caller of " + OncePerProcess.describe(method),
                "",
                hasAnnotationNamed(method, "MustBeClosed")));
      }
      if (FreshClients.returnsFreshClientSupplier(method, state)) {
        return Optional.of(
            new Evidence(
                "is returned by every call of the function that "
                    + OncePerProcess.describe(method)
                    + " returns",
                "",
                false));
      }
    }
    CompilationIndex index = CompilationIndex.instance(state);
    if (method != null
        && !isLambdaInside(path)
        && method.getModifiers().contains(Modifier.PRIVATE)
        && FreshClients.returnsFreshClient(method, state)) {
      // A private helper of a factory: every caller of the factory gets its own client.
      for (TreePath site : index.callSites(method)) {
        MethodSymbol factory = OncePerProcess.enclosingMethod(site);
        if (factory != null
            && isOpenEntry(factory, state)
            && FreshClients.returnsFreshClient(factory, state)) {
          return Optional.of(
              new Evidence(
                  "is returned to every caller of " + OncePerProcess.describe(factory),
                  OncePerProcess.describe(factory)
                      + " returns what its helper "
                      + OncePerProcess.describe(method)
                      + " creates",
                  false));
        }
      }
    }
    if (!runsEveryTime(path)) {
      return Optional.empty();
    }
    if (method != null
        && !method.isConstructor()
        && isOpenEntry(method, state)
        && index.callSitesThroughOverridden(method, state).isEmpty()
        && isUsedAndClosed(path, state)) {
      return Optional.of(
          new Evidence(
              "runs on every call of " + OncePerProcess.describe(method),
              OncePerProcess.describe(method)
                  + " opens and closes a client each time it runs, and nothing in this compilation"
                  + " calls it, so its callers are elsewhere",
              false));
    }
    ClassSymbol owner = constructedOwner(method, path);
    if (owner != null && keptInField(path)) {
      return newOwnerEvidence(owner, index, state);
    }
    return Optional.empty();
  }

  /**
   * Evidence that every instance of {@code owner} opens a pool: a non-private class that nothing in
   * the compilation constructs, or one that a non-private method nothing calls builds and returns.
   */
  private static Optional<Evidence> newOwnerEvidence(
      ClassSymbol owner, CompilationIndex index, VisitorState state) {
    if (!owner.getModifiers().contains(Modifier.PUBLIC)
        || owner.getModifiers().contains(Modifier.ABSTRACT)
        || owner.getSimpleName().isEmpty()
        || OncePerProcess.isProcessLived(owner, state)) {
      return Optional.empty();
    }
    String name = "`" + OncePerProcess.ownerName(owner) + "`";
    boolean constructed = false;
    for (Symbol member : owner.getEnclosedElements()) {
      if (!(member instanceof MethodSymbol constructor) || !constructor.isConstructor()) {
        continue;
      }
      for (TreePath site : index.callSites(constructor)) {
        constructed = true;
        MethodSymbol factory = OncePerProcess.enclosingMethod(site);
        if (site.getParentPath().getLeaf() instanceof ReturnTree
            && factory != null
            && isOpenEntry(factory, state)
            && index.callSitesThroughOverridden(factory, state).isEmpty()) {
          return Optional.of(
              new Evidence(
                  "runs on every call of " + OncePerProcess.describe(factory),
                  OncePerProcess.describe(factory)
                      + " returns a new "
                      + name
                      + ", which creates its own client, and nothing in this compilation calls it,"
                      + " so its callers are elsewhere",
                  false));
        }
      }
    }
    if (constructed) {
      return Optional.empty();
    }
    return Optional.of(
        new Evidence(
            "runs for every new " + name,
            "nothing in this compilation constructs "
                + name
                + ", so its users do, once per"
                + " instance",
            false));
  }

  /**
   * Whether {@code method} can be called from outside the compilation and is no override (which its
   * framework or its supertype's callers call, as often as they do).
   */
  private static boolean isOpenEntry(MethodSymbol method, VisitorState state) {
    return !method.getModifiers().contains(Modifier.PRIVATE)
        && !method.enclClass().getModifiers().contains(Modifier.PRIVATE)
        && ASTHelpers.findSuperMethods(method, state.getTypes()).isEmpty();
  }

  /**
   * A {@code this(...)} or {@code super(...)} call, or a creation inside one of the driver's own
   * factory methods or client constructors: the driver delegating, not the module creating.
   */
  private static boolean isDelegation(ExpressionTree tree, VisitorState state) {
    if (tree instanceof MethodInvocationTree invocation
        && ASTHelpers.getSymbol(invocation).isConstructor()) {
      return true;
    }
    MethodSymbol enclosing = OncePerProcess.enclosingMethod(state.getPath());
    if (enclosing == null) {
      return false;
    }
    String owner = enclosing.enclClass().getQualifiedName().toString();
    return (enclosing.getSimpleName().contentEquals("create")
            && (owner.equals(MongoDriver.SYNC_CLIENTS)
                || owner.equals(MongoDriver.REACTIVE_CLIENTS)))
        || (enclosing.isConstructor() && owner.equals(MongoDriver.LEGACY_CLIENT));
  }

  private static boolean isLambdaInside(TreePath path) {
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof LambdaExpressionTree) {
        return true;
      }
      if (leaf instanceof MethodTree || leaf instanceof ClassTree) {
        return false;
      }
    }
    return false;
  }

  /** Whether the creation at {@code path} runs whenever its method or initializer runs. */
  private static boolean runsEveryTime(TreePath path) {
    Tree child = path.getLeaf();
    for (TreePath current = path.getParentPath();
        current != null;
        child = current.getLeaf(), current = current.getParentPath()) {
      Tree parent = current.getLeaf();
      if (parent instanceof MethodTree || parent instanceof ClassTree) {
        return true;
      }
      if ((parent instanceof IfTree ifTree && ifTree.getCondition() != child)
          || (parent instanceof ConditionalExpressionTree conditional
              && conditional.getCondition() != child)
          || parent instanceof CaseTree
          || parent instanceof CatchTree
          || parent instanceof LambdaExpressionTree
          || parent instanceof MemberReferenceTree
          || (parent instanceof BinaryTree binary && binary.getRightOperand() == child)
          || (parent instanceof TryTree tryTree && tryTree.getFinallyBlock() == child)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the creation is a resource of try-with-resources, or a local closed in its method. */
  private static boolean isUsedAndClosed(TreePath path, VisitorState state) {
    TreePath parent = path.getParentPath();
    if (!(parent.getLeaf() instanceof VariableTree variable)) {
      return false;
    }
    TreePath grandparent = parent.getParentPath();
    if (grandparent.getLeaf() instanceof TryTree tryTree
        && tryTree.getResources().contains(variable)) {
      return true;
    }
    Symbol local = ASTHelpers.getSymbol(variable);
    MethodTree method = null;
    for (TreePath current = parent; current != null; current = current.getParentPath()) {
      if (current.getLeaf() instanceof MethodTree methodTree) {
        method = methodTree;
        break;
      }
    }
    if (method == null || local == null) {
      return false;
    }
    boolean[] closed = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
        if (CLOSE.matches(invocation, state)
            && local.equals(ASTHelpers.getSymbol(ASTHelpers.getReceiver(invocation)))) {
          closed[0] = true;
        }
        return super.visitMethodInvocation(invocation, null);
      }
    }.scan(method.getBody(), null);
    return closed[0];
  }

  /** The class whose construction runs the creation: a constructor's, or an initializer's. */
  private static @Nullable ClassSymbol constructedOwner(
      @Nullable MethodSymbol method, TreePath path) {
    if (method != null) {
      return method.isConstructor()
              && (method.getModifiers().contains(Modifier.PUBLIC)
                  || method.getModifiers().contains(Modifier.PROTECTED))
          ? method.enclClass()
          : null;
    }
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      if (current.getLeaf() instanceof VariableTree variable
          && current.getParentPath().getLeaf() instanceof ClassTree classTree) {
        Symbol field = ASTHelpers.getSymbol(variable);
        return field != null && !ASTHelpers.isStatic(field)
            ? ASTHelpers.getSymbol(classTree)
            : null;
      }
      if (current.getLeaf() instanceof BlockTree block
          && current.getParentPath().getLeaf() instanceof ClassTree classTree) {
        return block.isStatic() ? null : ASTHelpers.getSymbol(classTree);
      }
      if (current.getLeaf() instanceof ClassTree) {
        return null;
      }
    }
    return null;
  }

  /** Whether the creation is stored in a field: a field initializer or an assignment to a field. */
  private static boolean keptInField(TreePath path) {
    Tree parent = path.getParentPath().getLeaf();
    Symbol target = null;
    if (parent instanceof VariableTree variable) {
      target = ASTHelpers.getSymbol(variable);
    } else if (parent instanceof AssignmentTree assignment) {
      target = ASTHelpers.getSymbol(assignment.getVariable());
    }
    return target != null && target.getKind() == ElementKind.FIELD && !ASTHelpers.isStatic(target);
  }

  /** Whether {@code symbol} carries an annotation of this simple name, from any package. */
  private static boolean hasAnnotationNamed(Symbol symbol, String simpleName) {
    for (var annotation : symbol.getAnnotationMirrors()) {
      if (annotation.getAnnotationType().asElement().getSimpleName().contentEquals(simpleName)) {
        return true;
      }
    }
    return false;
  }

  private static String message(ClientKind kind, Evidence evidence) {
    StringBuilder message = new StringBuilder();
    message.append('`').append(kind.creation()).append("` ").append(evidence.summary());
    if (!evidence.reason().isEmpty()) {
      message.append(": ").append(evidence.reason());
    }
    message.append(
        ". Each run opens a new connection pool, with its own monitoring connections and threads,"
            + " for a new "
            + kind.description()
            + ". Create the client once per process and share it: keep it in a static field (a"
            + " static holder class, such as `private static final class Holder { static final"
            + " MongoClient CLIENT = MongoClients.create(uri); }`), or return it from a"
            + " singleton-scoped provider (a Spring @Bean, a Guice or Dagger @Provides @Singleton"
            + " method, a CDI @Produces @ApplicationScoped method).");
    if (evidence.mustBeClosed()) {
      message.append(
          " Where a fresh client per call is the intent of this @MustBeClosed factory, suppress"
              + " the finding with @SuppressWarnings(\"MongoClientPerCall\") and say why.");
    }
    return message.toString();
  }
}
