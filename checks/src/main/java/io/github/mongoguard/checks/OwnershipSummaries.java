package io.github.mongoguard.checks;

import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.Name;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a method or constructor does with a client handed to it: whether it takes ownership (stores
 * it, closes it, returns it, or hands it on to code that may), and which well-known methods move
 * nothing or pass their argument through.
 *
 * <p>A method whose body is not in the compilation, or that an override may replace, takes
 * ownership: where the analysis cannot see, it assumes the client was handed on. Answers are
 * memoised per compilation; a method whose answer is being computed takes ownership.
 */
final class OwnershipSummaries {
  private static final Context.Key<Map<MethodSymbol, boolean[]>> KEY = new Context.Key<>();

  /** Types whose every method only reads its arguments: loggers, printers, assertions. */
  private static final ImmutableSet<String> NON_OWNING_TYPES =
      ImmutableSet.of(
          "org.slf4j.Logger",
          "java.util.logging.Logger",
          "java.lang.System.Logger",
          "org.apache.logging.log4j.Logger",
          "org.apache.commons.logging.Log",
          "java.io.PrintStream",
          "java.io.PrintWriter",
          "java.lang.String",
          "java.lang.StringBuilder",
          "java.lang.StringBuffer",
          "org.junit.Assert",
          "org.junit.jupiter.api.Assertions",
          "org.junit.jupiter.api.Assumptions",
          "org.junit.Assume",
          "org.testng.Assert",
          "org.hamcrest.MatcherAssert",
          "org.hamcrest.Matchers",
          "org.hamcrest.CoreMatchers",
          "org.assertj.core.api.Assertions",
          "com.google.common.truth.Truth");

  /** Methods that read their argument wherever they are declared. */
  private static final ImmutableSet<String> NON_OWNING_METHODS =
      ImmutableSet.of("equals", "hashCode", "toString", "getClass", "valueOf", "format");

  /** Static methods that return their argument (or a value holding it) unchanged. */
  private static final ImmutableSet<String> PASS_THROUGH_STATIC =
      ImmutableSet.of(
          "java.util.Objects.requireNonNull",
          "java.util.Objects.requireNonNullElse",
          "com.google.common.base.Preconditions.checkNotNull",
          "com.google.common.base.Verify.verifyNotNull",
          "java.util.Optional.of",
          "java.util.Optional.ofNullable",
          "java.util.stream.Stream.of",
          "java.util.stream.Stream.ofNullable",
          "java.util.concurrent.CompletableFuture.completedFuture");

  /** Instance methods of the JDK's pipelines whose result holds the receiver's value. */
  private static final ImmutableSet<String> PASS_THROUGH_TYPES =
      ImmutableSet.of(
          "java.util.Optional",
          "java.util.stream.Stream",
          "java.util.stream.BaseStream",
          "java.util.concurrent.CompletableFuture",
          "java.util.concurrent.CompletionStage");

  private static final ImmutableSet<String> PASS_THROUGH_INSTANCE =
      ImmutableSet.of(
          "map",
          "flatMap",
          "filter",
          "or",
          "orElse",
          "orElseGet",
          "orElseThrow",
          "get",
          "peek",
          "sorted",
          "distinct",
          "limit",
          "skip",
          "findFirst",
          "findAny",
          "sequential",
          "parallel",
          "unordered",
          "thenApply",
          "thenApplyAsync",
          "thenCompose",
          "thenComposeAsync",
          "join",
          "getNow",
          "toCompletableFuture",
          "exceptionally",
          "whenComplete",
          "whenCompleteAsync");

  /** Static helpers that close the {@code Closeable} handed to them. */
  private static final ImmutableSet<String> CLOSE_HELPER_TYPES =
      ImmutableSet.of(
          "org.apache.commons.io.IOUtils",
          "com.google.common.io.Closeables",
          "org.apache.http.util.EntityUtils",
          "org.springframework.util.StreamUtils");

  private OwnershipSummaries() {}

  /** Whether {@code method} only reads the arguments it is given, whatever they are. */
  static boolean isNonOwningSink(MethodSymbol method) {
    return NON_OWNING_METHODS.contains(method.getSimpleName().toString())
        || (method.owner instanceof ClassSymbol owner
            && NON_OWNING_TYPES.contains(owner.getQualifiedName().toString()))
        || (method.isStatic() && NON_OWNING_STATIC.contains(qualifiedName(method)))
        || (!method.isStatic()
            && method.getParameters().isEmpty()
            && NON_OWNING_QUERIES.contains(qualifiedName(method)));
  }

  /**
   * Queries of the JDK's holders that read whether, or how many, values they hold and keep nothing.
   */
  private static final ImmutableSet<String> NON_OWNING_QUERIES =
      ImmutableSet.of(
          "java.util.stream.Stream.count",
          "java.util.Optional.isPresent",
          "java.util.Optional.isEmpty",
          "java.util.concurrent.CompletableFuture.isDone",
          "java.util.concurrent.CompletableFuture.isCancelled",
          "java.util.concurrent.CompletableFuture.isCompletedExceptionally",
          "java.util.concurrent.Future.isDone",
          "java.util.concurrent.Future.isCancelled");

  /** Static methods that read their arguments and keep nothing. */
  private static final ImmutableSet<String> NON_OWNING_STATIC =
      ImmutableSet.of(
          "java.util.Objects.equals",
          "java.util.Objects.hash",
          "java.util.Objects.isNull",
          "java.util.Objects.nonNull",
          "com.google.common.base.Preconditions.checkArgument",
          "com.google.common.base.Preconditions.checkState");

  /** How the result of a JDK pipeline step relates to what its function argument returns. */
  enum FunctionStep {
    /** The result does not hold the function's value. */
    NONE,
    /** The step runs the function eagerly, and its result holds what the function returns. */
    ALWAYS,
    /**
     * The result holds what the function returns when the receiver is empty ({@code orElseGet}).
     */
    WHEN_EMPTY
  }

  /**
   * Steps whose result holds what their function returns, run eagerly. A stream's {@code map} is
   * not one: it is lazy, and a stream that is dropped has run nothing.
   */
  private static final ImmutableSet<String> FUNCTION_RESULT_STEPS =
      ImmutableSet.of(
          "java.util.concurrent.CompletableFuture.supplyAsync",
          "java.util.Optional.map",
          "java.util.concurrent.CompletableFuture.thenApply",
          "java.util.concurrent.CompletableFuture.thenApplyAsync",
          "java.util.concurrent.CompletionStage.thenApply",
          "java.util.concurrent.CompletionStage.thenApplyAsync");

  /** Steps of the JDK's pipelines whose result is what their function makes of the value. */
  private static final ImmutableSet<String> VALUE_MAPPING_STEPS =
      ImmutableSet.of(
          "map",
          "flatMap",
          "thenApply",
          "thenApplyAsync",
          "thenCompose",
          "thenComposeAsync",
          "handle",
          "handleAsync");

  /**
   * Whether {@code method} is a pipeline step whose result holds what its function returns for the
   * value it holds ({@code optional.map(f)}, {@code future.thenApply(f)}), not that value.
   */
  static boolean mapsValue(MethodSymbol method) {
    return isPipelineStep(method, VALUE_MAPPING_STEPS);
  }

  /** Whether {@code method} is an instance method named in {@code steps} of a JDK pipeline type. */
  private static boolean isPipelineStep(MethodSymbol method, ImmutableSet<String> steps) {
    return !method.isStatic()
        && steps.contains(method.getSimpleName().toString())
        && method.owner instanceof ClassSymbol owner
        && PASS_THROUGH_TYPES.contains(owner.getQualifiedName().toString());
  }

  /** Whether, and when, the result of {@code method} holds what its first argument returns. */
  static FunctionStep functionStep(MethodSymbol method) {
    String name = method.getSimpleName().toString();
    if (name.equals("orElseGet")) {
      return qualifiedName(method).equals("java.util.Optional.orElseGet")
          ? FunctionStep.WHEN_EMPTY
          : FunctionStep.NONE;
    }
    if (!name.equals("map") && !name.startsWith("thenApply") && !name.equals("supplyAsync")) {
      return FunctionStep.NONE;
    }
    return FUNCTION_RESULT_STEPS.contains(qualifiedName(method))
        ? FunctionStep.ALWAYS
        : FunctionStep.NONE;
  }

  /**
   * The argument that a call of the collection or map method {@code name} with {@code arguments}
   * arguments adds as an element or value ({@code add(e)}, {@code add(i, e)}, {@code push(e)},
   * {@code put(k, v)}, {@code computeIfAbsent(k, f)}), or -1.
   */
  static int addedElement(String name, int arguments) {
    return switch (name) {
      case "add", "addFirst", "addLast", "offer", "offerFirst", "offerLast", "push" ->
          arguments - 1;
      case "put", "computeIfAbsent" -> arguments == 2 ? 1 : -1;
      default -> -1;
    };
  }

  /** Whether {@code symbol} is declared in {@code java.util} or {@code java.util.concurrent}. */
  static boolean isInJdkCollections(Symbol symbol) {
    Name pkg = symbol.packge().getQualifiedName();
    return pkg.contentEquals("java.util") || pkg.contentEquals("java.util.concurrent");
  }

  /** Steps of the JDK's pipelines that hand their value to a function and keep nothing of it. */
  private static final ImmutableSet<String> CONSUMER_STEPS =
      ImmutableSet.of(
          "ifPresent",
          "ifPresentOrElse",
          "thenAccept",
          "thenAcceptAsync",
          "forEach",
          "forEachOrdered");

  /**
   * Whether {@code method} is a step of a JDK pipeline that hands the value it holds to a function
   * and whose result (if any) does not hold it: {@code optional.ifPresent(f)}, {@code
   * future.thenAccept(f)}.
   */
  static boolean consumesValue(MethodSymbol method) {
    return isPipelineStep(method, CONSUMER_STEPS);
  }

  /** Whether a call of {@code method} ends the process: {@code System.exit}, {@code halt}. */
  static boolean endsTheProcess(MethodSymbol method) {
    String name = qualifiedName(method);
    return name.equals("java.lang.System.exit")
        || name.equals("java.lang.Runtime.exit")
        || name.equals("java.lang.Runtime.halt");
  }

  /** Whether the result of {@code method} holds the value of its receiver or arguments. */
  static boolean isPassThrough(MethodSymbol method) {
    if (method.isStatic()) {
      return PASS_THROUGH_STATIC.contains(qualifiedName(method));
    }
    return isPipelineStep(method, PASS_THROUGH_INSTANCE);
  }

  /** Whether {@code method} is a library helper that closes what it is given. */
  static boolean isCloseHelper(MethodSymbol method) {
    String name = method.getSimpleName().toString();
    return method.isStatic()
        && (name.startsWith("close") || name.startsWith("shutdown"))
        && method.owner instanceof ClassSymbol owner
        && (CLOSE_HELPER_TYPES.contains(owner.getQualifiedName().toString())
            || name.equals("closeQuietly"));
  }

  /** Whether {@code method} is declared by the driver (the client's supertypes included). */
  static boolean isDriverMethod(MethodSymbol method) {
    return method.owner instanceof ClassSymbol owner
        && owner.getQualifiedName().toString().startsWith("com.mongodb.");
  }

  /** Whether {@code method} is the {@code close()} of a client or any {@code AutoCloseable}. */
  static boolean isClose(MethodSymbol method) {
    return method.getSimpleName().contentEquals("close") && method.getParameters().isEmpty();
  }

  /**
   * Whether {@code callee} may take ownership of the client passed as its argument {@code index}:
   * it closes, stores or returns it, hands it to code that may, or its body is out of sight.
   */
  static boolean takesOwnership(MethodSymbol callee, int index, VisitorState state) {
    if (isNonOwningSink(callee)) {
      return false;
    }
    List<VarSymbol> parameters = callee.getParameters();
    if (index >= parameters.size() || (callee.isVarArgs() && index >= parameters.size() - 1)) {
      return true;
    }
    Map<MethodSymbol, boolean[]> cache = state.context.get(KEY);
    if (cache == null) {
      cache = new HashMap<>();
      state.context.put(KEY, cache);
    }
    boolean[] answers = cache.get(callee);
    if (answers == null) {
      // In progress: a recursive call takes ownership until the summary is known.
      boolean[] inProgress = new boolean[parameters.size()];
      java.util.Arrays.fill(inProgress, true);
      cache.put(callee, inProgress);
      answers = new boolean[parameters.size()];
      for (int i = 0; i < parameters.size(); i++) {
        try {
          answers[i] = computeTakesOwnership(callee, parameters.get(i), state);
        } catch (RuntimeException | AssertionError unexpected) {
          answers[i] = true;
        }
      }
      cache.put(callee, answers);
    }
    return answers[index];
  }

  private static boolean computeTakesOwnership(
      MethodSymbol callee, VarSymbol parameter, VisitorState state) {
    if (callee.isConstructor()
        && ((callee.flags() & Flags.GENERATEDCONSTR) != 0
            || (callee.owner.flags() & Flags.RECORD) != 0)) {
      // A record's constructor stores its components; a generated constructor passes them on.
      return true;
    }
    TreePath path = CompilationIndex.instance(state).declaration(callee);
    if (path == null
        || !(path.getLeaf() instanceof MethodTree method)
        || method.getBody() == null
        || !cannotBeOverridden(callee, state)) {
      return true;
    }
    boolean[] owns = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) == parameter && !isReadOnlyUse(getCurrentPath(), state)) {
          owns[0] = true;
        }
        return null;
      }
    }.scan(new TreePath(path, method.getBody()), null);
    return owns[0];
  }

  /**
   * Whether the use of a parameter at {@code use} only reads it: the receiver of a client method
   * other than {@code close()}, an argument of a non-owning sink or of a method that does not take
   * ownership, an operand of a comparison, of {@code instanceof} without a pattern, or of string
   * concatenation.
   */
  static boolean isReadOnlyUse(TreePath use, VisitorState state) {
    TreePath current = use;
    Tree parent = current.getParentPath().getLeaf();
    while (parent instanceof ParenthesizedTree) {
      current = current.getParentPath();
      parent = current.getParentPath().getLeaf();
    }
    if (parent instanceof InstanceOfTree instanceOf) {
      // A pattern binds the value to a new variable (`resource instanceof MongoClient client`),
      // through which the method may close or keep it.
      return instanceOf.getPattern() == null;
    }
    if (parent instanceof BinaryTree) {
      return true;
    }
    if (parent instanceof ExpressionStatementTree) {
      return true;
    }
    if (parent instanceof MemberSelectTree select
        && current.getParentPath().getParentPath().getLeaf() instanceof MethodInvocationTree call
        && call.getMethodSelect() == select) {
      MethodSymbol method = ASTHelpers.getSymbol(call);
      return method != null
          && !isClose(method)
          && (MongoDriver.isClientType(method.owner.type, state)
              || isDriverMethod(method)
              || isNonOwningSink(method));
    }
    if (parent instanceof MethodInvocationTree call
        && call.getArguments().contains(current.getLeaf())) {
      MethodSymbol method = ASTHelpers.getSymbol(call);
      return method != null
          && !isCloseHelper(method)
          && !isPassThrough(method)
          && !takesOwnership(
              method, call.getArguments().indexOf((ExpressionTree) current.getLeaf()), state);
    }
    if (parent instanceof NewClassTree call
        && call.getClassBody() == null
        && call.getArguments().contains(current.getLeaf())) {
      MethodSymbol constructor = ASTHelpers.getSymbol(call);
      return constructor != null
          && !takesOwnership(
              constructor, call.getArguments().indexOf((ExpressionTree) current.getLeaf()), state);
    }
    return parent instanceof VariableTree variable && variable.getInitializer() == null;
  }

  private static boolean cannotBeOverridden(MethodSymbol method, VisitorState state) {
    if (method.isStatic()
        || method.isPrivate()
        || method.isConstructor()
        || (method.flags() & Flags.FINAL) != 0) {
      return true;
    }
    return method.owner instanceof ClassSymbol owner
        && (owner.flags() & Flags.ABSTRACT) == 0
        && ((owner.flags() & Flags.FINAL) != 0
            || owner.isAnonymous()
            || (!owner.isInterface()
                && CompilationIndex.instance(state).directSubclasses(owner).isEmpty()));
  }

  private static String qualifiedName(MethodSymbol method) {
    Symbol owner = method.owner;
    return (owner instanceof ClassSymbol type ? type.getQualifiedName() + "." : "")
        + method.getSimpleName();
  }

  /** The simple name of {@code method}, for messages. */
  static @Nullable String name(@Nullable Symbol method) {
    return method == null ? null : method.getSimpleName().toString();
  }
}
