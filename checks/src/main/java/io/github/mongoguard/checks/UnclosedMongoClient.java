package io.github.mongoguard.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.StandardTags;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.ClassTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.CompilationUnitTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MemberReferenceTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.NewClassTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.api.JavacTrees;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import io.github.mongoguard.checks.MongoDriver.ClientKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeKind;
import org.jspecify.annotations.Nullable;

/** A {@link BugChecker} that flags MongoDB clients that nobody closes. */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "Close every MongoDB client you create, or hand it to an owner that closes it",
    severity = ERROR,
    tags = StandardTags.LIKELY_ERROR,
    linkType = CUSTOM,
    link = Documentation.CHECKS_BASE_URL + "UnclosedMongoClient.md")
public final class UnclosedMongoClient extends BugChecker
    implements ClassTreeMatcher,
        CompilationUnitTreeMatcher,
        MethodInvocationTreeMatcher,
        NewClassTreeMatcher,
        MemberReferenceTreeMatcher {
  private static final long serialVersionUID = 1L;

  private static final String COST =
      " An unclosed client keeps its connection pool, its monitoring connections and their threads"
          + " until the process exits.";

  private final MongoGuardFlags flags;

  /** Instantiates a new {@link UnclosedMongoClient} without flags. */
  public UnclosedMongoClient() {
    this(ErrorProneFlags.empty());
  }

  /**
   * Instantiates a new {@link UnclosedMongoClient}.
   *
   * @param flags Any provided command line flags.
   */
  @Inject
  UnclosedMongoClient(ErrorProneFlags flags) {
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

  /**
   * A method reference to a creation hands the client to whoever calls the functional interface,
   * unless that interface returns nothing ({@code uris.forEach(MongoClients::create)}): then every
   * call discards a client.
   */
  @Override
  public Description matchMemberReference(MemberReferenceTree tree, VisitorState state) {
    if (!MongoDriver.mayCreateClient(state)) {
      return Description.NO_MATCH;
    }
    Optional<ClientKind> kind = MongoDriver.createdClient(tree, state);
    if (kind.isEmpty()) {
      return Description.NO_MATCH;
    }
    Type descriptor;
    try {
      descriptor = state.getTypes().findDescriptorType(ASTHelpers.getType(tree));
    } catch (RuntimeException unexpected) {
      return Description.NO_MATCH;
    }
    if (descriptor == null || descriptor.getReturnType().getKind() != TypeKind.VOID) {
      return Description.NO_MATCH;
    }
    return report(
        tree,
        kind.get().creation()
            + " (as a method reference to a functional interface that returns nothing) creates a "
            + kind.get().description()
            + " on every call and discards it, so nothing can ever close it."
            + COST
            + " Create the client in a lambda that closes it (try-with-resources), or use the"
            + " shared client of the connection module.");
  }

  private Description matchCreation(ExpressionTree tree, VisitorState state) {
    if (!MongoDriver.mayCreateClient(state)) {
      return Description.NO_MATCH;
    }
    Optional<ClientKind> kind = MongoDriver.createdClient(tree, state);
    if (kind.isEmpty() || Lifecycle.inStaticInitializer(state.getPath())) {
      return Description.NO_MATCH;
    }
    String created = kind.get().creation() + " creates a " + kind.get().description();
    ValueFlow flow = ValueFlow.of(state.getPath());
    return switch (flow.kind()) {
      case DISCARDED ->
          report(
              tree,
              created
                  + " and discards it, so nothing can ever close it."
                  + COST
                  + " Keep the client in a variable and close it (try-with-resources), or use the"
                  + " shared client of the connection module.");
      case CHAINED -> matchChain(tree, created, flow, state);
      case LOCAL -> matchLocal(tree, created, flow, state);
      case RETURNED, ARGUMENT, INSTANCE_FIELD, STATIC_FIELD, OTHER -> Description.NO_MATCH;
    };
  }

  private Description report(ExpressionTree tree, String message) {
    return buildDescription(tree).setMessage(message).build();
  }

  private Description matchChain(
      ExpressionTree tree, String created, ValueFlow chain, VisitorState state) {
    ValueFlow result = ValueFlow.of(chain.where());
    if (result.kind() == ValueFlow.Kind.STATIC_FIELD || closedAtOnce(state.getPath())) {
      return Description.NO_MATCH;
    }
    MethodSymbol provider = enclosingProvider(chain.where(), state);
    if (result.kind() == ValueFlow.Kind.RETURNED && provider != null) {
      return report(
          tree,
          created
              + String.format(
                  " in the provider %s() but returns only an object made from it: the container"
                      + " manages (and closes) what the provider returns, not the client behind"
                      + " it.",
                  provider.getSimpleName())
              + COST
              + " Provide the client itself as its own bean and inject it where the database"
              + " or collection is built.");
    }
    return report(
        tree,
        created
            + " and uses it only in a call chain, so nothing keeps a reference to close it."
            + COST
            + " Keep the client in a variable and close it (try-with-resources), store the chain's"
            + " result in a static field if the client must live as long as the process, or use"
            + " the shared client of the connection module.");
  }

  /** Whether the first call on the created client is its {@code close()}. */
  private static boolean closedAtOnce(TreePath creation) {
    TreePath call = firstCall(creation);
    return call != null && Lifecycle.isCloseCall(call.getLeaf());
  }

  /**
   * The method call whose receiver is the expression at {@code path} (through parentheses and
   * casts), or null.
   */
  private static @Nullable TreePath firstCall(TreePath path) {
    TreePath current = path.getParentPath();
    while (current != null
        && (current.getLeaf() instanceof ParenthesizedTree
            || current.getLeaf() instanceof TypeCastTree)) {
      current = current.getParentPath();
    }
    return current != null && current.getParentPath() != null ? current.getParentPath() : null;
  }

  private static @Nullable MethodSymbol enclosingProvider(TreePath path, VisitorState state) {
    TreePath code = Lifecycle.enclosingCode(path);
    if (code != null && code.getLeaf() instanceof MethodTree method) {
      MethodSymbol symbol = ASTHelpers.getSymbol(method);
      return Frameworks.isProvider(symbol, state) ? symbol : null;
    }
    return null;
  }

  // Locals -----------------------------------------------------------------------------------

  private Description matchLocal(
      ExpressionTree tree, String created, ValueFlow flow, VisitorState state) {
    VarSymbol variable = flow.variable();
    if (variable == null || variable.getKind() == ElementKind.RESOURCE_VARIABLE) {
      return Description.NO_MATCH;
    }
    TreePath code = Lifecycle.enclosingCode(flow.where());
    TreePath declaration = declarationOf(variable, code);
    if (declaration == null
        || !(declaration.getParentPath().getLeaf() instanceof BlockTree declaringBlock)) {
      return Description.NO_MATCH;
    }
    LocalUses uses = LocalUses.scan(variable, code, state);
    if (uses.escapes) {
      return Description.NO_MATCH;
    }
    if (closedByFinally(state.getPath(), variable, declaringBlock)) {
      return Description.NO_MATCH;
    }
    String name = variable.getSimpleName().toString();
    String problem =
        uses.closes.isEmpty()
            ? String.format(" and keeps it in the local variable %s, which is never closed.", name)
            : String.format(
                " and keeps it in the local variable %s, which is closed only on the normal path"
                    + " or in some branches: an exception or another branch skips close().",
                name);
    Optional<SuggestedFix> fix;
    try {
      fix = tryWithResourcesFix(flow.where(), declaringBlock, variable, uses, state);
    } catch (RuntimeException unexpected) {
      // A code shape the rewrite does not know: report without a fix rather than crash javac.
      fix = Optional.empty();
    }
    String message =
        created
            + problem
            + COST
            + (fix.isPresent()
                ? " Declare it in try-with-resources, as the suggested fix does."
                : " Declare it in try-with-resources, or close it in a finally block.");
    Description.Builder description = buildDescription(tree).setMessage(message);
    fix.ifPresent(description::addFix);
    return description.build();
  }

  private static @Nullable TreePath declarationOf(VarSymbol variable, @Nullable TreePath code) {
    if (code == null) {
      return null;
    }
    TreePath[] found = {null};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) == variable) {
          found[0] = getCurrentPath();
        }
        return super.visitVariable(tree, null);
      }
    }.scan(code, null);
    return found[0];
  }

  /**
   * Whether a {@code finally} closes {@code variable} on every path from the creation at {@code
   * creation}: a {@code try} whose body contains the creation, or a {@code try} that follows the
   * statement containing it in the same block, up to the block that declares the variable.
   */
  private static boolean closedByFinally(
      TreePath creation, VarSymbol variable, BlockTree declaringBlock) {
    Tree child = creation.getLeaf();
    for (TreePath current = creation.getParentPath();
        current != null;
        child = current.getLeaf(), current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof TryTree tryTree
          && tryTree.getBlock() == child
          && Lifecycle.finallyCloses(tryTree, variable)) {
        return true;
      }
      if (leaf instanceof BlockTree block) {
        List<? extends StatementTree> statements = block.getStatements();
        for (int i = statements.indexOf(child) + 1; i > 0 && i < statements.size(); i++) {
          if (statements.get(i) instanceof TryTree tryTree
              && Lifecycle.finallyCloses(tryTree, variable)) {
            return true;
          }
        }
        if (block == declaringBlock) {
          return false;
        }
      }
      if (leaf instanceof MethodTree || leaf instanceof LambdaExpressionTree) {
        return false;
      }
    }
    return false;
  }

  /** How a local variable that holds a client is used. */
  private static final class LocalUses {
    /** The value moves on: returned, passed on, stored elsewhere or closed as a resource. */
    boolean escapes;

    /** Whether the variable is assigned after its declaration. */
    boolean reassigned;

    /** The {@code close()} calls on the variable. */
    final List<TreePath> closes = new ArrayList<>();

    static LocalUses scan(VarSymbol variable, TreePath code, VisitorState state) {
      LocalUses uses = new LocalUses();
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitIdentifier(IdentifierTree tree, Void unused) {
          if (ASTHelpers.getSymbol(tree) == variable) {
            uses.classify(getCurrentPath(), state);
          }
          return null;
        }

        @Override
        public Void visitAssignment(AssignmentTree tree, Void unused) {
          if (ASTHelpers.getSymbol(tree.getVariable()) == variable) {
            uses.reassigned = true;
            return scan(tree.getExpression(), null);
          }
          return super.visitAssignment(tree, null);
        }
      }.scan(code, null);
      return uses;
    }

    private void classify(TreePath use, VisitorState state) {
      Tree parent = use.getParentPath().getLeaf();
      if (parent instanceof TryTree
          || parent instanceof MemberReferenceTree
          || inShutdownHook(use, state)) {
        // A resource, a method reference (client::close) or a shutdown hook: closed elsewhere.
        escapes = true;
        return;
      }
      ValueFlow flow = ValueFlow.of(use);
      switch (flow.kind()) {
        case RETURNED, ARGUMENT, LOCAL, STATIC_FIELD -> escapes = true;
        case INSTANCE_FIELD -> {
          if (flow.variable() == null
              || !(flow.variable().owner instanceof ClassSymbol owner)
              || OwnedFields.ownerProblem(flow.variable(), owner, state).isEmpty()) {
            escapes = true;
          }
        }
        case CHAINED -> {
          TreePath call = firstCall(use);
          if (call != null && Lifecycle.isCloseCall(call.getLeaf())) {
            closes.add(call);
          }
        }
        case DISCARDED, OTHER -> {}
      }
    }
  }

  private static boolean inShutdownHook(TreePath use, VisitorState state) {
    for (TreePath current = use.getParentPath();
        current != null;
        current = current.getParentPath()) {
      if (current.getLeaf() instanceof MethodInvocationTree invocation
          && Frameworks.ADD_SHUTDOWN_HOOK.matches(invocation, state)) {
        return true;
      }
      if (current.getLeaf() instanceof MethodTree || current.getLeaf() instanceof ClassTree) {
        return false;
      }
    }
    return false;
  }

  /**
   * The try-with-resources rewrite of a local declared with the creation as its initializer, when
   * it is safe: the declaration is a statement of a block, the variable is a client type and never
   * reassigned, and every {@code close()} of it is a statement of that same block.
   */
  private static Optional<SuggestedFix> tryWithResourcesFix(
      TreePath where, BlockTree block, VarSymbol variable, LocalUses uses, VisitorState state) {
    if (!(where.getLeaf() instanceof VariableTree declaration)
        || where.getParentPath().getLeaf() != block
        || uses.reassigned
        || !MongoDriver.isClientType(variable.type, state)) {
      return Optional.empty();
    }
    if (capturedLater(block, variable)) {
      // A lambda or class may use the client after the block ends: closing it there is unsafe.
      return Optional.empty();
    }
    String source = state.getSourceForNode(declaration);
    if (source == null || !source.trim().endsWith(";")) {
      return Optional.empty();
    }
    List<? extends StatementTree> statements = block.getStatements();
    int start = statements.indexOf(declaration);
    for (TreePath close : uses.closes) {
      Tree statement = close.getParentPath().getLeaf();
      if (close.getParentPath().getParentPath().getLeaf() != block
          || !Lifecycle.isCloseStatement(statement, variable)) {
        return Optional.empty();
      }
    }
    int end = start;
    for (int i = start + 1; i < statements.size(); i++) {
      if (references(statements.get(i), Set.of(variable))) {
        end = i;
      }
    }
    Set<Symbol> declaredInside = new HashSet<>();
    for (int i = start + 1; i <= end; i++) {
      if (statements.get(i) instanceof VariableTree local) {
        declaredInside.add(ASTHelpers.getSymbol(local));
      } else if (statements.get(i) instanceof ClassTree local) {
        declaredInside.add(ASTHelpers.getSymbol(local));
      }
    }
    for (int i = end + 1; i < statements.size() && !declaredInside.isEmpty(); i++) {
      if (references(statements.get(i), declaredInside)) {
        end = statements.size() - 1;
        break;
      }
    }
    String resource = source.trim();
    resource = resource.substring(0, resource.length() - 1).trim();
    SuggestedFix.Builder fix = SuggestedFix.builder();
    if (end == start) {
      fix.replace(declaration, "try (" + resource + ") {}");
      return Optional.of(fix.build());
    }
    fix.replace(declaration, "try (" + resource + ") {");
    for (TreePath close : uses.closes) {
      fix.delete(close.getParentPath().getLeaf());
    }
    fix.postfixWith(statements.get(end), "\n}");
    return Optional.of(fix.build());
  }

  /** Whether a lambda, method reference or class in {@code block} uses {@code variable}. */
  private static boolean capturedLater(BlockTree block, VarSymbol variable) {
    Boolean found =
        new TreeScanner<Boolean, Boolean>() {
          @Override
          public Boolean visitIdentifier(IdentifierTree identifier, Boolean deferred) {
            return deferred && ASTHelpers.getSymbol(identifier) == variable;
          }

          @Override
          public Boolean visitLambdaExpression(LambdaExpressionTree tree, Boolean deferred) {
            return super.visitLambdaExpression(tree, true);
          }

          @Override
          public Boolean visitMemberReference(MemberReferenceTree tree, Boolean deferred) {
            return super.visitMemberReference(tree, true);
          }

          @Override
          public Boolean visitClass(ClassTree tree, Boolean deferred) {
            return super.visitClass(tree, true);
          }

          @Override
          public Boolean reduce(Boolean left, Boolean right) {
            return Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right);
          }
        }.scan(block, false);
    return Boolean.TRUE.equals(found);
  }

  private static boolean references(Tree tree, Set<Symbol> symbols) {
    Boolean found =
        new TreeScanner<Boolean, Void>() {
          @Override
          public Boolean visitIdentifier(IdentifierTree identifier, Void unused) {
            return symbols.contains(ASTHelpers.getSymbol(identifier));
          }

          @Override
          public Boolean reduce(Boolean left, Boolean right) {
            return Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right);
          }
        }.scan(tree, null);
    return Boolean.TRUE.equals(found);
  }

  // Fields -----------------------------------------------------------------------------------

  /** Each field that receives a client is checked once, in its class, by {@link OwnedFields}. */
  @Override
  public Description matchClass(ClassTree tree, VisitorState state) {
    for (OwnedFields.Leak leak : OwnedFields.leaks(tree, state)) {
      state.reportMatch(buildDescription(leak.at()).setMessage(leak.message()).build());
    }
    return Description.NO_MATCH;
  }
}
