package io.github.mongoguard.checks;

import static com.google.errorprone.matchers.Matchers.anyOf;
import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;
import static com.google.errorprone.matchers.method.MethodMatchers.staticMethod;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.util.Context;
import io.github.mongoguard.checks.FrameworkCallers.Call;
import io.github.mongoguard.checks.FrameworkCallers.Frequency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether code runs once per process or more than once, and names the evidence.
 *
 * <p>Code runs more than once only on evidence: a loop body or a lambda that a per-element API
 * calls; {@code ThreadLocal.withInitial} and periodic scheduling; an entry point that a framework
 * calls per request, message, event or scheduled run ({@link FrameworkCallers}); a provider that
 * its container calls per injection; a non-private field or method that hands out a function
 * returning what it creates; and, across the compilation, a method, constructor or initializer that
 * one of its call sites (any file, through {@link CompilationIndex}) calls from such code.
 *
 * <p>Code runs once on evidence too: static initializers and static field initializers, the value
 * assigned to a static field (lazy and double-checked initialisation), {@code computeIfAbsent} on a
 * static map or a field of a process-lived owner, the construction of a process-lived owner, {@code
 * main}, once-only lifecycle callbacks and singleton providers, and any method all of whose call
 * sites run once. Everything else is unknown: neither evidence of repetition nor of a single run,
 * which callers treat as benign.
 *
 * <p>The answer for each method and each class's construction is memoised for the compilation, and
 * a cycle of calls counts as running once.
 */
final class OncePerProcess {
  /** How often code runs, as far as the compilation shows. */
  enum Kind {
    /** Once per process: evidence says so. */
    ONCE,
    /** No evidence either way. */
    UNKNOWN,
    /** More than once per process: evidence says so. */
    REPEATED
  }

  /**
   * How often code runs, with the evidence for messages: {@code summary} says how often ("runs on
   * every request"); {@code reason} says why ("`Repo`'s constructor is called from
   * `OrderController.list()` (`@GetMapping`)"), or is empty where the summary says it all; {@code
   * root} names where the evidence starts, for callers' messages.
   */
  record Verdict(Kind kind, String summary, String reason, String root, boolean direct) {
    static final Verdict ONCE = new Verdict(Kind.ONCE, "runs once", "", "", true);
    static final Verdict UNKNOWN = new Verdict(Kind.UNKNOWN, "", "", "", true);

    static Verdict repeated(String summary, String reason, String root) {
      return new Verdict(Kind.REPEATED, summary, reason, root, true);
    }

    boolean isRepeated() {
      return kind == Kind.REPEATED;
    }

    boolean isOnce() {
      return kind == Kind.ONCE;
    }
  }

  /** APIs that call the function they are given once per element. */
  private static final Matcher<ExpressionTree> PER_ELEMENT =
      anyOf(
          instanceMethod().onDescendantOf("java.lang.Iterable").named("forEach"),
          instanceMethod().onDescendantOf("java.util.Iterator").named("forEachRemaining"),
          instanceMethod().onDescendantOf("java.util.Collection").named("removeIf"),
          instanceMethod().onDescendantOf("java.util.List").named("replaceAll"),
          instanceMethod().onDescendantOf("java.util.Map").namedAnyOf("forEach", "replaceAll"),
          instanceMethod()
              .onDescendantOf("java.util.stream.BaseStream")
              .namedAnyOf(
                  "map",
                  "mapToObj",
                  "flatMap",
                  "mapMulti",
                  "filter",
                  "peek",
                  "forEach",
                  "forEachOrdered",
                  "anyMatch",
                  "allMatch",
                  "noneMatch",
                  "takeWhile",
                  "dropWhile",
                  "reduce"),
          staticMethod().onClass("java.util.stream.Stream").namedAnyOf("generate", "iterate"));

  /** {@code ThreadLocal.withInitial}: calls its supplier once for every thread. */
  private static final Matcher<ExpressionTree> THREAD_LOCAL_WITH_INITIAL =
      staticMethod().onClass("java.lang.ThreadLocal").named("withInitial");

  /** Scheduling that runs its task again and again. */
  private static final Matcher<ExpressionTree> PERIODIC_SCHEDULE =
      instanceMethod()
          .onDescendantOf("java.util.concurrent.ScheduledExecutorService")
          .namedAnyOf("scheduleAtFixedRate", "scheduleWithFixedDelay");

  /** Memoising updates: their function runs once per key (or once) on a long-lived receiver. */
  private static final Matcher<ExpressionTree> MEMOISING_UPDATE =
      anyOf(
          instanceMethod().onDescendantOf("java.util.Map").named("computeIfAbsent"),
          instanceMethod()
              .onDescendantOf("java.util.concurrent.atomic.AtomicReference")
              .namedAnyOf("compareAndSet", "updateAndGet", "getAndUpdate", "weakCompareAndSet"));

  private static final Context.Key<Memo> MEMO = new Context.Key<>();

  private OncePerProcess() {}

  /** How often the code at {@code path} runs. */
  static Verdict at(TreePath path, VisitorState state) {
    return memo(state).at(path, state);
  }

  /** How often {@code method} runs. */
  static Verdict method(MethodSymbol method, VisitorState state) {
    return memo(state).method(method, state);
  }

  /**
   * Whether the runtime keeps one instance of {@code owner} for the life of the process: an enum
   * with a single constant, or a class {@link Frameworks#isProcessLived} knows, unless its scope
   * makes the container build it again and again.
   */
  static boolean isProcessLived(Symbol owner, VisitorState state) {
    if (!(owner instanceof ClassSymbol classSymbol)) {
      return false;
    }
    if (classSymbol.isEnum()) {
      return ASTHelpers.enumValues(classSymbol).size() == 1;
    }
    return FrameworkCallers.constructionOf(classSymbol, state).isEmpty()
        && Frameworks.isProcessLived(classSymbol, state);
  }

  /** How code is described in messages: "`Database.open()`", "`Pool`'s constructor". */
  static String describe(MethodSymbol method) {
    String owner = ownerName(method.enclClass());
    return method.isConstructor()
        ? "`" + owner + "`'s constructor"
        : "`" + owner + "." + method.getSimpleName() + "()`";
  }

  static String ownerName(ClassSymbol owner) {
    if (owner.getSimpleName().isEmpty()) {
      Symbol named =
          owner.getInterfaces().isEmpty()
              ? owner.getSuperclass().tsym
              : owner.getInterfaces().get(0).tsym;
      return "anonymous " + (named == null ? "class" : named.getSimpleName());
    }
    Symbol enclosing = owner.owner;
    return enclosing instanceof ClassSymbol outer && !outer.getSimpleName().isEmpty()
        ? outer.getSimpleName() + "." + owner.getSimpleName()
        : owner.getSimpleName().toString();
  }

  private static Memo memo(VisitorState state) {
    Memo memo = state.context.get(MEMO);
    if (memo == null) {
      memo = new Memo();
      state.context.put(MEMO, memo);
    }
    return memo;
  }

  /** The memoised answers of one compilation. */
  private static final class Memo {
    private final Map<MethodSymbol, Verdict> methods = new HashMap<>();
    private final Map<ClassSymbol, Verdict> constructions = new HashMap<>();
    private final Set<Symbol> visiting = new HashSet<>();

    Verdict at(TreePath path, VisitorState state) {
      if (path.getLeaf() instanceof MemberReferenceTree) {
        return functionVerdict(path, /* yields= */ true, state);
      }
      boolean flowsToResult = true;
      boolean returned = false;
      Tree child = path.getLeaf();
      for (TreePath parentPath = path.getParentPath();
          parentPath != null;
          child = parentPath.getLeaf(), parentPath = parentPath.getParentPath()) {
        Tree parent = parentPath.getLeaf();
        if (parent instanceof LambdaExpressionTree lambda) {
          boolean yields = returned || (flowsToResult && lambda.getBody() == child);
          return functionVerdict(parentPath, yields, state);
        }
        if (parent instanceof ReturnTree && flowsToResult) {
          returned = true;
        }
        if (!(parent instanceof ParenthesizedTree
            || parent instanceof TypeCastTree
            || parent instanceof ReturnTree
            || (parent instanceof ConditionalExpressionTree conditional
                && conditional.getCondition() != child))) {
          flowsToResult = false;
        }
        Verdict loop = loopVerdict(parentPath, child, state);
        if (loop != null) {
          return loop;
        }
        if (parent instanceof AssignmentTree assignment
            && assignment.getExpression() == child
            && isLongLivedField(ASTHelpers.getSymbol(assignment.getVariable()), state)
            && isGuarded(parentPath, ASTHelpers.getSymbol(assignment.getVariable()))) {
          return Verdict.ONCE;
        }
        if (parent instanceof MethodInvocationTree invocation
            && invocation.getArguments().contains(child)
            && MEMOISING_UPDATE.matches(invocation, state)
            && isLongLivedField(ASTHelpers.getSymbol(ASTHelpers.getReceiver(invocation)), state)) {
          return Verdict.ONCE;
        }
        if (parent instanceof VariableTree variable && variable.getInitializer() == child) {
          Symbol symbol = ASTHelpers.getSymbol(variable);
          if (symbol != null
              && (symbol.getKind() == ElementKind.FIELD
                  || symbol.getKind() == ElementKind.ENUM_CONSTANT)) {
            return ASTHelpers.isStatic(symbol)
                ? Verdict.ONCE
                : construction(symbol.enclClass(), state);
          }
        }
        if (parent instanceof BlockTree block
            && parentPath.getParentPath() != null
            && parentPath.getParentPath().getLeaf() instanceof ClassTree classTree) {
          return block.isStatic()
              ? Verdict.ONCE
              : construction(ASTHelpers.getSymbol(classTree), state);
        }
        if (parent instanceof MethodTree methodTree) {
          MethodSymbol symbol = ASTHelpers.getSymbol(methodTree);
          return symbol == null ? Verdict.UNKNOWN : method(symbol, state);
        }
        if (parent instanceof ClassTree) {
          return Verdict.UNKNOWN;
        }
      }
      return Verdict.UNKNOWN;
    }

    /** The verdict of a loop whose repeated part holds {@code child}, or null if none does. */
    private @Nullable Verdict loopVerdict(TreePath loopPath, Tree child, VisitorState state) {
      Tree loop = loopPath.getLeaf();
      boolean repeated =
          (loop instanceof ForLoopTree forLoop
                  && (forLoop.getStatement() == child
                      || forLoop.getCondition() == child
                      || forLoop.getUpdate().contains(child)))
              || (loop instanceof EnhancedForLoopTree enhanced && enhanced.getStatement() == child)
              || loop instanceof WhileLoopTree
              || loop instanceof DoWhileLoopTree;
      if (!repeated) {
        return null;
      }
      if (isRetryLoop(loop)) {
        // A retry loop runs its body again only after a failure: as often as the code around it.
        return at(loopPath, state);
      }
      String where = "the loop at line " + line(loopPath, loop);
      String summary =
          loop instanceof EnhancedForLoopTree
              ? "runs once per element of " + where
              : "runs on every iteration of " + where;
      return repeatedUnlessOnce(
          at(loopPath, state), summary, where + " in " + enclosingDescription(loopPath));
    }

    /**
     * Whether {@code loop} runs until its body leaves it ({@code while (true)}, {@code for (;;)})
     * and its body has a {@code return} or {@code break} of its own: a retry loop.
     */
    private static boolean isRetryLoop(Tree loop) {
      Tree body;
      if (loop instanceof WhileLoopTree whileLoop && isTrue(whileLoop.getCondition())) {
        body = whileLoop.getStatement();
      } else if (loop instanceof ForLoopTree forLoop
          && (forLoop.getCondition() == null || isTrue(forLoop.getCondition()))) {
        body = forLoop.getStatement();
      } else if (loop instanceof DoWhileLoopTree doWhile) {
        body = doWhile.getStatement();
      } else {
        return false;
      }
      boolean[] leaves = {false};
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitReturn(ReturnTree tree, Void unused) {
          leaves[0] = true;
          return null;
        }

        @Override
        public Void visitBreak(BreakTree tree, Void unused) {
          leaves[0] |= tree.getLabel() == null;
          return null;
        }

        @Override
        public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
          return null;
        }

        @Override
        public Void visitClass(ClassTree tree, Void unused) {
          return null;
        }

        @Override
        public Void visitWhileLoop(WhileLoopTree tree, Void unused) {
          return null;
        }

        @Override
        public Void visitForLoop(ForLoopTree tree, Void unused) {
          return null;
        }

        @Override
        public Void visitEnhancedForLoop(EnhancedForLoopTree tree, Void unused) {
          return null;
        }

        @Override
        public Void visitDoWhileLoop(DoWhileLoopTree tree, Void unused) {
          return null;
        }

        @Override
        public Void visitSwitch(SwitchTree tree, Void unused) {
          return null;
        }
      }.scan(body, null);
      return leaves[0];
    }

    private static boolean isTrue(ExpressionTree condition) {
      ExpressionTree stripped = ASTHelpers.stripParentheses(condition);
      return stripped instanceof LiteralTree literal && Boolean.TRUE.equals(literal.getValue());
    }

    /**
     * How often a lambda or method reference runs: per element, per thread or per scheduled run
     * where the API it is given says so; once where a memoising update on a long-lived receiver
     * runs it; as often as the code that hands it on, otherwise. A function that {@code yields}
     * what it creates and escapes into a non-private field or out of a non-private method runs on
     * every call of whoever gets it.
     */
    private Verdict functionVerdict(TreePath functionPath, boolean yields, VisitorState state) {
      Tree child = functionPath.getLeaf();
      TreePath parentPath = functionPath.getParentPath();
      while (parentPath != null
          && (parentPath.getLeaf() instanceof ParenthesizedTree
              || parentPath.getLeaf() instanceof TypeCastTree)) {
        child = parentPath.getLeaf();
        parentPath = parentPath.getParentPath();
      }
      if (parentPath == null) {
        return Verdict.UNKNOWN;
      }
      Tree parent = parentPath.getLeaf();
      long line = line(parentPath, parent);
      if (parent instanceof MethodInvocationTree invocation
          && invocation.getArguments().contains(child)) {
        String name = ASTHelpers.getSymbol(invocation).getSimpleName().toString();
        if (PER_ELEMENT.matches(invocation, state)) {
          String where = "`" + name + "` at line " + line(parentPath, invocation);
          return repeatedUnlessOnce(
              at(parentPath, state),
              "runs once per element of " + where,
              "the " + where + " in " + enclosingDescription(parentPath));
        }
        if (THREAD_LOCAL_WITH_INITIAL.matches(invocation, state)) {
          return Verdict.repeated(
              "runs once per thread",
              "`ThreadLocal.withInitial` at line " + line + " calls it for every thread",
              "the `ThreadLocal` at line " + line + " in " + enclosingDescription(parentPath));
        }
        if (PERIODIC_SCHEDULE.matches(invocation, state)) {
          return Verdict.repeated(
              "runs on every run of the task scheduled at line " + line,
              "",
              "the task scheduled at line " + line + " in " + enclosingDescription(parentPath));
        }
        if (MEMOISING_UPDATE.matches(invocation, state)
            && isLongLivedField(ASTHelpers.getSymbol(ASTHelpers.getReceiver(invocation)), state)) {
          return Verdict.ONCE;
        }
        return at(parentPath, state);
      }
      if (parent instanceof VariableTree || parent instanceof AssignmentTree) {
        Symbol target =
            parent instanceof VariableTree variable
                ? ASTHelpers.getSymbol(variable)
                : ASTHelpers.getSymbol(((AssignmentTree) parent).getVariable());
        if (target != null && target.getKind() == ElementKind.FIELD) {
          return yields && !target.getModifiers().contains(Modifier.PRIVATE)
              ? Verdict.repeated(
                  "is returned by every call of `"
                      + ownerName(target.enclClass())
                      + "."
                      + target.getSimpleName()
                      + "`",
                  "",
                  "`" + ownerName(target.enclClass()) + "." + target.getSimpleName() + "`")
              : Verdict.UNKNOWN;
        }
        return at(parentPath, state);
      }
      if (parent instanceof ReturnTree) {
        MethodSymbol enclosing = enclosingMethod(parentPath);
        return yields
                && enclosing != null
                && !enclosing.getModifiers().contains(Modifier.PRIVATE)
                && enclosingFunction(parentPath) instanceof MethodTree
            ? Verdict.repeated(
                "is returned by every call of the function that "
                    + describe(enclosing)
                    + " returns",
                "",
                "the function " + describe(enclosing) + " returns")
            : Verdict.UNKNOWN;
      }
      return at(parentPath, state);
    }

    Verdict method(MethodSymbol method, VisitorState state) {
      Verdict known = methods.get(method);
      if (known != null) {
        return known;
      }
      if (!visiting.add(method)) {
        // A cycle of calls: no evidence of repetition through it.
        return Verdict.ONCE;
      }
      Verdict verdict;
      try {
        verdict = computeMethod(method, state);
      } finally {
        visiting.remove(method);
      }
      methods.put(method, verdict);
      return verdict;
    }

    private Verdict computeMethod(MethodSymbol method, VisitorState state) {
      Optional<Call> call = FrameworkCallers.callOf(method, state);
      if (call.isPresent()) {
        return call.get().frequency() == Frequency.ONCE
            ? Verdict.ONCE
            : Verdict.repeated(
                call.get().summary(),
                describe(method)
                    + " is "
                    + (call.get().role().isEmpty()
                        ? call.get().why()
                        : call.get().role() + " (" + call.get().why() + ")"),
                describe(method) + " (" + call.get().why() + ")");
      }
      if (method.isConstructor()) {
        Verdict construction = constructionByScope(method.enclClass(), state);
        if (construction != null) {
          return construction;
        }
      }
      CompilationIndex index = CompilationIndex.instance(state);
      ClassSymbol owner = method.enclClass();
      if (owner.isAnonymous() && !method.isConstructor()) {
        TreePath declaration = index.declaration(owner);
        if (declaration != null
            && declaration.getParentPath() != null
            && declaration.getParentPath().getLeaf() instanceof NewClassTree
            && declaration.getParentPath().getParentPath() != null
            && declaration.getParentPath().getParentPath().getLeaf()
                instanceof MethodInvocationTree) {
          // An anonymous function handed to an API runs as often as the API runs it.
          return functionVerdict(declaration.getParentPath(), /* yields= */ false, state);
        }
      }
      return fromCallSites(describe(method), callSites(method, index, state), state);
    }

    /**
     * The calls that may run {@code method}: its own, and those of the methods it overrides that
     * the compilation declares. A call of a library method ({@code Function.apply}) may reach any
     * of its implementations and is no evidence about this one.
     */
    private static List<TreePath> callSites(
        MethodSymbol method, CompilationIndex index, VisitorState state) {
      if (method.isConstructor() || method.isStatic()) {
        return index.callSites(method);
      }
      ImmutableList.Builder<TreePath> sites = ImmutableList.builder();
      sites.addAll(index.callSites(method));
      for (MethodSymbol overridden : ASTHelpers.findSuperMethods(method, state.getTypes())) {
        if (index.isInCompilation(overridden)) {
          sites.addAll(index.callSites(overridden));
        }
      }
      return sites.build();
    }

    /** How often instances of {@code owner} are built: its constructors' answers together. */
    Verdict construction(@Nullable ClassSymbol owner, VisitorState state) {
      if (owner == null) {
        return Verdict.UNKNOWN;
      }
      Verdict known = constructions.get(owner);
      if (known != null) {
        return known;
      }
      if (!visiting.add(owner)) {
        return Verdict.ONCE;
      }
      Verdict verdict;
      try {
        verdict = constructionByScope(owner, state);
        if (verdict == null) {
          verdict = fromConstructors(owner, state);
        }
      } finally {
        visiting.remove(owner);
      }
      constructions.put(owner, verdict);
      return verdict;
    }

    private @Nullable Verdict constructionByScope(ClassSymbol owner, VisitorState state) {
      Optional<Call> scope = FrameworkCallers.constructionOf(owner, state);
      if (scope.isPresent()) {
        String what = "`" + ownerName(owner) + "`";
        return Verdict.repeated(
            scope.get().summary(),
            "the container builds a new " + what + " each time (" + scope.get().why() + ")",
            what + " (" + scope.get().why() + ")");
      }
      return isProcessLived(owner, state) ? Verdict.ONCE : null;
    }

    private Verdict fromConstructors(ClassSymbol owner, VisitorState state) {
      boolean allOnce = true;
      boolean any = false;
      for (Symbol member : owner.getEnclosedElements()) {
        if (member instanceof MethodSymbol constructor && constructor.isConstructor()) {
          any = true;
          Verdict verdict = method(constructor, state);
          if (verdict.isRepeated()) {
            return verdict;
          }
          allOnce &= verdict.isOnce();
        }
      }
      return any && allOnce ? Verdict.ONCE : Verdict.UNKNOWN;
    }

    /**
     * Repeated if any call site runs more than once, once if every one runs once, unknown otherwise
     * (no call sites in the compilation included).
     */
    private Verdict fromCallSites(String callee, List<TreePath> sites, VisitorState state) {
      if (sites.isEmpty()) {
        return Verdict.UNKNOWN;
      }
      boolean allOnce = true;
      for (TreePath site : sites) {
        Verdict verdict = at(site, state);
        if (verdict.isRepeated()) {
          String reason =
              verdict.direct()
                  ? callee + " is called from " + verdict.root()
                  : callee
                      + " is called from "
                      + enclosingDescription(site)
                      + ", which is reached from "
                      + verdict.root();
          return new Verdict(Kind.REPEATED, verdict.summary(), reason, verdict.root(), false);
        }
        allOnce &= verdict.isOnce();
      }
      return allOnce ? Verdict.ONCE : Verdict.UNKNOWN;
    }

    private Verdict repeatedUnlessOnce(Verdict outer, String summary, String root) {
      return outer.isOnce() ? Verdict.ONCE : Verdict.repeated(summary, "", root);
    }

    /**
     * Whether the assignment at {@code path} runs only while {@code field} is unset: inside an
     * {@code if} (or a loop) whose condition reads the field, as lazy and double-checked
     * initialisation do, or in code that runs once anyway.
     */
    private static boolean isGuarded(TreePath path, Symbol field) {
      for (TreePath current = path; current != null; current = current.getParentPath()) {
        Tree leaf = current.getLeaf();
        if (leaf instanceof MethodTree
            || leaf instanceof ClassTree
            || leaf instanceof LambdaExpressionTree) {
          return false;
        }
        ExpressionTree condition =
            leaf instanceof IfTree ifTree
                ? ifTree.getCondition()
                : leaf instanceof ConditionalExpressionTree conditional
                    ? conditional.getCondition()
                    : null;
        if (condition != null && mentions(condition, field)) {
          return true;
        }
      }
      return false;
    }

    /** Whether {@code tree} reads {@code symbol} or compares something with {@code null}. */
    private static boolean mentions(Tree tree, Symbol symbol) {
      boolean[] found = {false};
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitBinary(BinaryTree binary, Void unused) {
          found[0] |=
              (binary.getKind() == Tree.Kind.EQUAL_TO || binary.getKind() == Tree.Kind.NOT_EQUAL_TO)
                  && (binary.getLeftOperand().getKind() == Tree.Kind.NULL_LITERAL
                      || binary.getRightOperand().getKind() == Tree.Kind.NULL_LITERAL);
          return super.visitBinary(binary, null);
        }

        @Override
        public Void visitIdentifier(IdentifierTree identifier, Void unused) {
          found[0] |= symbol.equals(ASTHelpers.getSymbol(identifier));
          return null;
        }

        @Override
        public Void visitMemberSelect(MemberSelectTree select, Void unused) {
          found[0] |= symbol.equals(ASTHelpers.getSymbol(select));
          return super.visitMemberSelect(select, null);
        }
      }.scan(tree, null);
      return found[0];
    }

    /** A static field, or a field of a process-lived owner: written once, read by every call. */
    private static boolean isLongLivedField(@Nullable Symbol symbol, VisitorState state) {
      return symbol instanceof VarSymbol
          && symbol.getKind() == ElementKind.FIELD
          && (ASTHelpers.isStatic(symbol) || isProcessLived(symbol.owner, state));
    }
  }

  /** The method whose body holds {@code path}, or null outside every method. */
  static @Nullable MethodSymbol enclosingMethod(TreePath path) {
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      if (current.getLeaf() instanceof MethodTree method) {
        return ASTHelpers.getSymbol(method);
      }
      if (current.getLeaf() instanceof ClassTree) {
        return null;
      }
    }
    return null;
  }

  /** The nearest lambda or method around {@code path}, or null. */
  private static @Nullable Tree enclosingFunction(TreePath path) {
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof LambdaExpressionTree || leaf instanceof MethodTree) {
        return leaf;
      }
      if (leaf instanceof ClassTree) {
        return null;
      }
    }
    return null;
  }

  /** "`Owner.method()`" for code in a method, "`Owner`'s initializers" elsewhere in a class. */
  static String enclosingDescription(TreePath path) {
    MethodSymbol method = enclosingMethod(path);
    if (method != null) {
      return describe(method);
    }
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      if (current.getLeaf() instanceof ClassTree classTree) {
        ClassSymbol owner = ASTHelpers.getSymbol(classTree);
        return owner == null ? "an initializer" : "the initializers of `" + ownerName(owner) + "`";
      }
    }
    return "an initializer";
  }

  static long line(TreePath path, Tree tree) {
    CompilationUnitTree unit = path.getCompilationUnit();
    return unit.getLineMap().getLineNumber(ASTHelpers.getStartPosition(tree));
  }
}
