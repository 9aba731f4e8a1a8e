package io.github.mongoguard.checks;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.google.errorprone.suppliers.Supplier;
import com.google.errorprone.suppliers.Suppliers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
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
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.util.Context;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeKind;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.block.Block;
import org.checkerframework.errorprone.dataflow.cfg.block.ConditionalBlock;
import org.checkerframework.errorprone.dataflow.cfg.block.ExceptionBlock;
import org.checkerframework.errorprone.dataflow.cfg.block.SingleSuccessorBlock;
import org.checkerframework.errorprone.dataflow.cfg.node.ArrayAccessNode;
import org.checkerframework.errorprone.dataflow.cfg.node.AssignmentNode;
import org.checkerframework.errorprone.dataflow.cfg.node.BooleanLiteralNode;
import org.checkerframework.errorprone.dataflow.cfg.node.CatchMarkerNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ConditionalNotNode;
import org.checkerframework.errorprone.dataflow.cfg.node.EqualToNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ExpressionStatementNode;
import org.checkerframework.errorprone.dataflow.cfg.node.FieldAccessNode;
import org.checkerframework.errorprone.dataflow.cfg.node.FunctionalInterfaceNode;
import org.checkerframework.errorprone.dataflow.cfg.node.InstanceOfNode;
import org.checkerframework.errorprone.dataflow.cfg.node.LambdaResultExpressionNode;
import org.checkerframework.errorprone.dataflow.cfg.node.LocalVariableNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MarkerNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodAccessNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.node.NotEqualNode;
import org.checkerframework.errorprone.dataflow.cfg.node.NullChkNode;
import org.checkerframework.errorprone.dataflow.cfg.node.NullLiteralNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ObjectCreationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ReturnNode;
import org.checkerframework.errorprone.dataflow.cfg.node.StringConcatenateNode;
import org.checkerframework.errorprone.dataflow.cfg.node.StringConversionNode;
import org.checkerframework.errorprone.dataflow.cfg.node.SwitchExpressionNode;
import org.checkerframework.errorprone.dataflow.cfg.node.TernaryExpressionNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ThrowNode;
import org.checkerframework.errorprone.dataflow.cfg.node.TypeCastNode;
import org.checkerframework.errorprone.dataflow.cfg.node.VariableDeclarationNode;
import org.jspecify.annotations.Nullable;

/**
 * The obligations to close the clients a method creates, tracked over the method's control-flow
 * graph (with its exceptional edges), in the manner of the Checker Framework's must-call
 * consistency analysis.
 *
 * <p>An obligation arises where a fresh client ({@link FreshClients}) comes into being, and is held
 * by a set of aliases: locals, the values of expressions not yet consumed, values derived from the
 * client (a database, a collection) and objects that capture it (a lambda). It is discharged on a
 * path by {@code close()} on an alias, a close helper, or a move of ownership (a return, a store
 * into a field, a call that takes ownership). An obligation that reaches a method exit, normal or
 * exceptional, or loses its last alias, is a leak.
 *
 * <p>Each method or lambda is analysed once per compilation; the result is cached by its tree.
 * Anything the analysis does not understand ends the analysis of that method without a finding.
 */
final class ClientObligations {
  private static final Context.Key<Map<Tree, Map<Tree, Leak>>> CACHE = new Context.Key<>();

  private static final Supplier<Type> ERROR = Suppliers.typeFromString("java.lang.Error");

  private static final Supplier<Type> RUNTIME_EXCEPTION =
      Suppliers.typeFromString("java.lang.RuntimeException");

  private static final Supplier<Type> MONGO_EXCEPTION =
      Suppliers.typeFromString("com.mongodb.MongoException");

  /** The collectors of {@code java.util.stream.Collectors} that collect into a new list or set. */
  private static final ImmutableSet<String> NEW_COLLECTION_COLLECTORS =
      ImmutableSet.of("toList", "toSet", "toUnmodifiableList", "toUnmodifiableSet");

  /**
   * The methods of a JDK collection or map that hand none of its elements to anyone: the clients in
   * a collection used only through these are in it or dropped, and nobody else has them.
   */
  private static final ImmutableSet<String> COLLECTION_KEEPS =
      ImmutableSet.of(
          "add",
          "addFirst",
          "addLast",
          "offer",
          "offerFirst",
          "offerLast",
          "push",
          "put",
          "size",
          "isEmpty",
          "contains",
          "containsKey",
          "containsValue",
          "ensureCapacity",
          "trimToSize",
          "clear",
          "hashCode",
          "equals",
          "toString");

  /**
   * Gives up on a method whose analysis would take more steps than this: a step is one live
   * obligation carried through one node.
   */
  private static final int MAX_STEPS = 500_000;

  /**
   * The facts an obligation keeps about the paths it is on, at most: beyond them, it merges with
   * the same obligation on other paths.
   */
  private static final int MAX_ASSUMED = 6;

  /** Why a client leaks. */
  enum Reason {
    /** Created and never used: the value of an expression statement. */
    DISCARDED,
    /** Only a value derived from it (a database, a collection) is kept: nothing can close it. */
    CHAIN,
    /** A provider returns only an object built from it. */
    PROVIDER,
    /** A value derived from it is stored in a field of an owner that does not live forever. */
    DERIVED_FIELD,
    /** The local holding it is given another value while the client is still open. */
    OVERWRITTEN,
    /** Passed only to code that neither closes nor keeps it, then lost. */
    LOST,
    /**
     * Added to a collection held in a local ({@link Leak#field}) that the method neither closes in
     * bulk nor hands on.
     */
    COLLECTED,
    /** A {@code return} leaves the method with the client open. */
    RETURN,
    /** The method ends with the client open. */
    END,
    /**
     * Not a leak of the method: the client is stored in an instance field ({@link Leak#field}),
     * whose owner answers for it.
     */
    STORED_IN_FIELD,
    /** An exception leaves the method with the client open. */
    EXCEPTION
  }

  /**
   * A leak of the client created at {@code creation}.
   *
   * @param local the name of a local that held it, or null
   * @param where the tree the reason refers to: the throwing call, the {@code return}, the
   *     assignment, the field; or null
   * @param field the field the reason refers to, or for {@link Reason#COLLECTED} the local that
   *     holds the collection; or null
   * @param closes the {@code close()} calls that close it on other paths
   * @param wrapper the object that took the client and owns it ({@code new Holder(...)}), or null
   */
  record Leak(
      Reason reason,
      @Nullable String local,
      @Nullable Tree where,
      @Nullable Symbol field,
      List<Tree> closes,
      @Nullable String wrapper) {
    Leak(
        Reason reason,
        @Nullable String local,
        @Nullable Tree where,
        @Nullable Symbol field,
        List<Tree> closes) {
      this(reason, local, where, field, closes, null);
    }
  }

  private ClientObligations() {}

  /**
   * The leak of the client created by the expression at {@code creation}, or empty when every path
   * closes it or hands it on (or the analysis cannot tell).
   */
  static Optional<Leak> leakOf(TreePath creation, VisitorState state) {
    TreePath code = enclosingCode(creation);
    if (code == null) {
      return Optional.empty();
    }
    // Where nothing runs between the creation and the end of its value, the paths of the method
    // cannot change the outcome, and its control-flow graph need not be built.
    ValueFlow flow = ValueFlow.of(creation);
    if (flow.kind() == ValueFlow.Kind.DISCARDED) {
      return Optional.of(
          new Leak(Reason.DISCARDED, null, creation.getLeaf(), null, ImmutableList.of()));
    }
    if (handedOnAtOnce(flow, state)) {
      return Optional.empty();
    }
    Map<Tree, Map<Tree, Leak>> cache = state.context.get(CACHE);
    if (cache == null) {
      cache = new IdentityHashMap<>();
      state.context.put(CACHE, cache);
    }
    Map<Tree, Leak> leaks = cache.get(code.getLeaf());
    if (leaks == null) {
      try {
        leaks = new Analysis(code, state).run();
      } catch (RuntimeException | AssertionError unexpected) {
        // A tree or node the analysis does not know: no finding for this method.
        leaks = ImmutableMap.of();
      }
      cache.put(code.getLeaf(), leaks);
    }
    return Optional.ofNullable(leaks.get(creation.getLeaf()));
  }

  /**
   * Whether the new client is handed on in the expression that creates it: returned (by a {@code
   * return} statement or as the result of a lambda that returns a value), declared as a
   * try-with-resources resource, or wrapped for either by a JDK holder ({@code
   * Optional.of(create())}), through parentheses, casts and conditional branches.
   */
  private static boolean handedOnAtOnce(ValueFlow flow, VisitorState state) {
    ValueFlow current = flow;
    for (int depth = 0; depth < 4; depth++) {
      Tree where = current.where().getLeaf();
      switch (current.kind()) {
        case RETURNED:
          return where instanceof ReturnTree
              || (where instanceof LambdaExpressionTree lambda && returnsValue(lambda, state));
        case LOCAL:
          if (!(where instanceof VariableTree declaration)
              || current.where().getParentPath() == null) {
            return false;
          }
          Tree enclosing = current.where().getParentPath().getLeaf();
          return (enclosing instanceof TryTree tryTree && tryTree.getResources().contains(where))
              || (enclosing instanceof BlockTree block
                  && returnsRightAfter(block, declaration, current.variable()));
        case ARGUMENT:
          if (where instanceof MethodInvocationTree call
              && call.getArguments().size() == 1
              && (Symbol) ASTHelpers.getSymbol(call) instanceof MethodSymbol wrapper
              && wrapper.isStatic()
              && OwnershipSummaries.isPassThrough(wrapper)) {
            current = ValueFlow.of(current.where());
            continue;
          }
          return false;
        default:
          return false;
      }
    }
    return false;
  }

  /**
   * Whether the statement after {@code declaration} in {@code block} returns {@code variable}:
   * nothing runs between the two ({@code MongoClient client = create(); return client;}).
   */
  private static boolean returnsRightAfter(
      BlockTree block, VariableTree declaration, @Nullable VarSymbol variable) {
    int index = block.getStatements().indexOf(declaration);
    return variable != null
        && index >= 0
        && index + 1 < block.getStatements().size()
        && block.getStatements().get(index + 1) instanceof ReturnTree next
        && next.getExpression() != null
        && ASTHelpers.stripParentheses(next.getExpression()) instanceof IdentifierTree returned
        && ASTHelpers.getSymbol(returned) == variable;
  }

  private static boolean returnsValue(LambdaExpressionTree lambda, VisitorState state) {
    try {
      Type descriptor = state.getTypes().findDescriptorType(ASTHelpers.getType(lambda));
      return descriptor != null && descriptor.getReturnType().getKind() != TypeKind.VOID;
    } catch (RuntimeException unexpected) {
      return false;
    }
  }

  /** The method or lambda whose body contains {@code path}, or null (an initializer). */
  static @Nullable TreePath enclosingCode(TreePath path) {
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof LambdaExpressionTree) {
        return current;
      }
      if (leaf instanceof MethodTree method) {
        return method.getBody() == null ? null : current;
      }
      if (leaf instanceof ClassTree) {
        return null;
      }
    }
    return null;
  }

  /** How an alias holds the client. */
  private enum Kind {
    /** The client itself. */
    CLIENT,
    /** A value obtained from the client (a database, a collection): it cannot close it. */
    DERIVED,
    /** In a provider: an object built from the client, returned to the container. */
    BUILT,
    /** A lambda or method reference that captures the client. */
    HOLDER,
    /** A lambda or method reference that closes the client when run. */
    CLOSER,
    /**
     * A collection created in the method and held only in a local, to which the client was added:
     * it closes nothing by itself, and what becomes of it decides what becomes of the client.
     */
    COLLECTION
  }

  /**
   * One obligation on one set of paths: the creation, its aliases, and where it last left the
   * method (for messages). Two obligations are the same when creation and aliases agree.
   */
  private static final class Obligation {
    final Tree creation;
    final ImmutableMap<Object, Kind> aliases;

    /**
     * The values that flags no code reassigns had on the paths that created the client: on a path
     * where one of them has the other value, the client does not exist.
     */
    final ImmutableMap<Object, Boolean> assumed;

    final @Nullable Tree thrownBy;
    final @Nullable Tree returnedAt;
    private final int hash;

    Obligation(
        Tree creation,
        ImmutableMap<Object, Kind> aliases,
        ImmutableMap<Object, Boolean> assumed,
        @Nullable Tree thrownBy,
        @Nullable Tree returnedAt) {
      this.creation = creation;
      this.aliases = aliases;
      this.assumed = assumed;
      this.thrownBy = thrownBy;
      this.returnedAt = returnedAt;
      this.hash =
          (System.identityHashCode(creation) * 31 + aliases.hashCode()) * 31 + assumed.hashCode();
    }

    Obligation withAliases(Map<Object, Kind> newAliases) {
      return new Obligation(
          creation, ImmutableMap.copyOf(newAliases), assumed, thrownBy, returnedAt);
    }

    Obligation thrownBy(Tree tree) {
      return new Obligation(creation, aliases, assumed, tree, null);
    }

    Obligation returnedAt(Tree tree) {
      return new Obligation(creation, aliases, assumed, null, tree);
    }

    /** Whether the client exists where the fact {@code flag} is {@code value}. */
    boolean existsWhere(Object flag, boolean value) {
      return ControlFlowGraphs.consistent(assumed, flag, value);
    }

    /**
     * This obligation on paths where {@code fact} is {@code value}: it stays apart from the same
     * obligation on other paths, so that a later test of the fact finds it only where it exists.
     */
    Obligation assuming(Object fact, boolean value) {
      if (assumed.containsKey(fact) || assumed.size() >= MAX_ASSUMED) {
        return this;
      }
      return new Obligation(
          creation,
          aliases,
          ImmutableMap.<Object, Boolean>builder().putAll(assumed).put(fact, value).buildOrThrow(),
          thrownBy,
          returnedAt);
    }

    /** This obligation with nothing known of {@code variable}, which was just assigned. */
    Obligation forgetting(Element variable) {
      if (assumed.isEmpty()) {
        return this;
      }
      ImmutableMap.Builder<Object, Boolean> kept = ImmutableMap.builder();
      boolean changed = false;
      for (Map.Entry<Object, Boolean> fact : assumed.entrySet()) {
        if (Analysis.isAbout(fact.getKey(), variable)) {
          changed = true;
        } else {
          kept.put(fact);
        }
      }
      return changed
          ? new Obligation(creation, aliases, kept.buildOrThrow(), thrownBy, returnedAt)
          : this;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Obligation that
          && creation == that.creation
          && hash == that.hash
          && aliases.equals(that.aliases)
          && assumed.equals(that.assumed);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** The obligations live at a program point, keyed by themselves (tags ignored). */
  private static final class Store {
    final Map<Obligation, Obligation> obligations = new LinkedHashMap<>();

    /**
     * What is known here about locals and parameters: a boolean one holds {@code true} or {@code
     * false} (keyed by its element), or one is or is not null (keyed by its {@link NullTest}).
     */
    final Map<Object, Boolean> facts = new HashMap<>();

    /**
     * The creations whose obligation ended on some path here: closed, handed on or reported. Trees
     * compare by identity; a hash set allocates nothing until its first element, and most stores
     * never get one.
     */
    final Set<Tree> ended = new HashSet<>();

    Store copy() {
      Store copy = new Store();
      copy.obligations.putAll(obligations);
      copy.facts.putAll(facts);
      copy.ended.addAll(ended);
      return copy;
    }

    /**
     * Adds {@code other}'s obligations and keeps only the facts both agree on; true when anything
     * changed.
     */
    boolean join(Store other) {
      boolean changed = false;
      for (Obligation obligation : other.obligations.values()) {
        if (obligations.putIfAbsent(obligation, obligation) == null) {
          changed = true;
        }
      }
      if (facts
          .entrySet()
          .removeIf(fact -> !fact.getValue().equals(other.facts.get(fact.getKey())))) {
        changed = true;
      }
      if (ended.addAll(other.ended)) {
        changed = true;
      }
      return changed;
    }

    void add(Obligation obligation) {
      obligations.putIfAbsent(obligation, obligation);
    }
  }

  private static final class Analysis {
    private final TreePath code;
    private final VisitorState state;
    private final boolean inProvider;
    private final Map<Tree, Leak> leaks = new IdentityHashMap<>();
    private final Map<Tree, List<Tree>> closes = new IdentityHashMap<>();
    private final Map<Tree, String> localNames = new IdentityHashMap<>();
    private @Nullable ControlFlowGraph cfg;
    private int steps;

    /**
     * In the second round, the tests the analysis cannot evaluate whose outcome it follows, with
     * the creations it follows them for; null in the first round.
     */
    private @Nullable Map<Block, Set<Tree>> splitAt;

    /** The leaks the second round found on paths that such a test decided. */
    private final List<PendingLeak> pending = new ArrayList<>();

    /** The outcomes of such tests on the paths where each creation was returned. */
    private final Map<Tree, List<Map<Object, Boolean>>> handedOnUnder = new IdentityHashMap<>();

    /** The outcomes of such tests on the paths where each creation was used after them. */
    private final Map<Tree, List<Map<Object, Boolean>>> usedUnder = new IdentityHashMap<>();
    private boolean probing;
    private final @Nullable Type errorType;
    private final @Nullable Type mongoExceptionType;
    private final @Nullable Type runtimeExceptionType;

    /** The object that took each creation and owns it, where one did ({@code new Holder(..)}). */
    private final Map<Tree, String> wrappers = new IdentityHashMap<>();

    /** The instance field each creation is stored in, on some path. */
    private final Map<Tree, VarSymbol> storedFields = new IdentityHashMap<>();

    /** The locals and parameters assigned after their declaration in the code analysed. */
    private final Set<Element> reassigned = new HashSet<>();

    /**
     * The locals declared with a new, empty JDK collection or map ({@code new ArrayList<>()}): a
     * client added to one is held by the local alone.
     */
    private final Set<Element> newCollections = new HashSet<>();

    /** Whether each call or {@code new} of the code creates a client, asked once per tree. */
    private final Map<Tree, Boolean> creations = new IdentityHashMap<>();

    /** The expressions of expression statements: their values are dropped. */
    private final Set<Tree> statementValues =
        java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    Analysis(TreePath code, VisitorState state) {
      this.code = code;
      this.state = state;
      this.errorType = ERROR.get(state);
      this.mongoExceptionType = MONGO_EXCEPTION.get(state);
      this.runtimeExceptionType = RUNTIME_EXCEPTION.get(state);
      this.inProvider =
          code.getLeaf() instanceof MethodTree method
              && Frameworks.isProvider(ASTHelpers.getSymbol(method), state);
    }

    Map<Tree, Leak> run() {
      cfg = buildCfg();
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitExpressionStatement(ExpressionStatementTree tree, Void unused) {
          Tree expression = tree.getExpression();
          while (expression instanceof com.sun.source.tree.ParenthesizedTree parenthesized) {
            expression = parenthesized.getExpression();
          }
          statementValues.add(expression);
          return super.visitExpressionStatement(tree, null);
        }

        @Override
        public Void visitAssignment(com.sun.source.tree.AssignmentTree tree, Void unused) {
          Symbol target = ASTHelpers.getSymbol(tree.getVariable());
          if (target != null) {
            reassigned.add(target);
          }
          return super.visitAssignment(tree, null);
        }

        @Override
        public Void visitVariable(VariableTree tree, Void unused) {
          Symbol variable = ASTHelpers.getSymbol(tree);
          if (variable != null
              && variable.getKind() == ElementKind.LOCAL_VARIABLE
              && isNewCollection(tree.getInitializer())) {
            newCollections.add(variable);
          }
          return super.visitVariable(tree, null);
        }

        @Override
        public Void visitCompoundAssignment(
            com.sun.source.tree.CompoundAssignmentTree tree, Void unused) {
          Symbol target = ASTHelpers.getSymbol(tree.getVariable());
          if (target != null) {
            reassigned.add(target);
          }
          return super.visitCompoundAssignment(tree, null);
        }

        @Override
        public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
          if (tree.getBody() instanceof com.sun.source.tree.ExpressionTree body
              && returnsNothing(tree)) {
            // The value of the body of a lambda that returns nothing is dropped.
            while (body instanceof com.sun.source.tree.ParenthesizedTree parenthesized) {
              body = parenthesized.getExpression();
            }
            statementValues.add(body);
          }
          return super.visitLambdaExpression(tree, null);
        }
      }.scan(code.getLeaf(), null);
      if (cfg == null) {
        return ImmutableMap.of();
      }
      Map<Block, Store> in = solve(cfg);
      if (in == null) {
        return ImmutableMap.of();
      }
      Map<Block, Set<Tree>> correlated = correlatedTests(in);
      if (!correlated.isEmpty()) {
        // A second round that follows the outcome of those tests, so that a client left open
        // only where the test decides against the path that hands it on is not reported.
        leaks.clear();
        steps = 0;
        splitAt = correlated;
        if (solve(cfg) == null) {
          return ImmutableMap.of();
        }
        settlePending();
      }
      Map<Tree, Leak> result = new IdentityHashMap<>();
      for (Map.Entry<Tree, VarSymbol> stored : storedFields.entrySet()) {
        if (!leaks.containsKey(stored.getKey())) {
          result.put(
              stored.getKey(),
              new Leak(
                  Reason.STORED_IN_FIELD,
                  localNames.get(stored.getKey()),
                  null,
                  stored.getValue(),
                  List.of()));
        }
      }
      for (Map.Entry<Tree, Leak> found : leaks.entrySet()) {
        Leak leak = found.getValue();
        result.put(
            found.getKey(),
            new Leak(
                leak.reason(),
                localNames.get(found.getKey()),
                leak.where(),
                leak.field(),
                closes.getOrDefault(found.getKey(), List.of()),
                wrappers.get(found.getKey())));
      }
      return result;
    }

    /**
     * Runs the analysis to its fixpoint, recording leaks as it goes; the store at the entry of
     * every block, or null when the method is too large to analyse.
     */
    private @Nullable Map<Block, Store> solve(ControlFlowGraph graph) {
      Map<Block, Store> in = new HashMap<>();
      Deque<Block> worklist = new ArrayDeque<>();
      Block entry = graph.getEntryBlock();
      in.put(entry, new Store());
      worklist.add(entry);
      Set<Block> queued = new HashSet<>();
      queued.add(entry);
      while (!worklist.isEmpty()) {
        Block block = worklist.poll();
        queued.remove(block);
        if (++steps > MAX_STEPS) {
          return null;
        }
        Store store = in.get(block).copy();
        if (block == graph.getRegularExitBlock()) {
          exit(store, /* exceptional= */ false);
          continue;
        }
        if (block == graph.getExceptionalExitBlock()) {
          exit(store, /* exceptional= */ true);
          continue;
        }
        Store exceptional = null;
        for (Node node : block.getNodes()) {
          // The work per node grows with the obligations live there: a method that keeps
          // hundreds of clients open at once is given up rather than analysed in quadratic time.
          steps += 1 + store.obligations.size();
          if (steps > MAX_STEPS) {
            return null;
          }
          if (block instanceof ExceptionBlock && node == ((ExceptionBlock) block).getNode()) {
            exceptional = exceptionalStore(store, node);
          }
          transfer(node, store);
        }
        if (block instanceof ConditionalBlock conditional) {
          Element nullOnThen = nullChecked(conditional, /* equal= */ true);
          Element nullOnElse = nullChecked(conditional, /* equal= */ false);
          Store onThen = withoutNull(store, nullOnThen);
          Store onElse = withoutNull(store, nullOnElse);
          Test test = test(conditional);
          if (test != null) {
            Object fact = test.fact();
            boolean whenThen = test.whenThen();
            Boolean known = store.facts.get(fact);
            onThen = known != null && known != whenThen ? null : withFact(onThen, fact, whenThen);
            onElse = known != null && known == whenThen ? null : withFact(onElse, fact, !whenThen);
          } else if (splitAt != null && nullOnThen == null && nullOnElse == null) {
            Set<Tree> creations = splitAt.get(conditional);
            if (creations != null) {
              OpaqueTest opaque = new OpaqueTest(conditional);
              onThen = withOutcome(onThen, opaque, /* value= */ true, creations);
              onElse = withOutcome(onElse, opaque, /* value= */ false, creations);
            }
          }
          if (onThen != null) {
            propagate(conditional.getThenSuccessor(), onThen, in, worklist, queued);
          }
          if (onElse != null) {
            propagate(conditional.getElseSuccessor(), onElse, in, worklist, queued);
          }
        } else if (block instanceof SingleSuccessorBlock single && single.getSuccessor() != null) {
          propagate(single.getSuccessor(), store, in, worklist, queued);
        }
        if (block instanceof ExceptionBlock exceptionBlock && exceptional != null) {
          Type error = errorType;
          // The blocks the unchecked exceptions of a driver call reach, taken together.
          Set<Block> driverFailure =
              failsWithMongoException(exceptionBlock.getNode()) ? new LinkedHashSet<>() : null;
          for (Map.Entry<javax.lang.model.type.TypeMirror, Set<Block>> edge :
              exceptionBlock.getExceptionalSuccessors().entrySet()) {
            // An Error is a failure of the JVM, not of the code between creation and close.
            if (error != null
                && edge.getKey() instanceof Type thrown
                && ASTHelpers.isSubtype(thrown, error, state)) {
              continue;
            }
            if (outsideTheContract(exceptionBlock.getNode(), edge.getKey())) {
              continue;
            }
            if (driverFailure != null && isUnchecked(edge.getKey())) {
              driverFailure.addAll(edge.getValue());
              continue;
            }
            for (Block target : edge.getValue()) {
              propagate(target, exceptional, in, worklist, queued);
            }
          }
          if (driverFailure != null) {
            for (Block target : driverFailureTargets(driverFailure)) {
              propagate(target, exceptional, in, worklist, queued);
            }
          }
        }
      }
      return in;
    }

    /**
     * The tests the analysis cannot evaluate ({@code if (errors.isEmpty())}) that a client reaches
     * open on some paths after it was closed or handed on on others, by the creations concerned,
     * for the creations that leak: code that tells the paths apart by such a test may well know
     * which ones left the client open.
     */
    private Map<Block, Set<Tree>> correlatedTests(Map<Block, Store> in) {
      Map<Block, Set<Tree>> correlated = new HashMap<>();
      if (leaks.isEmpty()) {
        return correlated;
      }
      for (Map.Entry<Block, Store> entry : in.entrySet()) {
        if (!(entry.getKey() instanceof ConditionalBlock conditional)
            || entry.getValue().ended.isEmpty()
            || test(conditional) != null
            || nullChecked(conditional, /* equal= */ true) != null
            || nullChecked(conditional, /* equal= */ false) != null) {
          continue;
        }
        Store store = entry.getValue();
        for (Obligation obligation : store.obligations.values()) {
          if (store.ended.contains(obligation.creation) && leaks.containsKey(obligation.creation)) {
            correlated
                .computeIfAbsent(conditional, c -> new HashSet<>())
                .add(obligation.creation);
          }
        }
      }
      return correlated;
    }

    /** That the condition of a test the analysis cannot evaluate had a given outcome. */
    private record OpaqueTest(Block test) {}

    /**
     * {@code store} on the branch where the test {@code opaque} came out {@code value}, for the
     * obligations of {@code creations}: they stay apart from those on the other branch.
     */
    private static Store withOutcome(
        Store store, OpaqueTest opaque, boolean value, Set<Tree> creations) {
      Store refined = store.copy();
      rewrite(
          refined,
          obligation ->
              creations.contains(obligation.creation)
                  ? obligation.assuming(opaque, value)
                  : obligation,
          /* ends= */ false);
      return refined;
    }

    /**
     * Reports the leaks held back in the second round, but for those whose path differs, in the
     * outcome of a test the analysis cannot evaluate, from a path that hands the client on: the
     * test is taken to tell the two apart (the benign reading).
     */
    private void settlePending() {
      for (PendingLeak pending : this.pending) {
        if (!handedOnWhereTestDiffers(pending.obligation())) {
          record(pending.obligation(), pending.reason(), pending.where(), pending.field());
        }
      }
      this.pending.clear();
    }

    /**
     * Records, in the second round, a use of the client on a path that a test the analysis cannot
     * evaluate decided: code that uses it there takes it to be open there.
     */
    private void noteUse(Obligation obligation) {
      noteOutcomes(usedUnder, obligation);
    }

    /** Records, in the second round, the outcomes of the tests on the path of {@code obligation}. */
    private void noteOutcomes(Map<Tree, List<Map<Object, Boolean>>> under, Obligation obligation) {
      if (splitAt != null && assumesOutcome(obligation)) {
        under.computeIfAbsent(obligation.creation, c -> new ArrayList<>()).add(obligation.assumed);
      }
    }

    /**
     * Whether a path hands the client on where a test came out otherwise than on the leaking path,
     * and no path with the leaking path's outcomes goes on using it (code that uses it there takes
     * it to be open there, and the benign reading does not hold).
     */
    private boolean handedOnWhereTestDiffers(Obligation leaking) {
      List<Map<Object, Boolean>> used = usedUnder.getOrDefault(leaking.creation, List.of());
      List<Map<Object, Boolean>> handedOn =
          handedOnUnder.getOrDefault(leaking.creation, List.of());
      return used.stream().allMatch(outcomes -> differsInAnOutcome(leaking.assumed, outcomes, true))
          && handedOn.stream()
              .anyMatch(outcomes -> differsInAnOutcome(leaking.assumed, outcomes, false));
    }

    /**
     * Whether {@code other} has another outcome than {@code leaking} for one of its tests; where
     * {@code other} does not know a test's outcome, it differs only when {@code unknownDiffers}.
     */
    private static boolean differsInAnOutcome(
        Map<Object, Boolean> leaking, Map<Object, Boolean> other, boolean unknownDiffers) {
      for (Map.Entry<Object, Boolean> fact : leaking.entrySet()) {
        Boolean outcome = other.get(fact.getKey());
        if (fact.getKey() instanceof OpaqueTest
            && (outcome == null ? unknownDiffers : !outcome.equals(fact.getValue()))) {
          return true;
        }
      }
      return false;
    }

    private static boolean assumesOutcome(Obligation obligation) {
      for (Object fact : obligation.assumed.keySet()) {
        if (fact instanceof OpaqueTest) {
          return true;
        }
      }
      return false;
    }

    /** A leak on a path that a test the analysis cannot evaluate decided, held back to the end. */
    private record PendingLeak(
        Obligation obligation, Reason reason, @Nullable Tree where, @Nullable Symbol field) {}

    /**
     * Whether {@code thrown} is an exception that the JDK or library method called at {@code node}
     * does not declare, though it declares others: the JDK states how such a method fails ({@code
     * latch.await()} throws {@code InterruptedException}), and its unchecked exceptions come only
     * from misuse, which precision does not assume; of another library's code, the analysis sees
     * only what it declares.
     */
    private boolean outsideTheContract(Node node, javax.lang.model.type.TypeMirror thrown) {
      if (!(thrown instanceof Type thrownType)
          || !((Symbol) ASTHelpers.getSymbol(node.getTree()) instanceof MethodSymbol method)
          || method.getThrownTypes().isEmpty()
          || !(method.owner instanceof ClassSymbol owner)
          || !(owner.getQualifiedName().toString().startsWith("java.")
              || Failures.isOtherLibrary(owner))) {
        return false;
      }
      for (Type declared : method.getThrownTypes()) {
        if (ASTHelpers.isSubtype(thrownType, declared, state)
            || ASTHelpers.isSubtype(declared, thrownType, state)) {
          return false;
        }
      }
      return true;
    }

    /**
     * Whether {@code node} calls a method of the driver, which fails with a {@code MongoException}
     * ({@code MongoTimeoutException}, {@code MongoCommandException}, ...): its other unchecked
     * exceptions come only from misuse, which precision does not assume.
     */
    private boolean failsWithMongoException(Node node) {
      return mongoExceptionType != null
          && node instanceof MethodInvocationNode
          && (Symbol) ASTHelpers.getSymbol(node.getTree()) instanceof MethodSymbol method
          && method.owner instanceof ClassSymbol owner
          && owner.getQualifiedName().toString().startsWith("com.mongodb.");
    }

    /**
     * Whether an exceptional edge of type {@code thrown} carries unchecked exceptions, the driver's
     * {@code MongoException} among them.
     */
    private boolean isUnchecked(javax.lang.model.type.TypeMirror thrown) {
      Type runtime = runtimeExceptionType;
      return thrown instanceof Type type
          && (ASTHelpers.isSubtype(requireNonNull(mongoExceptionType), type, state)
              || (runtime != null && ASTHelpers.isSubtype(type, runtime, state)));
    }

    /**
     * The blocks, of {@code targets}, that a driver's {@code MongoException} reaches: a catch of an
     * unrelated type does not see it, and the innermost catch of {@code MongoException} or of a
     * supertype takes it, so that nothing beyond that catch does.
     */
    private Set<Block> driverFailureTargets(Set<Block> targets) {
      Type failure = requireNonNull(mongoExceptionType);
      CatchMarkerNode taker = null;
      for (Block target : targets) {
        CatchMarkerNode marker = caughtBy(target);
        if (marker != null
            && catches(marker.getCatchType(), failure, /* all= */ true)
            && (taker == null || isInside(marker, taker))) {
          taker = marker;
        }
      }
      Set<Block> reached = new LinkedHashSet<>();
      for (Block target : targets) {
        CatchMarkerNode marker = caughtBy(target);
        if (marker == null
            ? taker == null
            : marker == taker
                || (catches(marker.getCatchType(), failure, /* all= */ false)
                    && (taker == null || isInside(marker, taker)))) {
          reached.add(target);
        }
      }
      return reached;
    }

    /** The marker that starts {@code block}, when it is the start of a catch block. */
    private static @Nullable CatchMarkerNode caughtBy(Block block) {
      return block.getNodes().isEmpty()
              || !(block.getNodes().get(0) instanceof CatchMarkerNode marker)
          ? null
          : marker;
    }

    /**
     * Whether a catch of {@code caught} takes every exception of type {@code failure} ({@code all})
     * or some of them.
     */
    private boolean catches(
        javax.lang.model.type.TypeMirror caught, Type failure, boolean all) {
      List<? extends javax.lang.model.type.TypeMirror> alternatives =
          caught instanceof javax.lang.model.type.UnionType union
              ? union.getAlternatives()
              : List.of(caught);
      for (javax.lang.model.type.TypeMirror alternative : alternatives) {
        if (alternative instanceof Type type
            && (ASTHelpers.isSubtype(failure, type, state)
                || (!all && ASTHelpers.isSubtype(type, failure, state)))) {
          return true;
        }
      }
      return false;
    }

    /**
     * Whether the catch of {@code marker} is tried before that of {@code other}: a catch of an inner
     * {@code try}, or of the same one with a narrower type, which Java puts first.
     */
    private boolean isInside(CatchMarkerNode marker, CatchMarkerNode other) {
      if (marker.getTree() != other.getTree()) {
        return ASTHelpers.getStartPosition(marker.getTree())
            > ASTHelpers.getStartPosition(other.getTree());
      }
      return marker.getCatchType() instanceof Type type
          && other.getCatchType() instanceof Type otherType
          && !ASTHelpers.isSameType(type, otherType, state)
          && ASTHelpers.isSubtype(type, otherType, state);
    }

    /**
     * The local that is null on the then-branch ({@code equal}) or else-branch of {@code
     * conditional}, when its condition compares a local with {@code null}.
     */
    private static @Nullable Element nullChecked(ConditionalBlock conditional, boolean equal) {
      if (conditional.getPredecessors().size() != 1) {
        return null;
      }
      Node condition = conditional.getPredecessors().iterator().next().getLastNode();
      boolean isEqual = condition instanceof EqualToNode;
      if (!(isEqual || condition instanceof NotEqualNode) || isEqual != equal) {
        return null;
      }
      List<Node> operands = new ArrayList<>(condition.getOperands());
      if (operands.size() != 2) {
        return null;
      }
      for (int i = 0; i < 2; i++) {
        if (operands.get(i) instanceof LocalVariableNode local
            && operands.get(1 - i) instanceof NullLiteralNode) {
          return local.getElement();
        }
      }
      return null;
    }

    /** That a local or parameter is null: a fact, keyed apart from the variable's own value. */
    private record NullTest(Element variable) {}

    /** Whether {@code fact} is about the value of {@code variable}. */
    static boolean isAbout(Object fact, Element variable) {
      return fact.equals(variable)
          || (fact instanceof NullTest test && test.variable().equals(variable))
          || (fact instanceof ControlFlowGraphs.EnumTest test && test.variable().equals(variable));
    }

    /** A fact a branch tests, and the value it has on the branch taken when the test holds. */
    private record Test(Object fact, boolean whenThen) {}

    /**
     * The fact {@code conditional} branches on: a boolean local or parameter ({@code if (flag)},
     * {@code if (!flag)}, {@code flag ? a : b}), or whether one is null ({@code given == null}).
     */
    private static @Nullable Test test(ConditionalBlock conditional) {
      Node condition = condition(conditional);
      boolean negated = false;
      if (condition instanceof ConditionalNotNode not) {
        condition = not.getOperand();
        negated = true;
      }
      if (condition instanceof LocalVariableNode local
          && local.getType().getKind() == TypeKind.BOOLEAN) {
        return new Test(local.getElement(), !negated);
      }
      if ((condition instanceof EqualToNode || condition instanceof NotEqualNode)
          && condition.getOperands().size() == 2) {
        List<Node> operands = new ArrayList<>(condition.getOperands());
        for (int i = 0; i < 2; i++) {
          if (operands.get(i) instanceof LocalVariableNode local
              && operands.get(1 - i) instanceof NullLiteralNode) {
            return new Test(
                new NullTest(local.getElement()), (condition instanceof EqualToNode) != negated);
          }
        }
        ControlFlowGraphs.EnumTest compared = ControlFlowGraphs.enumComparison(condition);
        if (compared != null) {
          return new Test(compared, (condition instanceof EqualToNode) != negated);
        }
      }
      // case A of a switch on a local: the local is A on the branch that enters the case.
      ControlFlowGraphs.EnumTest entered =
          condition == null ? null : ControlFlowGraphs.enumCase(condition);
      return entered == null ? null : new Test(entered, true);
    }

    private static @Nullable Node condition(ConditionalBlock conditional) {
      return conditional.getPredecessors().size() == 1
          ? conditional.getPredecessors().iterator().next().getLastNode()
          : null;
    }

    /**
     * {@code store} on a path where {@code flag} is {@code value}: the fact is known, and a client
     * created only where the flag has the other value does not exist.
     */
    private static Store withFact(Store store, Object flag, boolean value) {
      Store refined = store.copy();
      refined.facts.put(flag, value);
      rewrite(
          refined,
          obligation ->
              obligation.existsWhere(flag, value) ? obligation.assuming(flag, value) : null,
          /* ends= */ false);
      return refined;
    }

    /** {@code store} on a path where {@code local} is null: it holds no client there. */
    private static Store withoutNull(Store store, @Nullable Element local) {
      if (local == null) {
        return store;
      }
      Store refined = store.copy();
      rewrite(
          refined,
          obligation -> obligation.aliases.containsKey(local) ? null : obligation,
          /* ends= */ false);
      return refined;
    }

    private static void propagate(
        Block target, Store store, Map<Block, Store> in, Deque<Block> worklist, Set<Block> queued) {
      Store existing = in.get(target);
      boolean changed;
      if (existing == null) {
        in.put(target, store.copy());
        changed = true;
      } else {
        changed = existing.join(store);
      }
      if (changed && queued.add(target)) {
        worklist.add(target);
      }
    }

    private @Nullable ControlFlowGraph buildCfg() {
      return ControlFlowGraphs.instance(state.context).graph(code);
    }

    // Transfer -------------------------------------------------------------------------------

    /**
     * The obligations that go on when {@code node} throws: those it does not close or hand on. Only
     * calls and {@code throw} leave by an exception here; other nodes' exceptions (a null
     * dereference, a failed cast) are not followed.
     */
    private @Nullable Store exceptionalStore(Store before, Node node) {
      if (node instanceof MarkerNode) {
        // The end of a finally block run for an exception: the exception goes on, and with it
        // every obligation the finally block left open.
        return before.copy();
      }
      if (!(node instanceof MethodInvocationNode
              || node instanceof ObjectCreationNode
              || node instanceof ThrowNode)
          || cannotThrow(node)) {
        return null;
      }
      if (before.obligations.isEmpty()) {
        // Nothing to carry, but the handler is still reached: it may create clients of its own.
        Store handler = new Store();
        handler.facts.putAll(before.facts);
        return handler;
      }
      Store probe = before.copy();
      // What the node does on its normal path is not a leak on this one.
      probing = true;
      try {
        transfer(node, probe);
      } finally {
        probing = false;
      }
      Store result = new Store();
      // The node throws before it assigns anything: the flags keep their values.
      result.facts.putAll(before.facts);
      for (Obligation obligation : before.obligations.values()) {
        if (survives(obligation, probe)) {
          result.add(obligation.thrownBy(node.getTree()));
        }
      }
      return result;
    }

    /**
     * Whether {@code node} calls a method that fails only when the JVM does or by misuse
     * (allocating a thread, reading the runtime, formatting a string, logging, an accessor of the
     * driver), a method of another library that declares no exception, or a method of the
     * compilation whose body cannot fail ({@link Failures}).
     */
    private boolean cannotThrow(Node node) {
      Symbol symbol = ASTHelpers.getSymbol(node.getTree());
      if (node instanceof ObjectCreationNode
          && symbol instanceof MethodSymbol constructor
          && OwnedFields.wrapperKind(constructor.owner, state) != OwnedFields.Wrapper.NONE) {
        // The constructor of an owner takes the client as a whole: like a constructor that
        // takes ownership anywhere, it is not followed into its exceptions.
        return true;
      }
      if (!(symbol instanceof MethodSymbol method)
          || !(method.owner instanceof ClassSymbol owner)) {
        return false;
      }
      if (node.getTree() instanceof MethodInvocationTree call
          && collectsIntoANewCollection(method, call)) {
        return true;
      }
      if (!method.getThrownTypes().isEmpty()) {
        // A declared exception is part of the contract: it happens.
        return false;
      }
      String name = method.getSimpleName().toString();
      return Failures.cannotFail(method, state)
          || (COLLECTION_KEEPS.contains(name) && Analysis.isJdkCollectionMethod(method))
          || (owner.getQualifiedName().toString().startsWith("com.mongodb.")
              && (name.startsWith("get") || name.startsWith("with") || name.startsWith("is"))
              && (method.getParameters().isEmpty() || !calledOnALocal(node)));
    }

    /**
     * Whether the call {@code node} is made on a local. The driver's accessors read a field, but
     * one that takes an argument validates it ({@code getDatabase(name)} rejects an invalid name):
     * called on a local that holds the client, between its creation and the {@code try} that closes
     * it, its exception skips the close. Called on the value of the expression that creates the
     * client ({@code MongoClients.create(uri).getDatabase("app")}), it is part of a chain, whose
     * fate the chain's result decides.
     */
    private static boolean calledOnALocal(Node node) {
      return node instanceof MethodInvocationNode invocation
          && invocation.getTarget().getReceiver() instanceof LocalVariableNode;
    }

    /** Whether the creation of {@code obligation} is still live in {@code after}. */
    private static boolean survives(Obligation obligation, Store after) {
      for (Obligation other : after.obligations.values()) {
        if (other.creation == obligation.creation) {
          return true;
        }
      }
      return false;
    }

    private void transfer(Node node, Store store) {
      transferNode(node, store);
      Tree tree = node.getTree();
      if (tree != null && statementValues.contains(tree) && !(node instanceof AssignmentNode)) {
        consume(
            node,
            store,
            FreshClients.isFresh((com.sun.source.tree.ExpressionTree) tree, state)
                ? Reason.DISCARDED
                : Reason.CHAIN,
            tree);
      }
    }

    private void transferNode(Node node, Store store) {
      if (node instanceof AssignmentNode assignment) {
        assign(assignment, store);
      } else if (node instanceof MethodInvocationNode invocation) {
        invoke(invocation, store);
      } else if (node instanceof ObjectCreationNode creation) {
        construct(creation, store);
      } else if (node instanceof ReturnNode returnNode) {
        if (returnNode.getResult() != null) {
          leave(returnNode.getResult(), returnNode.getTree(), store);
        }
        tagReturn(returnNode.getTree(), store);
      } else if (node instanceof LambdaResultExpressionNode result) {
        leave(result.getResult(), result.getTree(), store);
      } else if (node instanceof TypeCastNode cast) {
        passThrough(cast.getOperand(), cast, store);
      } else if (node instanceof NullChkNode check) {
        passThrough(check.getOperand(), check, store);
      } else if (node instanceof TernaryExpressionNode ternary) {
        alsoHeldBy(ternary.getTernaryExpressionVar(), ternary, store);
      } else if (node instanceof SwitchExpressionNode switchExpression) {
        alsoHeldBy(switchExpression.getSwitchExpressionVar(), switchExpression, store);
      } else if (node instanceof InstanceOfNode instanceOf) {
        for (LocalVariableNode binding : instanceOf.getBindingVariables()) {
          alsoHeldBy(instanceOf.getOperand(), binding.getElement(), store);
        }
        consume(instanceOf.getOperand(), store, Reason.LOST, node.getTree());
      } else if (node instanceof FunctionalInterfaceNode functional) {
        capture(functional, store);
      } else if (node instanceof ExpressionStatementNode) {
        // A marker; the value of the statement is dropped after its last node (see below).
      } else if (node instanceof StringConcatenateNode
          || node instanceof StringConversionNode
          || node instanceof EqualToNode
          || node instanceof NotEqualNode) {
        for (Node operand : node.getOperands()) {
          consume(operand, store, Reason.LOST, node.getTree());
        }
      } else if (node instanceof LocalVariableNode
          || node instanceof MethodAccessNode
          || node instanceof FieldAccessNode
          || node instanceof VariableDeclarationNode
          || node instanceof ThrowNode) {
        // Reads, declarations and the receiver of a call: the consumer decides.
      } else {
        // A node that takes a client into something the analysis does not model: assume the
        // client was handed on.
        for (Node operand : node.getOperands()) {
          discharge(operand, store, null);
        }
      }
    }

    private void assign(AssignmentNode assignment, Store store) {
      Node target = assignment.getTarget();
      Node value = assignment.getExpression();
      if (target instanceof LocalVariableNode local) {
        Element variable = local.getElement();
        store.facts.keySet().removeIf(fact -> isAbout(fact, variable));
        replaceAll(store, obligation -> obligation.forgetting(variable));
        if (value instanceof BooleanLiteralNode literal) {
          store.facts.put(variable, literal.getValue());
          replaceAll(store, obligation -> obligation.assuming(variable, literal.getValue()));
        } else if (value instanceof NullLiteralNode) {
          store.facts.put(new NullTest(variable), true);
        }
        Map<Obligation, Kind> held = held(value, store);
        rememberName(variable, held);
        // The old value of the variable is gone.
        replaceAll(
            store,
            obligation -> {
              if (!obligation.aliases.containsKey(variable)) {
                return obligation;
              }
              Map<Object, Kind> aliases = new LinkedHashMap<>(obligation.aliases);
              aliases.remove(variable);
              if (aliases.isEmpty() && !held.containsKey(obligation)) {
                leak(obligation, Reason.OVERWRITTEN, assignment.getTree(), null);
                return null;
              }
              return obligation.withAliases(aliases);
            });
        for (Map.Entry<Obligation, Kind> entry : held.entrySet()) {
          addAlias(store, entry.getKey().creation, variable, entry.getValue(), value);
        }
        // The value now lives in the variable.
        Object key = aliasKey(value);
        if (!(key instanceof Element)) {
          replaceAll(
              store,
              obligation -> {
                if (!obligation.aliases.containsKey(key) || obligation.aliases.size() < 2) {
                  return obligation;
                }
                Map<Object, Kind> aliases = new LinkedHashMap<>(obligation.aliases);
                aliases.remove(key);
                return obligation.withAliases(aliases);
              });
        }
        return;
      }
      if (target instanceof FieldAccessNode field) {
        Symbol symbol = (Symbol) field.getElement();
        for (Map.Entry<Obligation, Kind> entry : held(value, store).entrySet()) {
          if (entry.getValue() == Kind.DERIVED && !livesForever(symbol)) {
            consumeOne(entry.getKey(), aliasKey(value), store, Reason.DERIVED_FIELD, symbol);
          } else {
            if (entry.getValue() == Kind.CLIENT
                && symbol instanceof VarSymbol instanceField
                && !ASTHelpers.isStatic(instanceField)) {
              storedFields.putIfAbsent(entry.getKey().creation, instanceField);
            }
            dischargeOne(entry.getKey(), store);
          }
        }
        return;
      }
      if (target instanceof ArrayAccessNode) {
        discharge(value, store, null);
        return;
      }
      discharge(value, store, null);
    }

    /** Whether a value stored in {@code field} lives as long as the process. */
    private boolean livesForever(Symbol field) {
      return ASTHelpers.isStatic(field)
          || (field.owner instanceof ClassSymbol owner && Frameworks.isProcessLived(owner, state));
    }

    private void invoke(MethodInvocationNode invocation, Store store) {
      MethodAccessNode target = invocation.getTarget();
      ExecutableElement element = target.getMethod();
      if (!(element instanceof MethodSymbol method)) {
        return;
      }
      if (OwnershipSummaries.endsTheProcess(method)) {
        // Nothing runs after this on this path, and the process takes its clients with it.
        store.obligations.clear();
        return;
      }
      Node receiver = target.getReceiver();
      List<Node> arguments = invocation.getArguments();
      // Arguments first: a closing lambda handed to whenComplete closes before the receiver moves.
      for (int i = 0; i < arguments.size(); i++) {
        Node argument = arguments.get(i);
        for (Map.Entry<Obligation, Kind> entry : held(argument, store).entrySet()) {
          noteUse(entry.getKey());
          argument(method, i, argument, entry.getKey(), entry.getValue(), invocation, store);
        }
      }
      if (receiver != null && !method.isStatic()) {
        for (Map.Entry<Obligation, Kind> entry : held(receiver, store).entrySet()) {
          if (!OwnershipSummaries.isClose(method)) {
            noteUse(entry.getKey());
          }
          receiver(method, receiver, entry.getKey(), entry.getValue(), invocation, store);
        }
      }
      if (isCreation(invocation.getTree())) {
        create(invocation, store);
      }
    }

    private void receiver(
        MethodSymbol method,
        Node receiver,
        Obligation obligation,
        Kind kind,
        MethodInvocationNode invocation,
        Store store) {
      boolean temporary = !(receiver instanceof LocalVariableNode);
      if (kind == Kind.COLLECTION) {
        if (!COLLECTION_KEEPS.contains(method.getSimpleName().toString())
            || !isJdkCollectionMethod(method)) {
          // Iterated, streamed, read or handed on: its clients may be closed or kept elsewhere.
          dischargeOne(obligation, store);
        }
        return;
      }
      if (kind == Kind.CLIENT && OwnershipSummaries.isClose(method)) {
        recordClose(obligation.creation, invocation.getTree());
        // Only the client the receiver holds on these paths: after a merge the same creation
        // may be held on other paths by variables the close does not reach (a choice between
        // two new clients closes only the one chosen).
        Object key = aliasKey(receiver);
        replaceAll(
            store,
            each ->
                each.creation == obligation.creation && each.aliases.containsKey(key)
                    ? null
                    : each);
        return;
      }
      if (kind == Kind.CLIENT && isClientMethod(method, receiver)) {
        // The driver's own methods read the client; a chain on a temporary keeps only the result.
        if (temporary) {
          Kind result =
              MongoDriver.isClientType(method.getReturnType(), state) ? Kind.CLIENT : Kind.DERIVED;
          if (hasValue(method)) {
            addAlias(store, obligation.creation, invocation, result, receiver);
          }
          consume(receiver, store, Reason.CHAIN, invocation.getTree());
        }
        return;
      }
      if (kind == Kind.DERIVED) {
        if (temporary) {
          if (hasValue(method)) {
            addAlias(store, obligation.creation, invocation, Kind.DERIVED, receiver);
          }
          consume(receiver, store, Reason.CHAIN, invocation.getTree());
        }
        return;
      }
      if (kind == Kind.CLIENT && collectsIntoANewCollection(method, invocation.getTree())) {
        // A list or set the stream's elements are collected into: what becomes of it decides.
        addAlias(store, obligation.creation, invocation, Kind.COLLECTION, receiver);
        if (temporary) {
          consume(receiver, store, Reason.LOST, invocation.getTree());
        }
        return;
      }
      if (OwnershipSummaries.isPassThrough(method)) {
        boolean identity =
            OwnershipSummaries.mapsValue(method) && returnsItsValue(invocation.getTree());
        if (!identity && handsOnTheValue(invocation.getTree())) {
          // A function the step hands the value to (whenComplete, thenAccept, peek) may close it
          // or take it.
          dischargeOne(obligation, store);
          return;
        }
        if (OwnershipSummaries.mapsValue(method) && !identity) {
          if (!readsItsValue(invocation.getTree())) {
            // A function the analysis cannot see into decides what becomes of the value.
            dischargeOne(obligation, store);
            return;
          }
          // The function only reads the client: the step's result is derived from it.
          addAlias(store, obligation.creation, invocation, Kind.DERIVED, receiver);
          if (temporary) {
            consume(receiver, store, Reason.CHAIN, invocation.getTree());
          }
          return;
        }
        addAlias(store, obligation.creation, invocation, kind, receiver);
        if (temporary) {
          consume(receiver, store, Reason.LOST, invocation.getTree());
        }
        return;
      }
      if (kind == Kind.CLIENT && OwnershipSummaries.isNonOwningSink(method)) {
        if (temporary) {
          consume(receiver, store, Reason.LOST, invocation.getTree());
        }
        return;
      }
      if (kind == Kind.CLIENT && OwnershipSummaries.consumesValue(method)) {
        if (handsOnTheValue(invocation.getTree())) {
          // The consumer may close the value or keep it.
          dischargeOne(obligation, store);
        } else if (temporary) {
          // The consumer only reads the client, and the step's result does not hold it.
          consume(receiver, store, Reason.LOST, invocation.getTree());
        }
        return;
      }
      // An unknown method on something that holds the client: it may keep or close it.
      dischargeOne(obligation, store);
    }

    private void argument(
        MethodSymbol method,
        int index,
        Node argument,
        Obligation obligation,
        Kind kind,
        MethodInvocationNode invocation,
        Store store) {
      boolean temporary = !(argument instanceof LocalVariableNode);
      if (kind == Kind.CLIENT
          && invocation.getTarget().getReceiver() instanceof LocalVariableNode collection
          && addsElement(method, index)
          && newCollections.contains(collection.getElement())
          && !reassigned.contains(collection.getElement())) {
        addAlias(store, obligation.creation, collection, Kind.COLLECTION, argument);
        if (temporary) {
          consume(argument, store, Reason.LOST, invocation.getTree());
        }
        return;
      }
      if (kind == Kind.COLLECTION) {
        if (!OwnershipSummaries.isNonOwningSink(method)) {
          // Whatever takes the collection may close its clients or keep them.
          dischargeOne(obligation, store);
        }
        return;
      }
      if (kind == Kind.DERIVED) {
        if (OwnershipSummaries.isPassThrough(method)) {
          addAlias(store, obligation.creation, invocation, Kind.DERIVED, argument);
        }
        if (temporary) {
          consume(argument, store, Reason.CHAIN, invocation.getTree());
        }
        return;
      }
      if (kind == Kind.CLOSER) {
        dischargeOne(obligation, store);
        return;
      }
      if (OwnershipSummaries.isCloseHelper(method)) {
        recordClose(obligation.creation, invocation.getTree());
        dischargeOne(obligation, store);
        return;
      }
      if (OwnershipSummaries.isPassThrough(method)) {
        addAlias(store, obligation.creation, invocation, kind, argument);
        if (temporary) {
          consume(argument, store, Reason.LOST, invocation.getTree());
        }
        return;
      }
      if (kind == Kind.HOLDER) {
        // A lambda that uses the client without closing it, run by the callee or kept by it.
        if (CompilationIndex.instance(state).isInCompilation(method)
            || OwnershipSummaries.isNonOwningSink(method)
            || isJdkFunctionalCall(method)) {
          if (temporary) {
            consume(argument, store, Reason.LOST, invocation.getTree());
          }
          return;
        }
        dischargeOne(obligation, store);
        return;
      }
      boolean inCompilation = CompilationIndex.instance(state).isInCompilation(method);
      if (OwnershipSummaries.isNonOwningSink(method)
          || (inCompilation && !OwnershipSummaries.takesOwnership(method, index, state))) {
        if (temporary) {
          consume(argument, store, Reason.LOST, invocation.getTree());
        }
        return;
      }
      if (inProvider && !inCompilation && hasValue(method)) {
        // In a provider, what a library builds from the client goes to the container, which
        // manages the built object, not the client.
        addAlias(store, obligation.creation, invocation, Kind.BUILT, argument);
        if (temporary) {
          consume(argument, store, Reason.LOST, invocation.getTree());
        }
        return;
      }
      dischargeOne(obligation, store);
    }

    /**
     * Whether {@code call} collects a stream into a new list or set: {@code toList()}, {@code
     * collect(Collectors.toList())}, {@code collect(Collectors.toSet())} and their unmodifiable
     * forms.
     */
    private boolean collectsIntoANewCollection(MethodSymbol method, MethodInvocationTree call) {
      if (!(method.owner instanceof ClassSymbol owner)
          || !owner.getQualifiedName().contentEquals("java.util.stream.Stream")) {
        return false;
      }
      String name = method.getSimpleName().toString();
      if (name.equals("toList")) {
        return call.getArguments().isEmpty();
      }
      return name.equals("collect")
          && call.getArguments().size() == 1
          && ASTHelpers.stripParentheses(call.getArguments().get(0))
              instanceof MethodInvocationTree collector
          && collector.getArguments().isEmpty()
          && (Symbol) ASTHelpers.getSymbol(collector) instanceof MethodSymbol factory
          && factory.owner.getQualifiedName().contentEquals("java.util.stream.Collectors")
          && NEW_COLLECTION_COLLECTORS.contains(factory.getSimpleName().toString());
    }

    /** Whether {@code method} adds its argument at {@code index} to a JDK collection or map. */
    private static boolean addsElement(MethodSymbol method, int index) {
      return isJdkCollectionMethod(method)
          && OwnershipSummaries.addedElement(
                  method.getSimpleName().toString(), method.getParameters().size())
              == index;
    }

    static boolean isJdkCollectionMethod(MethodSymbol method) {
      return method.owner instanceof ClassSymbol owner
          && OwnershipSummaries.isInJdkCollections(owner);
    }

    /**
     * Whether {@code initializer} creates an empty JDK collection or map: no argument, or only a
     * capacity.
     */
    private static boolean isNewCollection(@Nullable ExpressionTree initializer) {
      if (!(initializer instanceof NewClassTree creation)
          || creation.getClassBody() != null
          || !(ASTHelpers.getSymbol(creation.getIdentifier()) instanceof ClassSymbol type)
          || !OwnershipSummaries.isInJdkCollections(type)) {
        return false;
      }
      for (ExpressionTree argument : creation.getArguments()) {
        Type argumentType = ASTHelpers.getType(argument);
        if (argumentType == null || !argumentType.isPrimitive()) {
          return false;
        }
      }
      return true;
    }

    /** JDK methods that run a lambda and keep nothing: {@code forEach}, {@code ifPresent}. */
    private static boolean isJdkFunctionalCall(MethodSymbol method) {
      String name = method.getSimpleName().toString();
      return method.owner instanceof ClassSymbol owner
          && owner.getQualifiedName().toString().startsWith("java.util.")
          && (name.equals("forEach") || name.equals("ifPresent") || name.equals("computeIfAbsent"));
    }

    private void construct(ObjectCreationNode creation, Store store) {
      MethodSymbol constructor = ASTHelpers.getSymbol(creation.getTree());
      List<Node> arguments = creation.getArguments();
      for (int i = 0; i < arguments.size(); i++) {
        Node argument = arguments.get(i);
        for (Map.Entry<Obligation, Kind> entry : held(argument, store).entrySet()) {
          Obligation obligation = entry.getKey();
          Kind kind = entry.getValue();
          boolean temporary = !(argument instanceof LocalVariableNode);
          if (kind == Kind.COLLECTION) {
            // A copy of the collection, or an object that takes it: its clients go along.
            dischargeOne(obligation, store);
          } else if (kind == Kind.DERIVED) {
            if (temporary) {
              consume(argument, store, Reason.CHAIN, creation.getTree());
            }
          } else if (constructor != null
              && CompilationIndex.instance(state).isInCompilation(constructor)
              && creation.getTree().getClassBody() == null
              && !OwnershipSummaries.takesOwnership(constructor, i, state)) {
            if (temporary) {
              consume(argument, store, Reason.LOST, creation.getTree());
            }
          } else if (kind == Kind.CLIENT
              && constructor != null
              && creation.getTree().getClassBody() == null
              && OwnedFields.wrapperKind(constructor.owner, state) != OwnedFields.Wrapper.NONE) {
            // An AutoCloseable of the compilation that owns what it is given: closing it closes
            // the client, and the obligation goes with it.
            addAlias(store, obligation.creation, creation, Kind.CLIENT, argument);
            wrappers.putIfAbsent(
                obligation.creation, "new " + constructor.owner.getSimpleName() + "(...)");
            if (temporary) {
              consume(argument, store, Reason.LOST, creation.getTree());
            }
          } else if (inProvider
              && kind == Kind.CLIENT
              && (constructor == null
                  || !CompilationIndex.instance(state).isInCompilation(constructor))) {
            addAlias(store, obligation.creation, creation, Kind.BUILT, argument);
            if (temporary) {
              consume(argument, store, Reason.LOST, creation.getTree());
            }
          } else {
            dischargeOne(obligation, store);
          }
        }
      }
      if (creation.getTree().getClassBody() != null) {
        // An anonymous class that captures the client may close it later.
        Set<Element> captured = capturedLocals(creation.getTree().getClassBody(), store);
        for (Element local : captured) {
          discharge(local, store);
        }
      }
      if (isCreation(creation.getTree())) {
        create(creation, store);
      }
    }

    private boolean isCreation(ExpressionTree tree) {
      return creations.computeIfAbsent(tree, each -> FreshClients.isCreation(tree, state));
    }

    private void capture(FunctionalInterfaceNode functional, Store store) {
      Tree tree = functional.getTree();
      Set<Element> captured = capturedLocals(tree, store);
      for (Element local : captured) {
        Kind kind = closesWhenRun(tree, local) ? Kind.CLOSER : Kind.HOLDER;
        for (Obligation obligation : List.copyOf(store.obligations.values())) {
          if (obligation.aliases.get(local) == Kind.COLLECTION) {
            // A lambda that captures the collection (a shutdown hook, a task) may close its
            // clients when it runs.
            dischargeOne(obligation, store);
          } else if (obligation.aliases.get(local) == Kind.CLIENT) {
            addAlias(store, obligation.creation, functional, kind, null);
          }
        }
      }
    }

    /** Whether the lambda or reference {@code tree} closes {@code local} when it runs. */
    /**
     * Whether a function argument of {@code invocation} is handed a client (its parameter can hold
     * one) and may close or keep it: a method reference (other than to a driver method that reads
     * the client), or a lambda that uses such a parameter other than by calling the driver's
     * methods on it (other than {@code close}) or comparing it with {@code null}.
     */
    private boolean handsOnTheValue(MethodInvocationTree invocation) {
      for (ExpressionTree argument : invocation.getArguments()) {
        ExpressionTree function = ASTHelpers.stripParentheses(argument);
        if (function instanceof MemberReferenceTree reference) {
          MethodSymbol target = ASTHelpers.getSymbol(reference);
          Type descriptor = functionalDescriptor(reference);
          if (descriptor != null
              && descriptor.getParameterTypes().stream()
                  .anyMatch(type -> FreshClients.mayHoldClient(type, state))
              && (target == null
                  || !OwnershipSummaries.isDriverMethod(target)
                  || OwnershipSummaries.isClose(target))) {
            return true;
          }
        } else if (function instanceof LambdaExpressionTree lambda) {
          for (VariableTree parameter : lambda.getParameters()) {
            VarSymbol symbol = ASTHelpers.getSymbol(parameter);
            if (symbol != null
                && FreshClients.mayHoldClient(symbol.type, state)
                && usedOtherThanRead(symbol, lambda.getBody())) {
              return true;
            }
          }
        }
      }
      return false;
    }

    /**
     * Whether the function of the step {@code invocation} is the identity, {@code c -> c}. A block
     * lambda that returns its value may also have closed it: {@link #handsOnTheValue} judges it.
     */
    private static boolean returnsItsValue(MethodInvocationTree invocation) {
      return !invocation.getArguments().isEmpty()
          && ASTHelpers.stripParentheses(invocation.getArguments().get(0))
              instanceof LambdaExpressionTree lambda
          && lambda.getParameters().size() == 1
          && lambda.getBody() instanceof ExpressionTree body
          && isVariable(body, ASTHelpers.getSymbol(lambda.getParameters().get(0)));
    }

    private static boolean isVariable(
        @Nullable ExpressionTree expression, @Nullable Symbol variable) {
      return expression != null
          && variable != null
          && ASTHelpers.stripParentheses(expression) instanceof IdentifierTree identifier
          && ASTHelpers.getSymbol(identifier) == variable;
    }

    /**
     * Whether the function of the step {@code invocation} is one the analysis sees into: a lambda
     * or a method reference, which {@link #handsOnTheValue} found only reading the value.
     */
    private static boolean readsItsValue(MethodInvocationTree invocation) {
      if (invocation.getArguments().isEmpty()) {
        return false;
      }
      ExpressionTree function = ASTHelpers.stripParentheses(invocation.getArguments().get(0));
      return function instanceof LambdaExpressionTree || function instanceof MemberReferenceTree;
    }

    private @Nullable Type functionalDescriptor(ExpressionTree function) {
      try {
        return state.getTypes().findDescriptorType(ASTHelpers.getType(function));
      } catch (RuntimeException notFunctional) {
        return null;
      }
    }

    /**
     * Whether {@code body} uses {@code parameter} other than as the receiver of a driver method
     * other than {@code close}, or as an operand of {@code ==}/{@code !=}.
     */
    private static boolean usedOtherThanRead(VarSymbol parameter, Tree body) {
      boolean[] other = {false};
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
          if (tree.getMethodSelect() instanceof MemberSelectTree select
              && isParameter(select.getExpression())) {
            MethodSymbol called = ASTHelpers.getSymbol(tree);
            if (called == null
                || !OwnershipSummaries.isDriverMethod(called)
                || OwnershipSummaries.isClose(called)) {
              other[0] = true;
            }
            scan(tree.getArguments(), null);
            return null;
          }
          return super.visitMethodInvocation(tree, null);
        }

        @Override
        public Void visitBinary(com.sun.source.tree.BinaryTree tree, Void unused) {
          if (!isParameter(tree.getLeftOperand())) {
            scan(tree.getLeftOperand(), null);
          }
          if (!isParameter(tree.getRightOperand())) {
            scan(tree.getRightOperand(), null);
          }
          return null;
        }

        @Override
        public Void visitIdentifier(IdentifierTree tree, Void unused) {
          if (ASTHelpers.getSymbol(tree) == parameter) {
            other[0] = true;
          }
          return null;
        }

        private boolean isParameter(ExpressionTree expression) {
          return ASTHelpers.stripParentheses(expression) instanceof IdentifierTree identifier
              && ASTHelpers.getSymbol(identifier) == parameter;
        }
      }.scan(body, null);
      return other[0];
    }

    private boolean closesWhenRun(Tree tree, Element local) {
      if (tree instanceof MemberReferenceTree reference) {
        return reference.getName().contentEquals("close")
            && ASTHelpers.getSymbol(reference.getQualifierExpression()) == local;
      }
      Boolean found =
          new TreeScanner<Boolean, Void>() {
            @Override
            public Boolean visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
              if (invocation.getMethodSelect() instanceof MemberSelectTree select
                  && select.getIdentifier().contentEquals("close")
                  && ASTHelpers.getSymbol(select.getExpression()) == local) {
                return true;
              }
              MethodSymbol method = ASTHelpers.getSymbol(invocation);
              if (method != null && OwnershipSummaries.isCloseHelper(method)) {
                for (var argument : invocation.getArguments()) {
                  if (ASTHelpers.getSymbol(argument) == local) {
                    return true;
                  }
                }
              }
              if (method != null
                  && (OwnershipSummaries.isPassThrough(method)
                      || OwnershipSummaries.consumesValue(method))
                  && invocation.getMethodSelect() instanceof MemberSelectTree select
                  && ASTHelpers.getSymbol(select.getExpression()) == local
                  && handsOnTheValue(invocation)) {
                // A step on the pipeline in the local hands its value to a function that may close
                // it: local.thenAccept(MongoClient::close).
                return true;
              }
              return super.visitMethodInvocation(invocation, null);
            }

            @Override
            public Boolean reduce(Boolean left, Boolean right) {
              return Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right);
            }
          }.scan(tree, null);
      return Boolean.TRUE.equals(found);
    }

    /** The locals holding an obligation that {@code tree} mentions. */
    private static Set<Element> capturedLocals(Tree tree, Store store) {
      Set<Object> held = new HashSet<>();
      for (Obligation obligation : store.obligations.values()) {
        held.addAll(obligation.aliases.keySet());
      }
      Set<Element> captured = new HashSet<>();
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitIdentifier(IdentifierTree identifier, Void unused) {
          Symbol symbol = ASTHelpers.getSymbol(identifier);
          if (symbol != null && held.contains(symbol)) {
            captured.add(symbol);
          }
          return null;
        }
      }.scan(tree, null);
      return captured;
    }

    /** The value of an expression leaves the method: returned, or the result of a lambda. */
    private void leave(Node value, Tree where, Store store) {
      for (Map.Entry<Obligation, Kind> entry : held(value, store).entrySet()) {
        switch (entry.getValue()) {
          case CLIENT, HOLDER, CLOSER, COLLECTION -> {
            noteOutcomes(handedOnUnder, entry.getKey());
            dischargeOne(entry.getKey(), store);
          }
          case DERIVED, BUILT ->
              consumeOne(
                  entry.getKey(),
                  aliasKey(value),
                  store,
                  inProvider ? Reason.PROVIDER : Reason.CHAIN,
                  where);
        }
      }
    }

    private void tagReturn(Tree where, Store store) {
      replaceAll(store, obligation -> obligation.returnedAt(where));
    }

    private void passThrough(Node operand, Node result, Store store) {
      for (Map.Entry<Obligation, Kind> entry : held(operand, store).entrySet()) {
        addAlias(store, entry.getKey().creation, result, entry.getValue(), operand);
      }
      if (!(operand instanceof LocalVariableNode)) {
        consume(operand, store, Reason.LOST, result.getTree());
      }
    }

    private void alsoHeldBy(Object holder, Object result, Store store) {
      Object key = holder instanceof LocalVariableNode local ? local.getElement() : holder;
      if (key instanceof Node node) {
        key = aliasKey(node);
      }
      for (Obligation obligation : List.copyOf(store.obligations.values())) {
        Kind kind = obligation.aliases.get(key);
        if (kind != null) {
          // Only the obligations the holder holds: after a merge, others of the same creation
          // are on paths where the holder holds something else.
          addAlias(store, obligation.creation, result, kind, key);
        }
      }
    }

    private void create(Node node, Store store) {
      // A new evaluation of the same expression: the old value of the expression is gone.
      consume(node, store, Reason.LOST, node.getTree());
      // What is known where the client comes about stays with it: an assignment of a variable
      // later forgets what was known of it.
      ImmutableMap.Builder<Object, Boolean> assumed = ImmutableMap.builder();
      int kept = 0;
      for (Map.Entry<Object, Boolean> fact : store.facts.entrySet()) {
        if (kept++ < MAX_ASSUMED) {
          assumed.put(fact);
        }
      }
      store.add(
          new Obligation(
              node.getTree(),
              ImmutableMap.of(node, Kind.CLIENT),
              assumed.buildOrThrow(),
              null,
              null));
    }

    // Store operations -----------------------------------------------------------------------

    /** The key under which the value of {@code node} is an alias: a local, or the node itself. */
    private static Object aliasKey(Node node) {
      return node instanceof LocalVariableNode local ? local.getElement() : node;
    }

    private static Map<Obligation, Kind> held(@Nullable Node node, Store store) {
      Map<Obligation, Kind> held = new LinkedHashMap<>();
      if (node == null) {
        return held;
      }
      Object key = aliasKey(node);
      for (Obligation obligation : store.obligations.values()) {
        Kind kind = obligation.aliases.get(key);
        if (kind != null) {
          held.put(obligation, kind);
        }
      }
      return held;
    }

    /**
     * Adds {@code alias} to the obligations of {@code creation} in {@code store}: to those that
     * {@code from} (a node, or an alias key) holds, or to all of them when it is null.
     */
    private void addAlias(
        Store store, Tree creation, Object alias, Kind kind, @Nullable Object from) {
      Object key = alias instanceof Node node ? aliasKey(node) : alias;
      Object fromKey = from instanceof Node node ? aliasKey(node) : from;
      replaceAll(
          store,
          obligation -> {
            if (obligation.creation != creation
                || (fromKey != null && !obligation.aliases.containsKey(fromKey))) {
              return obligation;
            }
            Map<Object, Kind> aliases = new LinkedHashMap<>(obligation.aliases);
            aliases.put(key, kind);
            return obligation.withAliases(aliases);
          });
    }

    /** The value of {@code node} is used up: drops it as an alias; a lost obligation leaks. */
    private void consume(Node node, Store store, Reason reason, @Nullable Tree where) {
      Object key = aliasKey(node);
      if (key instanceof Element) {
        return;
      }
      for (Obligation obligation : List.copyOf(store.obligations.values())) {
        if (obligation.aliases.containsKey(key)) {
          consumeOne(obligation, key, store, reason, where);
        }
      }
    }

    private void consumeOne(
        Obligation target, Object key, Store store, Reason reason, @Nullable Object where) {
      if (key instanceof Element
          && reason != Reason.DERIVED_FIELD
          && reason != Reason.PROVIDER
          && reason != Reason.CHAIN) {
        // A local keeps its value after being read.
        return;
      }
      replaceAll(
          store,
          obligation -> {
            if (!obligation.equals(target)) {
              return obligation;
            }
            Map<Object, Kind> aliases = new LinkedHashMap<>(obligation.aliases);
            aliases.remove(key);
            if (aliases.isEmpty()) {
              leak(
                  obligation,
                  reason,
                  where instanceof Tree tree ? tree : null,
                  where instanceof Symbol symbol ? symbol : null);
              return null;
            }
            return obligation.withAliases(aliases);
          });
    }

    private void discharge(Node node, Store store, @Nullable Tree unused) {
      discharge(aliasKey(node), store);
    }

    private void discharge(Object key, Store store) {
      replaceAll(store, obligation -> obligation.aliases.containsKey(key) ? null : obligation);
    }

    /** Ends the obligation: closed or handed on on this path. */
    private static void dischargeOne(Obligation target, Store store) {
      replaceAll(store, obligation -> obligation.creation == target.creation ? null : obligation);
    }

    private interface Rewrite {
      @Nullable Obligation apply(Obligation obligation);
    }

    /** Rewrites every obligation of {@code store}; one rewritten to null ends there. */
    private static void replaceAll(Store store, Rewrite rewrite) {
      rewrite(store, rewrite, /* ends= */ true);
    }

    /**
     * Rewrites every obligation of {@code store}; one rewritten to null ended there when {@code
     * ends}, and otherwise never existed on the path (a branch where its local is null).
     */
    private static void rewrite(Store store, Rewrite rewrite, boolean ends) {
      List<Obligation> current = new ArrayList<>(store.obligations.values());
      store.obligations.clear();
      for (Obligation obligation : current) {
        Obligation rewritten = rewrite.apply(obligation);
        if (rewritten != null) {
          store.add(rewritten);
        } else if (ends) {
          store.ended.add(obligation.creation);
        }
      }
    }

    // Exits and leaks ------------------------------------------------------------------------

    private void exit(Store store, boolean exceptional) {
      for (Obligation obligation : store.obligations.values()) {
        boolean onlyDerived =
            obligation.aliases.values().stream().allMatch(kind -> kind == Kind.DERIVED);
        Symbol collection = collectionOf(obligation);
        if (onlyDerived && !obligation.aliases.isEmpty()) {
          leak(obligation, Reason.CHAIN, null, null);
        } else if (collection != null) {
          if (!exceptional) {
            // On an exceptional exit a client in a collection is not reported: the method may
            // well close the collection on its normal path, and precision comes first.
            leak(obligation, Reason.COLLECTED, obligation.returnedAt, collection);
          }
        } else if (exceptional) {
          leak(obligation, Reason.EXCEPTION, obligation.thrownBy, null);
        } else if (obligation.returnedAt != null) {
          leak(obligation, Reason.RETURN, obligation.returnedAt, null);
        } else {
          leak(obligation, Reason.END, null, null);
        }
      }
    }

    /** The local that holds the collection the client was added to, or null. */
    private static @Nullable Symbol collectionOf(Obligation obligation) {
      for (Map.Entry<Object, Kind> alias : obligation.aliases.entrySet()) {
        if (alias.getValue() == Kind.COLLECTION && alias.getKey() instanceof Symbol local) {
          return local;
        }
      }
      return null;
    }

    private void leak(
        Obligation obligation, Reason reason, @Nullable Tree where, @Nullable Symbol field) {
      if (probing) {
        return;
      }
      if (splitAt != null && assumesOutcome(obligation)) {
        pending.add(new PendingLeak(obligation, reason, where, field));
        return;
      }
      record(obligation, reason, where, field);
    }

    private void record(
        Obligation obligation, Reason reason, @Nullable Tree where, @Nullable Symbol field) {
      Leak known = leaks.get(obligation.creation);
      if (known != null && known.reason().ordinal() <= reason.ordinal()) {
        return;
      }
      String local = localNames.get(obligation.creation);
      leaks.put(
          obligation.creation,
          new Leak(
              reason, local, where, field, closes.getOrDefault(obligation.creation, List.of())));
    }

    private void recordClose(Tree creation, Tree close) {
      List<Tree> known = closes.computeIfAbsent(creation, c -> new ArrayList<>());
      if (!known.contains(close)) {
        known.add(close);
      }
    }

    private void rememberName(Element variable, Map<Obligation, Kind> held) {
      if (!(variable instanceof VarSymbol symbol)
          || symbol.getKind() != ElementKind.LOCAL_VARIABLE
          || symbol.getSimpleName().toString().contains("#")) {
        return;
      }
      for (Obligation obligation : held.keySet()) {
        localNames.putIfAbsent(obligation.creation, symbol.getSimpleName().toString());
      }
    }

    private boolean returnsNothing(LambdaExpressionTree lambda) {
      try {
        Type descriptor = state.getTypes().findDescriptorType(ASTHelpers.getType(lambda));
        return descriptor != null && descriptor.getReturnType().getKind() == TypeKind.VOID;
      } catch (RuntimeException notFunctional) {
        return false;
      }
    }

    private boolean isClientMethod(MethodSymbol method, Node receiver) {
      Type receiverType = (Type) receiver.getType();
      if (receiverType != null
          && OwnedFields.wrapperKind(receiverType.tsym, state) != OwnedFields.Wrapper.NONE) {
        // An object that owns the client, used through a method of its own that keeps nothing.
        return OwnedFields.onlyUsesItsObject(method, state);
      }
      return MongoDriver.isClientType(method.owner.type, state)
          || (MongoDriver.isClientType(receiverType, state)
              && !(method.owner instanceof ClassSymbol owner
                  && owner.getQualifiedName().contentEquals("java.lang.Object")));
    }

    private static boolean hasValue(MethodSymbol method) {
      return method.getReturnType().getKind() != TypeKind.VOID
          && !method.getReturnType().isPrimitive();
    }
  }
}
