package io.github.mongoguard.checks;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.Types;
import com.sun.tools.javac.util.Context;
import io.github.mongoguard.checks.MongoDriver.ClientKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeKind;
import org.jspecify.annotations.Nullable;

/**
 * Whether an expression or a method yields a newly created MongoDB client on every evaluation: the
 * one place that answers "fresh or shared?" for every check.
 *
 * <p>A client is fresh when it comes from a creation {@link MongoDriver} knows, from {@code new} of
 * a subclass of a driver client type, from a method annotated {@code @MustBeClosed} (matched by
 * simple name, so any library's annotation counts), or from a method of the compilation whose every
 * {@code return} yields a fresh client: directly, through locals, conditional and switch
 * expressions, or calls of other such methods. A method that returns a lambda or method reference
 * which yields a fresh client on every call is a fresh-client supplier.
 *
 * <p>Answers about methods are memoised per compilation in the javac {@link Context}; a method
 * whose answer is being computed counts as not fresh, which cuts recursion off.
 */
final class FreshClients {
  private static final Context.Key<Summaries> KEY = new Context.Key<>();

  private static final String MUST_BE_CLOSED = "MustBeClosed";

  private FreshClients() {}

  /**
   * Whether {@code expression} yields a newly created client each time it is evaluated. Locals are
   * resolved within the method or lambda enclosing {@code state}'s path.
   */
  static boolean isFresh(ExpressionTree expression, VisitorState state) {
    try {
      return isFresh(expression, enclosingCode(state.getPath()), state);
    } catch (RuntimeException | AssertionError unexpected) {
      return false;
    }
  }

  /**
   * Whether {@code expression} is where a new client comes into being: it is {@linkplain #isFresh
   * fresh}, and not a JDK step that passes on a new client made in its own operands ({@code
   * Optional.of(MongoClients.create())}, whose client comes into being in the argument).
   */
  static boolean isCreation(ExpressionTree expression, VisitorState state) {
    try {
      if (cannotHoldAClient(ASTHelpers.getType(expression), state)
          || (expression instanceof MethodInvocationTree invocation
              && Frameworks.isMockVerification(ASTHelpers.getReceiver(invocation)))) {
        return false;
      }
      Tree scope = enclosingCode(state.getPath());
      if (!isFresh(expression, scope, state)) {
        return createsWhenEmpty(expression, scope, state) || createsAnOwner(expression, state);
      }
      ExpressionTree passedOn = passedThrough(expression);
      return passedOn == null || !isFresh(passedOn, scope, state);
    } catch (RuntimeException | AssertionError unexpected) {
      return false;
    }
  }

  /**
   * Whether {@code expression} is an {@code orElseGet} whose function creates a client, on an
   * {@code Optional} of unknown content ({@code Optional.ofNullable(cache.get(uri)).orElseGet(() ->
   * MongoClients.create(uri))}): not a fresh client, since it may be one that someone else owns,
   * but a creation on the paths where the {@code Optional} is empty, whose client the code that
   * gets it must close or hand on like any other.
   */
  private static boolean createsWhenEmpty(
      ExpressionTree expression, @Nullable Tree scope, VisitorState state) {
    return strip(expression) instanceof MethodInvocationTree invocation
        && (Symbol) ASTHelpers.getSymbol(invocation) instanceof MethodSymbol symbol
        && OwnershipSummaries.functionStep(symbol) == OwnershipSummaries.FunctionStep.WHEN_EMPTY
        && invocation.getArguments().size() == 1
        && isFreshSupplier(invocation.getArguments().get(0), scope, state);
  }

  /**
   * Whether {@code expression} creates an object of the compilation that creates a client of its
   * own and closes it in its {@code close()} ({@code new MongoConnection(uri)}): the object is the
   * resource its creator must close.
   */
  private static boolean createsAnOwner(ExpressionTree expression, VisitorState state) {
    ExpressionTree value = strip(expression);
    if (value instanceof NewClassTree creation) {
      return creation.getClassBody() == null
          && (Symbol) ASTHelpers.getSymbol(creation) instanceof MethodSymbol constructor
          && OwnedFields.wrapperKind(constructor.owner, state) == OwnedFields.Wrapper.CREATES;
    }
    if (!(value instanceof MethodInvocationTree invocation)) {
      return false;
    }
    MethodSymbol method = ASTHelpers.getSymbol(invocation);
    return method != null && !method.isConstructor() && returnsFreshOwner(method, state);
  }

  /**
   * Whether every call of {@code method} returns a new object of the compilation that opens a
   * client of its own and closes it in its {@code close()}: a static factory ({@code
   * Connection.open(uri)}) or a builder's {@code build()} whose every {@code return} is such a
   * creation, directly, through a local or through another such method.
   */
  static boolean returnsFreshOwner(MethodSymbol method, VisitorState state) {
    Type returned = method.getReturnType();
    return returned != null
        && !returned.isPrimitiveOrVoid()
        && OwnedFields.wrapperKind(returned.tsym, state) == OwnedFields.Wrapper.CREATES
        && summaries(state).answerOwner(method, state);
  }

  private static boolean computeOwner(MethodSymbol method, VisitorState state) {
    if (Frameworks.isProvider(method, state)) {
      // The container manages what a provider returns.
      return false;
    }
    MethodTree tree = analysableBody(method, state);
    if (tree == null) {
      return false;
    }
    List<ExpressionTree> returned = returnedExpressions(tree);
    for (ExpressionTree value : returned) {
      if (!returnsNewOwner(value, tree, state) || keptElsewhere(value, tree, state)) {
        return false;
      }
    }
    return !returned.isEmpty();
  }

  private static boolean returnsNewOwner(
      @Nullable ExpressionTree expression, Tree scope, VisitorState state) {
    ExpressionTree value = strip(expression);
    Boolean alternatives =
        forEveryAlternative(value, scope, each -> returnsNewOwner(each, scope, state));
    if (alternatives != null) {
      return alternatives;
    }
    return value != null && createsAnOwner(value, state);
  }

  /**
   * Whether {@code test} holds for every value that {@code value} may have, where it is one of
   * several: both branches of a conditional, every result of a switch expression, every value
   * written to a local of {@code scope}; null for any other expression, which {@code test}'s
   * caller judges itself.
   */
  private static @Nullable Boolean forEveryAlternative(
      @Nullable ExpressionTree value, @Nullable Tree scope, Predicate<ExpressionTree> test) {
    if (value instanceof ConditionalExpressionTree conditional) {
      return test.test(conditional.getTrueExpression())
          && test.test(conditional.getFalseExpression());
    }
    if (value instanceof SwitchExpressionTree switchExpression) {
      List<ExpressionTree> results = switchResults(switchExpression);
      return !results.isEmpty() && results.stream().allMatch(test);
    }
    if (value instanceof IdentifierTree identifier
        && ASTHelpers.getSymbol(identifier) instanceof VarSymbol local
        && local.getKind() == ElementKind.LOCAL_VARIABLE) {
      return everyWrite(local, scope, test);
    }
    return null;
  }

  /** Whether every call of {@code method} returns a newly created client. */
  static boolean returnsFreshClient(MethodSymbol method, VisitorState state) {
    return carriesClient(method.getReturnType(), state)
        && summaries(state).answer(method, /* supplier= */ false, state);
  }

  /** Whether a value of {@code type} can be a client: a client type, a supertype or a variable. */
  static boolean mayHoldClient(@Nullable Type type, VisitorState state) {
    if (type == null || type.isPrimitiveOrVoid()) {
      return false;
    }
    if (type.getKind() == TypeKind.TYPEVAR || type.getKind() == TypeKind.ERROR) {
      return true;
    }
    Types types = state.getTypes();
    for (ClientKind kind : ClientKind.values()) {
      Type clientType = kind.type(state);
      if (clientType != null && types.isSubtype(types.erasure(clientType), types.erasure(type))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a value of {@code type} can be a client or hold one as a type argument (an {@code
   * Optional}, a future, a stream of clients).
   */
  static boolean carriesClient(@Nullable Type type, VisitorState state) {
    if (type == null || type.isPrimitiveOrVoid()) {
      return false;
    }
    if (mayHoldClient(type, state)) {
      return true;
    }
    for (Type argument : type.getTypeArguments()) {
      if (mayHoldClient(argument, state)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether every call of {@code method} returns a functional object (a lambda, a method reference,
   * a {@code Supplier}) that creates a new client each time it is called.
   */
  static boolean returnsFreshClientSupplier(MethodSymbol method, VisitorState state) {
    return summaries(state).answer(method, /* supplier= */ true, state);
  }

  private static Summaries summaries(VisitorState state) {
    Summaries summaries = state.context.get(KEY);
    if (summaries == null) {
      summaries = new Summaries();
      state.context.put(KEY, summaries);
    }
    return summaries;
  }

  /** The memoised per-method answers of one compilation. */
  private static final class Summaries {
    private enum Answer {
      IN_PROGRESS,
      FRESH,
      NOT_FRESH
    }

    private final Map<MethodSymbol, Answer> clients = new HashMap<>();
    private final Map<MethodSymbol, Answer> suppliers = new HashMap<>();
    private final Map<MethodSymbol, Answer> owners = new HashMap<>();

    boolean answerOwner(MethodSymbol method, VisitorState state) {
      return memoised(owners, method, () -> computeOwner(method, state));
    }

    boolean answer(MethodSymbol method, boolean supplier, VisitorState state) {
      return supplier
          ? memoised(suppliers, method, () -> computeSupplier(method, state))
          : memoised(clients, method, () -> computeClient(method, state));
    }

    /**
     * The answer {@code compute} gives for {@code method}, computed once; a recursive question
     * about a method still being answered, or one the computation fails on, is answered no.
     */
    private static boolean memoised(
        Map<MethodSymbol, Answer> answers, MethodSymbol method, BooleanSupplier compute) {
      Answer known = answers.get(method);
      if (known != null) {
        return known == Answer.FRESH;
      }
      answers.put(method, Answer.IN_PROGRESS);
      boolean fresh;
      try {
        fresh = compute.getAsBoolean();
      } catch (RuntimeException | AssertionError unexpected) {
        fresh = false;
      }
      answers.put(method, fresh ? Answer.FRESH : Answer.NOT_FRESH);
      return fresh;
    }
  }

  private static boolean computeClient(MethodSymbol method, VisitorState state) {
    if (Frameworks.isProvider(method, state)) {
      // A container calls a provider once and manages what it returns; a call in the code goes
      // through the container's proxy and returns the same object.
      return false;
    }
    boolean optional = isOptionalOfClient(method.getReturnType(), state);
    if (!optional && !MongoDriver.isClientType(method.getReturnType(), state)) {
      return false;
    }
    if (hasMustBeClosed(method)) {
      return true;
    }
    MethodTree tree = analysableBody(method, state);
    if (tree == null) {
      return false;
    }
    List<ExpressionTree> returned = returnedExpressions(tree);
    boolean base = false;
    for (ExpressionTree value : returned) {
      if (callsItself(value, method)) {
        // A retry by recursion returns what the method returns: fresh if every other return is.
        continue;
      }
      if (optional && isEmptyOptional(strip(value))) {
        // An Optional holds a new client or none: the caller closes what it gets, if anything.
        continue;
      }
      if (!isFresh(value, tree, state) || keptElsewhere(value, tree, state)) {
        return false;
      }
      base = true;
    }
    return base;
  }

  /**
   * Whether {@code returned}, a local that {@code code} returns, is also handed to something that
   * may keep it: a factory that caches or registers the client it returns ({@code cache.put(uri,
   * client); return client;}) gives its callers a client someone else holds, not one of their own.
   * Reads, closes (on a failure path) and writes of the local keep it here.
   */
  private static boolean keptElsewhere(ExpressionTree returned, Tree code, VisitorState state) {
    if (!(strip(returned) instanceof IdentifierTree identifier)
        || !(ASTHelpers.getSymbol(identifier) instanceof VarSymbol local)
        || local.getKind() != ElementKind.LOCAL_VARIABLE) {
      return false;
    }
    // Only the parents inside the code matter to the judgement of a use.
    TreePath root = new TreePath(new TreePath(state.getPath().getCompilationUnit()), code);
    boolean[] kept = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree tree, Void unused) {
        if (!kept[0]
            && ASTHelpers.getSymbol(tree) == local
            && !keepsItHere(getCurrentPath(), state)) {
          kept[0] = true;
        }
        return null;
      }
    }.scan(root, null);
    return kept[0];
  }

  private static boolean keepsItHere(TreePath use, VisitorState state) {
    TreePath current = use;
    Tree parent = current.getParentPath().getLeaf();
    while (parent instanceof ParenthesizedTree || parent instanceof TypeCastTree) {
      current = current.getParentPath();
      parent = current.getParentPath().getLeaf();
    }
    if (parent instanceof ReturnTree || parent instanceof YieldTree) {
      return true;
    }
    if (parent instanceof AssignmentTree assignment
        && assignment.getVariable() == current.getLeaf()) {
      return true;
    }
    Tree grandparent = current.getParentPath().getParentPath().getLeaf();
    if (parent instanceof MemberSelectTree select
        && grandparent instanceof MethodInvocationTree call
        && call.getMethodSelect() == select
        && (Symbol) ASTHelpers.getSymbol(call) instanceof MethodSymbol method
        && OwnershipSummaries.isClose(method)) {
      return true;
    }
    if (parent instanceof MethodInvocationTree call
        && (Symbol) ASTHelpers.getSymbol(call) instanceof MethodSymbol method
        && OwnershipSummaries.isCloseHelper(method)) {
      return true;
    }
    return OwnershipSummaries.isReadOnlyUse(current, state);
  }

  private static boolean callsItself(ExpressionTree value, MethodSymbol method) {
    return strip(value) instanceof MethodInvocationTree invocation
        && ASTHelpers.getSymbol(invocation) == method;
  }

  private static boolean computeSupplier(MethodSymbol method, VisitorState state) {
    if (functionalResult(method.getReturnType(), state) == null) {
      return false;
    }
    MethodTree tree = analysableBody(method, state);
    if (tree == null) {
      return false;
    }
    List<ExpressionTree> returned = returnedExpressions(tree);
    if (returned.isEmpty()) {
      return false;
    }
    for (ExpressionTree value : returned) {
      if (!isFreshSupplier(value, tree, state)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The declaration of {@code method} when its body is in the compilation and no override can
   * replace it at run time (it is static, private, final, a constructor, in a final class, or in a
   * class that nothing in the compilation extends).
   */
  private static @Nullable MethodTree analysableBody(MethodSymbol method, VisitorState state) {
    CompilationIndex index = CompilationIndex.instance(state);
    TreePath path = index.declaration(method);
    if (path == null
        || !(path.getLeaf() instanceof MethodTree tree)
        || tree.getBody() == null
        || (method.flags() & Flags.ABSTRACT) != 0) {
      return null;
    }
    if (method.isStatic()
        || method.isPrivate()
        || method.isConstructor()
        || (method.flags() & Flags.FINAL) != 0) {
      return tree;
    }
    if (method.owner instanceof ClassSymbol owner
        && ((owner.flags() & Flags.FINAL) != 0
            || owner.isAnonymous()
            || (!owner.isInterface()
                && (owner.flags() & Flags.ABSTRACT) == 0
                && index.directSubclasses(owner).isEmpty()))) {
      return tree;
    }
    return null;
  }

  /** The expressions of the {@code return} statements of {@code method}, outside nested code. */
  private static List<ExpressionTree> returnedExpressions(MethodTree method) {
    List<ExpressionTree> returned = new ArrayList<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitReturn(ReturnTree tree, Void unused) {
        if (tree.getExpression() != null) {
          returned.add(tree.getExpression());
        }
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
    }.scan(method.getBody(), null);
    return returned;
  }

  private static boolean isFresh(
      @Nullable ExpressionTree expression, @Nullable Tree scope, VisitorState state) {
    ExpressionTree value = strip(expression);
    if (value == null) {
      return false;
    }
    if (value instanceof MemberReferenceTree) {
      return false;
    }
    if (value instanceof MethodInvocationTree invocation) {
      if (cannotHoldAClient(ASTHelpers.getType(invocation), state)) {
        return false;
      }
      MethodSymbol symbol = ASTHelpers.getSymbol(invocation);
      if (symbol == null || symbol.isConstructor()) {
        // this(...) and super(...) initialise the object under construction; they create nothing.
        return false;
      }
      if (MongoDriver.createdClient(invocation, state).isPresent()
          || returnsFreshClient(symbol, state)) {
        return true;
      }
      if (!carriesClient(ASTHelpers.getType(invocation), state)) {
        return false;
      }
      ExpressionTree passedOn = passedThrough(invocation);
      return (passedOn != null && isFresh(passedOn, scope, state))
          || callsFreshSupplier(invocation, symbol, scope, state)
          || yieldsFromFunction(invocation, symbol, scope, state);
    }
    if (value instanceof NewClassTree newClass) {
      return MongoDriver.createdClient(newClass, state).isPresent()
          || MongoDriver.isClientType(ASTHelpers.getType(newClass), state);
    }
    Boolean alternatives = forEveryAlternative(value, scope, each -> isFresh(each, scope, state));
    return alternatives != null && alternatives;
  }

  /**
   * Whether a value of {@code type} can be no client, nor hold one: a primitive, {@code void} or a
   * string. Most calls in any code are of these types, and need no summary of what they return.
   */
  private static boolean cannotHoldAClient(@Nullable Type type, VisitorState state) {
    return type != null
        && (type.isPrimitiveOrVoid() || type.tsym == state.getSymtab().stringType.tsym);
  }

  /**
   * Whether {@code invocation} calls the functional method of a fresh-client supplier: {@code
   * factory().get()} where {@code factory()} returns a lambda that creates a client.
   */
  private static boolean callsFreshSupplier(
      MethodInvocationTree invocation,
      MethodSymbol symbol,
      @Nullable Tree scope,
      VisitorState state) {
    if (!(invocation.getMethodSelect() instanceof MemberSelectTree select)
        || !MongoDriver.isClientType(ASTHelpers.getType(invocation), state)) {
      return false;
    }
    Type receiverType = ASTHelpers.getType(select.getExpression());
    if (receiverType == null || functionalResult(receiverType, state) == null) {
      return false;
    }
    Symbol functional = state.getTypes().findDescriptorSymbol(receiverType.tsym);
    return functional != null
        && functional.getSimpleName().equals(symbol.getSimpleName())
        && isFreshSupplier(select.getExpression(), scope, state);
  }

  /**
   * Whether {@code invocation} is a step of a JDK pipeline whose result holds the new client its
   * function creates: {@code supplyAsync(() -> MongoClients.create(uri))}, {@code
   * uri.map(MongoClients::create)}, {@code future.thenApply(MongoClients::create)}, and {@code
   * orElseGet} of such a function on an {@code Optional} that is empty or holds a new client
   * itself.
   */
  private static boolean yieldsFromFunction(
      MethodInvocationTree invocation,
      MethodSymbol symbol,
      @Nullable Tree scope,
      VisitorState state) {
    OwnershipSummaries.FunctionStep step = OwnershipSummaries.functionStep(symbol);
    if (step == OwnershipSummaries.FunctionStep.NONE
        || invocation.getArguments().isEmpty()
        || !isFreshSupplier(invocation.getArguments().get(0), scope, state)) {
      return false;
    }
    if (step == OwnershipSummaries.FunctionStep.ALWAYS) {
      return true;
    }
    ExpressionTree receiver = strip(ASTHelpers.getReceiver(invocation));
    return receiver != null && (isEmptyOptional(receiver) || isFresh(receiver, scope, state));
  }

  /**
   * The operand whose value the JDK call {@code expression} returns unchanged: the receiver of a
   * step that takes no value of its own ({@code optional.get()}, {@code future.join()}, {@code
   * orElseThrow}, and {@code orElseGet}, whose supplier {@link #yieldsFromFunction} judges), or the
   * argument of a one-argument static wrapper ({@code Optional.of}, {@code
   * Objects.requireNonNull}); null for any other expression.
   */
  private static @Nullable ExpressionTree passedThrough(ExpressionTree expression) {
    if (!(strip(expression) instanceof MethodInvocationTree invocation)) {
      return null;
    }
    MethodSymbol symbol = ASTHelpers.getSymbol(invocation);
    if (symbol == null) {
      return null;
    }
    List<? extends ExpressionTree> arguments = invocation.getArguments();
    if (symbol.isStatic()) {
      return arguments.size() == 1 && OwnershipSummaries.isPassThrough(symbol)
          ? arguments.get(0)
          : null;
    }
    boolean passes =
        (OwnershipSummaries.isPassThrough(symbol)
                && (arguments.isEmpty() || symbol.getSimpleName().contentEquals("orElseThrow")))
            || OwnershipSummaries.functionStep(symbol)
                == OwnershipSummaries.FunctionStep.WHEN_EMPTY;
    return passes ? ASTHelpers.getReceiver(invocation) : null;
  }

  /** Whether {@code type} is an {@code Optional} of a client type ({@code Optional<MongoClient>}). */
  static boolean isOptionalOfClient(@Nullable Type type, VisitorState state) {
    return type != null
        && type.tsym != null
        && type.tsym.getQualifiedName().contentEquals("java.util.Optional")
        && type.getTypeArguments().size() == 1
        && MongoDriver.isClientType(type.getTypeArguments().get(0), state);
  }

  private static boolean isEmptyOptional(@Nullable ExpressionTree expression) {
    if (!(expression instanceof MethodInvocationTree call)) {
      return false;
    }
    MethodSymbol method = ASTHelpers.getSymbol(call);
    return method != null
        && method.isStatic()
        && method.getSimpleName().contentEquals("empty")
        && method.owner instanceof ClassSymbol owner
        && owner.getQualifiedName().contentEquals("java.util.Optional");
  }

  private static boolean isFreshSupplier(
      @Nullable ExpressionTree expression, @Nullable Tree scope, VisitorState state) {
    ExpressionTree value = strip(expression);
    if (value == null) {
      return false;
    }
    if (value instanceof LambdaExpressionTree lambda) {
      if (lambda.getBody() instanceof ExpressionTree body) {
        return isFresh(body, lambda, state);
      }
      List<ExpressionTree> returned = new ArrayList<>();
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitReturn(ReturnTree tree, Void unused) {
          if (tree.getExpression() != null) {
            returned.add(tree.getExpression());
          }
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
      }.scan(lambda.getBody(), null);
      if (returned.isEmpty()) {
        return false;
      }
      for (ExpressionTree result : returned) {
        if (!isFresh(result, lambda, state) || keptElsewhere(result, lambda, state)) {
          return false;
        }
      }
      return true;
    }
    if (value instanceof MemberReferenceTree reference) {
      if (MongoDriver.createdClient(reference, state).isPresent()) {
        return true;
      }
      MethodSymbol target = ASTHelpers.getSymbol(reference);
      return target != null
          && reference.getMode() == MemberReferenceTree.ReferenceMode.INVOKE
          && returnsFreshClient(target, state);
    }
    if (value instanceof MethodInvocationTree invocation) {
      MethodSymbol symbol = ASTHelpers.getSymbol(invocation);
      return symbol != null && !symbol.isConstructor() && returnsFreshClientSupplier(symbol, state);
    }
    Boolean alternatives =
        forEveryAlternative(value, scope, each -> isFreshSupplier(each, scope, state));
    return alternatives != null && alternatives;
  }

  /**
   * The result type of the functional interface {@code type}, or null when {@code type} is no
   * functional interface whose method returns a client.
   */
  private static @Nullable Type functionalResult(@Nullable Type type, VisitorState state) {
    if (type == null || type.isPrimitive()) {
      return null;
    }
    try {
      Type descriptor = state.getTypes().findDescriptorType(type);
      Type result = descriptor == null ? null : descriptor.getReturnType();
      return result != null && MongoDriver.isClientType(result, state) ? result : null;
    } catch (RuntimeException notFunctional) {
      return null;
    }
  }

  /**
   * Whether {@code local} is written in {@code scope}, and every value written to it satisfies
   * {@code test}.
   */
  private static boolean everyWrite(
      VarSymbol local, @Nullable Tree scope, Predicate<ExpressionTree> test) {
    List<ExpressionTree> writes = localWrites(local, scope);
    return writes != null && !writes.isEmpty() && writes.stream().allMatch(test);
  }

  /**
   * Every value {@code local} is given in {@code scope}: its initializer and the right-hand sides
   * of its assignments; null when {@code local} gets a value the analysis does not follow (it is a
   * pattern binding, a loop variable or a resource without initializer) or is stored elsewhere
   * (into a field), which makes it no longer the caller's alone.
   */
  private static @Nullable List<ExpressionTree> localWrites(VarSymbol local, @Nullable Tree scope) {
    if (scope == null) {
      return null;
    }
    List<ExpressionTree> writes = new ArrayList<>();
    boolean[] unfollowed = {false};
    boolean[] declared = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) == local) {
          declared[0] = true;
          if (tree.getInitializer() != null) {
            writes.add(tree.getInitializer());
          }
        } else if (tree.getInitializer() != null
            && ASTHelpers.getSymbol(tree).getKind() == ElementKind.FIELD
            && refersTo(tree.getInitializer(), local)) {
          unfollowed[0] = true;
        }
        return super.visitVariable(tree, null);
      }

      @Override
      public Void visitAssignment(AssignmentTree tree, Void unused) {
        Symbol target = ASTHelpers.getSymbol(tree.getVariable());
        if (target == local) {
          writes.add(tree.getExpression());
        } else if (target != null
            && target.getKind() == ElementKind.FIELD
            && refersTo(tree.getExpression(), local)) {
          unfollowed[0] = true;
        }
        return super.visitAssignment(tree, null);
      }
    }.scan(scope, null);
    if (!declared[0] || unfollowed[0]) {
      return null;
    }
    return writes;
  }

  private static boolean refersTo(ExpressionTree tree, VarSymbol local) {
    return ASTHelpers.getSymbol(strip(tree)) == local;
  }

  /** The values a switch expression yields: expression bodies of rules and {@code yield}s. */
  private static List<ExpressionTree> switchResults(SwitchExpressionTree tree) {
    List<ExpressionTree> results = new ArrayList<>();
    for (CaseTree caseTree : tree.getCases()) {
      Tree body = caseTree.getBody();
      if (body instanceof ExpressionTree expression) {
        results.add(expression);
      } else if (body instanceof BlockTree || body == null) {
        TreeScanner<Void, Void> yields =
            new TreeScanner<>() {
              @Override
              public Void visitYield(YieldTree yield, Void unused) {
                results.add(yield.getValue());
                return null;
              }

              @Override
              public Void visitSwitchExpression(SwitchExpressionTree nested, Void unused) {
                return null;
              }

              @Override
              public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
                return null;
              }

              @Override
              public Void visitClass(ClassTree type, Void unused) {
                return null;
              }
            };
        if (body != null) {
          yields.scan(body, null);
        } else {
          yields.scan(caseTree.getStatements(), null);
        }
      }
    }
    return results;
  }

  private static @Nullable ExpressionTree strip(@Nullable ExpressionTree expression) {
    ExpressionTree current = expression;
    while (current instanceof ParenthesizedTree || current instanceof TypeCastTree) {
      current =
          current instanceof ParenthesizedTree parenthesized
              ? parenthesized.getExpression()
              : ((TypeCastTree) current).getExpression();
    }
    return current;
  }

  private static boolean hasMustBeClosed(MethodSymbol method) {
    return method.getAnnotationMirrors().stream()
        .anyMatch(
            annotation ->
                annotation
                    .getAnnotationType()
                    .asElement()
                    .getSimpleName()
                    .contentEquals(MUST_BE_CLOSED));
  }

  /** The innermost method, lambda or class body around {@code path}, the scope of its locals. */
  private static @Nullable Tree enclosingCode(@Nullable TreePath path) {
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof MethodTree || leaf instanceof ClassTree) {
        return leaf;
      }
    }
    return null;
  }
}
