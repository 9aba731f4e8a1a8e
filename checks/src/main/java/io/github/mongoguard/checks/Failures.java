package io.github.mongoguard.checks;

import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.util.Context;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Which calls can fail with an unchecked exception, as the analysis of a method's paths sees them.
 *
 * <p>A call fails where its code says it can: a method of the compilation whose body throws or
 * calls something that can fail, a method of the JDK that is not known to fail only when the JVM
 * does, and the driver. Code the analysis cannot see is read benignly: a method of another library
 * fails only with the exceptions it declares. Answers for methods of the compilation are memoised
 * per compilation; a method whose answer is being computed can fail.
 */
final class Failures {
  private static final Context.Key<Map<MethodSymbol, Boolean>> KEY = new Context.Key<>();

  /** JDK types whose methods fail only when the JVM does (allocating, reading the runtime). */
  private static final ImmutableSet<String> NO_THROW_TYPES =
      ImmutableSet.of(
          "java.lang.Runtime",
          "java.lang.Thread",
          "java.lang.System",
          "java.lang.Math",
          "java.lang.Object",
          "java.lang.Throwable",
          "java.lang.Boolean",
          "java.lang.Integer",
          "java.lang.Long",
          "java.util.Objects",
          "java.util.Collections",
          "java.util.List",
          "java.util.Set",
          "java.util.Map",
          "java.util.ArrayList",
          "java.util.HashMap",
          "java.time.Duration",
          "java.util.concurrent.TimeUnit",
          "java.util.stream.Collectors");

  private Failures() {}

  /**
   * Whether a call of {@code method}, which declares no exception, fails only when the JVM does or
   * when the code it runs is misused: a known JDK or logging method, a method of another library
   * (read benignly), or a method of the compilation whose body cannot fail.
   */
  static boolean cannotFail(MethodSymbol method, VisitorState state) {
    if (!method.getThrownTypes().isEmpty()) {
      return false;
    }
    ClassSymbol owner = method.enclClass();
    if (owner == null) {
      return false;
    }
    if (NO_THROW_TYPES.contains(owner.getQualifiedName().toString())
        || OwnershipSummaries.isNonOwningSink(method)
        || OwnershipSummaries.isPassThrough(method)) {
      return true;
    }
    TreePath declaration = CompilationIndex.instance(state).declaration(method);
    if (declaration != null) {
      return declaration.getLeaf() instanceof MethodTree tree && bodyCannotFail(method, tree, state);
    }
    return isOtherLibrary(owner);
  }

  /**
   * Whether {@code owner} is a compiled class of a library other than the JDK and the driver: the
   * analysis cannot see how its methods fail beyond what they declare.
   */
  static boolean isOtherLibrary(ClassSymbol owner) {
    String name = owner.getQualifiedName().toString();
    return !name.startsWith("java.")
        && !name.startsWith("javax.")
        && !name.startsWith("jdk.")
        && !name.startsWith("sun.")
        && !name.startsWith("com.mongodb.")
        && !name.startsWith("org.bson.")
        && owner.classfile != null
        && owner.classfile.getKind() == JavaFileObject.Kind.CLASS;
  }

  private static boolean bodyCannotFail(MethodSymbol method, MethodTree tree, VisitorState state) {
    if (tree.getBody() == null) {
      return false;
    }
    Map<MethodSymbol, Boolean> memo = state.context.get(KEY);
    if (memo == null) {
      memo = new HashMap<>();
      state.context.put(KEY, memo);
    }
    Boolean known = memo.get(method);
    if (known != null) {
      return known;
    }
    // Recursion can fail: the answer while it is being computed.
    memo.put(method, false);
    boolean[] fails = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void scan(com.sun.source.tree.Tree tree, Void unused) {
        return fails[0] ? null : super.scan(tree, null);
      }

      @Override
      public Void visitThrow(ThrowTree tree, Void unused) {
        fails[0] = true;
        return null;
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
        check(ASTHelpers.getSymbol(tree));
        return super.visitMethodInvocation(tree, null);
      }

      @Override
      public Void visitNewClass(NewClassTree tree, Void unused) {
        check(ASTHelpers.getSymbol(tree));
        return super.visitNewClass(tree, null);
      }

      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        // The methods of a local or anonymous class do not run here.
        return null;
      }

      private void check(Symbol callee) {
        if (!(callee instanceof MethodSymbol invoked)
            || !(cannotFail(invoked, state) || isDriverAccessor(invoked))) {
          fails[0] = true;
        }
      }
    }.scan(tree.getBody(), null);
    memo.put(method, !fails[0]);
    return !fails[0];
  }

  /** Whether {@code method} is a driver accessor without arguments, which reads a field. */
  static boolean isDriverAccessor(MethodSymbol method) {
    String name = method.getSimpleName().toString();
    return OwnershipSummaries.isDriverMethod(method)
        && (name.startsWith("get") || name.startsWith("with") || name.startsWith("is"))
        && method.getParameters().isEmpty();
  }
}
