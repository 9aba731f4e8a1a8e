package io.github.mongoguard.checks;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * The locals that hold a client or a value taken from it (a database, a collection, an iterable, a
 * cursor, a session), and whether any of them can outlive a block that closes the client.
 */
final class DerivedValues {
  private DerivedValues() {}

  /**
   * The locals of {@code code} derived from {@code client} (the client included), or null when the
   * client or one of them escapes: returned, yielded, thrown, stored outside a local, captured by a
   * lambda or class, or handed to code that may keep it.
   */
  static @Nullable Set<Symbol> of(Symbol client, TreePath code, VisitorState state) {
    Set<Symbol> derived = new HashSet<>();
    derived.add(client);
    // Declarations come in source order; a second pass catches assignments in loops.
    for (int pass = 0; pass < 2; pass++) {
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitVariable(VariableTree tree, Void unused) {
          if (tree.getInitializer() != null
              && mentions(tree.getInitializer(), derived)
              && mayHoldDriverObject(ASTHelpers.getSymbol(tree))) {
            derived.add(ASTHelpers.getSymbol(tree));
          }
          return super.visitVariable(tree, null);
        }

        @Override
        public Void visitAssignment(AssignmentTree tree, Void unused) {
          Symbol target = ASTHelpers.getSymbol(tree.getVariable());
          if (target != null
              && target.getKind() == ElementKind.LOCAL_VARIABLE
              && mentions(tree.getExpression(), derived)
              && mayHoldDriverObject(target)) {
            derived.add(target);
          }
          return super.visitAssignment(tree, null);
        }

        @Override
        public Void visitEnhancedForLoop(EnhancedForLoopTree tree, Void unused) {
          if (mentions(tree.getExpression(), derived)
              && mayHoldDriverObject(ASTHelpers.getSymbol(tree.getVariable()))) {
            derived.add(ASTHelpers.getSymbol(tree.getVariable()));
          }
          return super.visitEnhancedForLoop(tree, null);
        }
      }.scan(code.getLeaf(), null);
    }
    boolean[] escapes = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree tree, Void unused) {
        if (derived.contains(ASTHelpers.getSymbol(tree)) && escapes(getCurrentPath(), state)) {
          escapes[0] = true;
        }
        return null;
      }
    }.scan(code, null);
    return escapes[0] ? null : derived;
  }

  private static boolean escapes(TreePath use, VisitorState state) {
    Tree child = use.getLeaf();
    boolean inExpression = true;
    for (TreePath current = use.getParentPath();
        current != null;
        child = current.getLeaf(), current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof LambdaExpressionTree
          || leaf instanceof MemberReferenceTree
          || leaf instanceof ClassTree) {
        return true;
      }
      if (leaf instanceof com.sun.source.tree.MethodTree) {
        return false;
      }
      if (!inExpression) {
        continue;
      }
      if (leaf instanceof ReturnTree || leaf instanceof YieldTree || leaf instanceof ThrowTree) {
        return true;
      }
      if (leaf instanceof AssignmentTree assignment
          && assignment.getExpression() == child
          && !isLocal(ASTHelpers.getSymbol(assignment.getVariable()))) {
        return true;
      }
      if (leaf instanceof CompoundAssignmentTree) {
        return true;
      }
      if (leaf instanceof MethodInvocationTree call
          && call.getArguments().contains(child)
          && !readsOnly(ASTHelpers.getSymbol(call), call.getArguments().indexOf(child), state)) {
        return true;
      }
      if (leaf instanceof NewClassTree creation
          && creation.getArguments().contains(child)
          && (creation.getClassBody() != null
              || !readsOnly(
                  ASTHelpers.getSymbol(creation), creation.getArguments().indexOf(child), state))) {
        return true;
      }
      if (leaf instanceof StatementTree) {
        inExpression = false;
      }
    }
    return false;
  }

  /** Whether a call of {@code method} only reads its argument {@code index}. */
  private static boolean readsOnly(@Nullable MethodSymbol method, int index, VisitorState state) {
    if (method == null) {
      return false;
    }
    if (method.owner instanceof ClassSymbol owner) {
      String name = owner.getQualifiedName().toString();
      if (name.startsWith("com.mongodb.") || name.startsWith("org.bson.")) {
        return true;
      }
    }
    if (OwnershipSummaries.isNonOwningSink(method)) {
      return true;
    }
    return CompilationIndex.instance(state).isInCompilation(method)
        && !OwnershipSummaries.takesOwnership(method, index, state);
  }

  /**
   * Whether a local of this type can hold an object of the driver that depends on the client (a
   * database, a collection, an iterable, a cursor, a session), directly or in a container; a count,
   * a name or a document read from the server cannot.
   */
  private static boolean mayHoldDriverObject(@Nullable Symbol local) {
    return local != null
        && local.type != null
        && (local.type.toString().contains("com.mongodb.")
            || local.type.tsym == null
            || local.type.tsym.getQualifiedName().contentEquals("java.lang.Object"));
  }

  private static boolean isLocal(@Nullable Symbol symbol) {
    return symbol != null
        && (symbol.getKind() == ElementKind.LOCAL_VARIABLE
            || symbol.getKind() == ElementKind.RESOURCE_VARIABLE);
  }

  private static boolean mentions(ExpressionTree tree, Set<Symbol> symbols) {
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
}
