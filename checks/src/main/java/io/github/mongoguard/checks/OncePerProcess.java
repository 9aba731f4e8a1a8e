package io.github.mongoguard.checks;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;

/**
 * Decides whether an expression runs once per process or may run again and again.
 *
 * <p>Once per process: a static field initializer or static initializer block; the value assigned
 * to a static field (which covers double-checked lazy initialisation and the holder idiom); a
 * field, initializer block or constructor of a class that the runtime keeps one instance of (an
 * enum with one constant, or a class {@link Frameworks#isProcessLived} knows); a
 * singleton-scoped dependency-injection provider ({@link Frameworks#isSingletonProvider}); and a
 * private method all of whose calls in the compilation unit are themselves once per process.
 * Everything else, a loop or a lambda on the way up included, may run more than once.
 */
final class OncePerProcess {
  private OncePerProcess() {}

  /**
   * Where the expression at {@code path} may run more than once, as a phrase for messages ("in a
   * loop"), or empty when it runs once per process.
   */
  static Optional<String> repeatedContext(TreePath path, VisitorState state) {
    return repeatedContext(path, state, new HashSet<>());
  }

  private static Optional<String> repeatedContext(
      TreePath path, VisitorState state, Set<MethodSymbol> visiting) {
    boolean tryResource = false;
    boolean returned = false;
    Tree child = path.getLeaf();
    for (TreePath parentPath = path.getParentPath();
        parentPath != null;
        child = parentPath.getLeaf(), parentPath = parentPath.getParentPath()) {
      Tree parent = parentPath.getLeaf();
      if (parent instanceof LambdaExpressionTree) {
        return Optional.of("in a lambda, which runs on every call");
      }
      if (parent instanceof ForLoopTree
          || parent instanceof EnhancedForLoopTree
          || parent instanceof WhileLoopTree
          || parent instanceof DoWhileLoopTree) {
        return Optional.of("in a loop");
      }
      if (parent instanceof AssignmentTree assignment
          && assignment.getExpression() == child
          && isStaticField(ASTHelpers.getSymbol(assignment.getVariable()))) {
        return Optional.empty();
      }
      if (parent instanceof TryTree tryTree && tryTree.getResources().contains(child)) {
        tryResource = true;
      }
      if (parent instanceof ReturnTree) {
        returned = true;
      }
      if (parent instanceof VariableTree variable && variable.getInitializer() == child) {
        Symbol symbol = ASTHelpers.getSymbol(variable);
        if (symbol.getKind() == ElementKind.FIELD
            || symbol.getKind() == ElementKind.ENUM_CONSTANT) {
          return ASTHelpers.isStatic(symbol) || isProcessLived(symbol.owner, state)
              ? Optional.empty()
              : Optional.of(
                  "in the initializer of the instance field " + symbol.getSimpleName()
                      + ", which runs for every new instance");
        }
      }
      if (parent instanceof BlockTree block
          && parentPath.getParentPath() != null
          && parentPath.getParentPath().getLeaf() instanceof ClassTree classTree) {
        return block.isStatic() || isProcessLived(ASTHelpers.getSymbol(classTree), state)
            ? Optional.empty()
            : Optional.of("in an instance initializer, which runs for every new instance");
      }
      if (parent instanceof MethodTree method) {
        return methodContext(
            ASTHelpers.getSymbol(method), parentPath, state, visiting, tryResource, returned);
      }
      if (parent instanceof ClassTree) {
        return Optional.of("outside every once-per-process context");
      }
    }
    return Optional.of("outside every once-per-process context");
  }

  private static Optional<String> methodContext(
      MethodSymbol method,
      TreePath methodPath,
      VisitorState state,
      Set<MethodSymbol> visiting,
      boolean tryResource,
      boolean returned) {
    String name = method.getSimpleName() + "()";
    if (Frameworks.isSingletonProvider(method, state)) {
      return Optional.empty();
    }
    if (Frameworks.isProvider(method, state)) {
      return Optional.of(
          "in the provider " + name + ", which is not singleton-scoped: the container calls it"
              + " for every injection");
    }
    if (method.isConstructor() && isProcessLived(method.owner, state)) {
      return Optional.empty();
    }
    if (method.getModifiers().contains(Modifier.PRIVATE) && visiting.add(method)) {
      Optional<String> callers = callersContext(method, methodPath, state, visiting);
      if (callers.isEmpty()) {
        return callers;
      }
      return Optional.of("in the private method " + name + ", which is called " + callers.get());
    }
    if (method.isConstructor()) {
      return Optional.of("in a constructor, which runs for every new instance");
    }
    if (tryResource) {
      return Optional.of("in try-with-resources in the method " + name);
    }
    if (returned) {
      return Optional.of(
          "in the factory method " + name + ", which returns a new client to every caller");
    }
    return Optional.of("in the method " + name);
  }

  /**
   * Whether every call of the private {@code method} in its compilation unit is once per process;
   * empty if so, otherwise where one of them is not.
   */
  private static Optional<String> callersContext(
      MethodSymbol method, TreePath methodPath, VisitorState state, Set<MethodSymbol> visiting) {
    List<TreePath> calls = new ArrayList<>();
    boolean[] referenced = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) == method) {
          calls.add(getCurrentPath());
        }
        return super.visitMethodInvocation(tree, null);
      }

      @Override
      public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) == method) {
          referenced[0] = true;
        }
        return super.visitMemberReference(tree, null);
      }
    }.scan(methodPath.getCompilationUnit(), null);
    if (referenced[0]) {
      return Optional.of("through a method reference, which may run on every call");
    }
    if (calls.isEmpty()) {
      return Optional.of("by nothing in this file, so only from code that runs more than once");
    }
    for (TreePath call : calls) {
      Optional<String> context = repeatedContext(call, state, visiting);
      if (context.isPresent()) {
        return context;
      }
    }
    return Optional.empty();
  }

  private static boolean isStaticField(Symbol symbol) {
    return symbol != null && symbol.getKind() == ElementKind.FIELD && ASTHelpers.isStatic(symbol);
  }

  /**
   * Whether the runtime keeps one instance of {@code owner}: an enum with a single constant, or a
   * class that {@link Frameworks#isProcessLived} knows to live as long as the process (the same
   * owners UnclosedMongoClient accepts).
   */
  private static boolean isProcessLived(Symbol owner, VisitorState state) {
    if (!(owner instanceof ClassSymbol classSymbol)) {
      return false;
    }
    if (classSymbol.isEnum()) {
      return ASTHelpers.enumValues(classSymbol).size() == 1;
    }
    return Frameworks.isProcessLived(classSymbol, state);
  }
}
