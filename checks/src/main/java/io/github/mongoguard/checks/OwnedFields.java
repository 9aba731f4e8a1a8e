package io.github.mongoguard.checks;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.Types;
import com.sun.tools.javac.util.Context;
import io.github.mongoguard.checks.MongoDriver.ClientKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import org.checkerframework.errorprone.dataflow.analysis.AbstractValue;
import org.checkerframework.errorprone.dataflow.analysis.ConditionalTransferResult;
import org.checkerframework.errorprone.dataflow.analysis.ForwardTransferFunction;
import org.checkerframework.errorprone.dataflow.analysis.RegularTransferResult;
import org.checkerframework.errorprone.dataflow.analysis.Store;
import org.checkerframework.errorprone.dataflow.analysis.TransferInput;
import org.checkerframework.errorprone.dataflow.analysis.TransferResult;
import org.checkerframework.errorprone.dataflow.cfg.UnderlyingAST;
import org.checkerframework.errorprone.dataflow.cfg.node.AbstractNodeVisitor;
import org.checkerframework.errorprone.dataflow.cfg.node.AssignmentNode;
import org.checkerframework.errorprone.dataflow.cfg.node.BinaryOperationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ConditionalNotNode;
import org.checkerframework.errorprone.dataflow.cfg.node.EqualToNode;
import org.checkerframework.errorprone.dataflow.cfg.node.FieldAccessNode;
import org.checkerframework.errorprone.dataflow.cfg.node.LocalVariableNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.node.NotEqualNode;
import org.checkerframework.errorprone.dataflow.cfg.node.NullLiteralNode;
import org.checkerframework.errorprone.dataflow.cfg.node.TypeCastNode;
import org.checkerframework.errorprone.dataflow.cfg.visualize.CFGVisualizer;
import org.checkerframework.errorprone.dataflow.expression.JavaExpression;
import org.jspecify.annotations.Nullable;

/**
 * Fields as owners of clients: the check of each field that receives a new client, once per class,
 * against the lifetime of its owner and the destructors that close it.
 *
 * <p>An instance field that receives a client is owned by its class. The class discharges the
 * obligation when it lives as long as the process ({@link Frameworks#isProcessLived}) or when a
 * destructor closes the field on its normal path: directly, through a local alias, through a close
 * helper, or by a bulk close of a collection that holds it. A destructor is a method that the
 * class's users, its container, its test framework or a shutdown hook it registers run when the
 * object is done ({@link Frameworks#isDestructor}); methods of the same class it calls count too.
 * The destructors of the declaring class, of its subclasses and of its enclosing classes are looked
 * at.
 *
 * <p>A write of a new client into a field that may already hold an open one strands the old client.
 * Whether it may is decided on the control-flow graph of the writing method: a null check, an early
 * return on non-null, a close of the field or a move of the old value into a local before the write
 * all clear it. Writes in constructors, initializers and once-only lifecycle callbacks, and in
 * methods whose every call site in the compilation is in such a context, find the field empty.
 */
final class OwnedFields {
  /** A leak found in a class: where to report it and what to say. */
  record Leak(Tree at, String message) {}

  static final String COST =
      " An unclosed client keeps its connection pool, its monitoring connections and their threads"
          + " until the process exits.";

  static final String FIELD_ADVICE =
      " Make the class AutoCloseable and close the client in close(), close it in a @PreDestroy"
          + " method, or make the class a singleton (a DI singleton, an enum, or one instance in a"
          + " static field); or use the shared client of the connection module.";

  private static final int MAX_DEPTH = 6;

  private OwnedFields() {}

  /** The leaks of the fields declared in {@code tree} whose writes lie in this compilation unit. */
  static ImmutableList<Leak> leaks(ClassTree tree, VisitorState state) {
    ClassSymbol owner = ASTHelpers.getSymbol(tree);
    if (owner == null || !MongoDriver.mayCreateClient(state)) {
      return ImmutableList.of();
    }
    ImmutableList.Builder<Leak> leaks = ImmutableList.builder();
    try {
      CompilationIndex index = CompilationIndex.instance(state);
      for (Tree member : tree.getMembers()) {
        if (!(member instanceof VariableTree declaration)
            || !((Symbol) ASTHelpers.getSymbol(declaration) instanceof VarSymbol field)
            || field.getKind() != ElementKind.FIELD) {
          continue;
        }
        for (TreePath write : index.fieldWritesIn(field, state.getPath().getCompilationUnit())) {
          leakOfWrite(write, field, owner, state).ifPresent(leaks::add);
        }
        if (owner.isRecord() && !ASTHelpers.isStatic(field)) {
          leakOfComponent(declaration, field, owner, state).ifPresent(leaks::add);
        }
        if (!ASTHelpers.isStatic(field) && isCollectionOfClients(field.type, state)) {
          leaks.addAll(leaksOfElements(tree, field, owner, state));
        }
      }
    } catch (RuntimeException | AssertionError unexpected) {
      // An unexpected tree or graph: skip the class rather than fail the compilation.
      return ImmutableList.of();
    }
    return leaks.build();
  }

  private static Optional<Leak> leakOfWrite(
      TreePath write, VarSymbol field, ClassSymbol owner, VisitorState state) {
    ExpressionTree value = CompilationIndex.writtenValue(write);
    if (value == null || Lifecycle.inStaticInitializer(new TreePath(write, value))) {
      return Optional.empty();
    }
    Optional<String> created = createdClient(value, state);
    if (created.isEmpty()) {
      if (!(write.getLeaf() instanceof AssignmentTree)) {
        return Optional.empty();
      }
      return ASTHelpers.isStatic(field)
          ? leakOfStaticSetter(write, value, field, state)
          : leakOfParameter(write, value, field, owner, state);
    }
    if (write.getLeaf() instanceof AssignmentTree && mayHoldOpenClient(write, field, state)) {
      return Optional.of(
          new Leak(
              value,
              created.get()
                  + String.format(
                      " and assigns it to the field %s, which may already hold a client: the old"
                          + " client is never closed.",
                      field.getSimpleName())
                  + COST
                  + " Close the old client before the assignment, or assign the field once (in its"
                  + " initializer, a constructor, or behind a null check)."));
    }
    if (ASTHelpers.isStatic(field)) {
      return Optional.empty();
    }
    return ownerProblem(field, owner, state)
        .map(problem -> new Leak(value, created.get() + problem + COST + FIELD_ADVICE));
  }

  /** A parameter that may hold a client, at {@code index} of the {@code method} that stores it. */
  private record StoredParameter(MethodSymbol method, Symbol parameter, int index) {}

  /**
   * The parameter whose value the write at {@code write} stores ({@code this.client = client}), or
   * null when {@code value} is no parameter of the method around the write that may hold a client.
   */
  private static @Nullable StoredParameter storedParameter(
      TreePath write, ExpressionTree value, VisitorState state) {
    Symbol parameter = ASTHelpers.getSymbol(ASTHelpers.stripParentheses(value));
    TreePath code = Lifecycle.enclosingCode(write);
    if (parameter == null
        || parameter.getKind() != ElementKind.PARAMETER
        || !FreshClients.mayHoldClient(parameter.type, state)
        || code == null
        || !(code.getLeaf() instanceof MethodTree method)
        || ASTHelpers.getSymbol(method) == null) {
      return null;
    }
    MethodSymbol symbol = ASTHelpers.getSymbol(method);
    int index = symbol.getParameters().indexOf(parameter);
    return index < 0 ? null : new StoredParameter(symbol, parameter, index);
  }

  /**
   * A setter that stores its parameter in a static field, called with a new client from a per-test
   * set-up ({@code @BeforeEach void setUp() { Holder.setClient(MongoClients.create(uri)); }}):
   * every test after the first overwrites the previous test's client, which is never closed unless
   * a per-test tear-down closes the field. A setter called from anywhere else is taken to be called
   * once.
   */
  private static Optional<Leak> leakOfStaticSetter(
      TreePath write, ExpressionTree value, VarSymbol field, VisitorState state) {
    StoredParameter stored = storedParameter(write, value, state);
    if (stored == null || closedByPerTestTearDown(field, state)) {
      return Optional.empty();
    }
    MethodSymbol setter = stored.method();
    Symbol parameter = stored.parameter();
    int index = stored.index();
    MethodSymbol setUp = null;
    for (TreePath site : CompilationIndex.instance(state).callSites(setter)) {
      TreePath caller = Lifecycle.enclosingCode(site);
      if (site.getLeaf() instanceof MethodInvocationTree invocation
          && index < invocation.getArguments().size()
          && createdClient(invocation.getArguments().get(index), state).isPresent()
          && caller != null
          && caller.getLeaf() instanceof MethodTree callerTree
          && (Symbol) ASTHelpers.getSymbol(callerTree) instanceof MethodSymbol callerSymbol
          && (Frameworks.isPerTestSetUp(callerSymbol, state)
              || Frameworks.isExtensionPerTestSetUp(callerSymbol, state))) {
        setUp = callerSymbol;
        break;
      }
    }
    if (setUp == null
        || (setUp.owner instanceof ClassSymbol testClass
            && closedByTearDownIn(testClass, field, state, Frameworks::isPerTestTearDown))
        || !mayHoldOpenClient(write, field, state)) {
      return Optional.empty();
    }
    return Optional.of(
        new Leak(
            value,
            String.format(
                    "%s() stores its parameter %s, to which %s.%s() passes a new client before"
                        + " every test, in the static field %s, which may already hold the"
                        + " previous test's client: that client is never closed.",
                    setter.getSimpleName(),
                    parameter.getSimpleName(),
                    setUp.owner.getSimpleName(),
                    setUp.getSimpleName(),
                    field.getSimpleName())
                + COST
                + " Close the field's client in a per-test tear-down (@AfterEach), or create the"
                + " client once per class (@BeforeAll, or behind a null check)."));
  }

  /**
   * A constructor or setter that stores its parameter in the field takes ownership of what its
   * callers pass: when a call site in the compilation passes a new client and the owner neither
   * closes the field nor lives as long as the process, that client leaks.
   */
  private static Optional<Leak> leakOfParameter(
      TreePath write,
      ExpressionTree value,
      VarSymbol field,
      ClassSymbol owner,
      VisitorState state) {
    StoredParameter stored = storedParameter(write, value, state);
    if (stored == null) {
      return Optional.empty();
    }
    MethodSymbol symbol = stored.method();
    Symbol parameter = stored.parameter();
    Optional<String> passed = newClientPassedAt(symbol, stored.index(), state);
    if (passed.isEmpty()) {
      return Optional.empty();
    }
    return ownerProblem(field, owner, state)
        .map(
            problem ->
                new Leak(
                    value,
                    String.format(
                            "%s() stores its parameter %s, to which %s passes a new client,",
                            symbol.isConstructor()
                                ? "new " + owner.getSimpleName()
                                : symbol.getSimpleName(),
                            parameter.getSimpleName(),
                            passed.get())
                        + problem
                        + COST
                        + FIELD_ADVICE));
  }

  /**
   * Whether {@code type} is a JDK collection or map whose elements (or values) may be clients:
   * {@code List<MongoClient>}, {@code Map<String, MongoClient>}.
   */
  private static boolean isCollectionOfClients(Type type, VisitorState state) {
    if (type == null || type.getTypeArguments().isEmpty()) {
      return false;
    }
    Types types = state.getTypes();
    Type collection = state.getTypeFromString("java.util.Collection");
    Type map = state.getTypeFromString("java.util.Map");
    Type erased = types.erasure(type);
    if (!(collection != null && types.isSubtype(erased, types.erasure(collection)))
        && !(map != null && types.isSubtype(erased, types.erasure(map)))) {
      return false;
    }
    Type elements = type.getTypeArguments().get(type.getTypeArguments().size() - 1);
    return MongoDriver.isClientType(elements, state);
  }

  /**
   * The new clients that the code of {@code tree} adds to the collection in the instance field
   * {@code field} ({@code clients.add(MongoClients.create(uri))}, {@code
   * clients.computeIfAbsent(uri, MongoClients::create)}): like a client kept in the field itself,
   * they leak unless the owner closes the collection's clients or lives as long as the process.
   */
  private static ImmutableList<Leak> leaksOfElements(
      ClassTree tree, VarSymbol field, ClassSymbol owner, VisitorState state) {
    List<ExpressionTree> added = new ArrayList<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
        if (invocation.getMethodSelect() instanceof MemberSelectTree select
            && ASTHelpers.getSymbol(select.getExpression()) == field) {
          List<? extends ExpressionTree> arguments = invocation.getArguments();
          int element =
              OwnershipSummaries.addedElement(select.getIdentifier().toString(), arguments.size());
          if (element >= 0) {
            added.add(arguments.get(element));
          }
        }
        return super.visitMethodInvocation(invocation, null);
      }
    }.scan(tree, null);
    if (added.isEmpty()) {
      return ImmutableList.of();
    }
    ImmutableList.Builder<Leak> leaks = ImmutableList.builder();
    for (ExpressionTree element : added) {
      Optional<String> created = elementCreation(element, state);
      if (created.isEmpty()) {
        continue;
      }
      Optional<String> problem = ownerProblem(field, owner, state);
      if (problem.isEmpty()) {
        return ImmutableList.of();
      }
      leaks.add(
          new Leak(
              element,
              created.get()
                  + String.format(
                      " and adds it to the collection in the instance field %s of %s, which"
                          + " neither closes its clients (in close(), a @PreDestroy method or a"
                          + " shutdown hook) nor lives as long as the process.",
                      field.getSimpleName(), nameOf(owner))
                  + COST
                  + " Close the collection's clients when the object is done"
                  + String.format(
                      " (%s.forEach(MongoClient::close) in close()),", field.getSimpleName())
                  + " or make the class a singleton; or use the shared client of the connection"
                  + " module."));
    }
    return leaks.build();
  }

  /**
   * How the element {@code element} added to a collection is a new client: a creation, or a
   * function that creates one for {@code computeIfAbsent} ({@code MongoClients::create}, {@code uri
   * -> MongoClients.create(uri)}).
   */
  private static Optional<String> elementCreation(ExpressionTree element, VisitorState state) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(element);
    if (stripped instanceof MemberReferenceTree reference) {
      return MongoDriver.createdClient(reference, state)
          .map(kind -> kind.creation() + " creates a " + kind.description());
    }
    if (stripped instanceof LambdaExpressionTree lambda
        && lambda.getBody() instanceof ExpressionTree body) {
      return createdClient(body, state);
    }
    return createdClient(stripped, state);
  }

  /** A record keeps the new clients its canonical constructor's callers pass in a component. */
  private static Optional<Leak> leakOfComponent(
      VariableTree declaration, VarSymbol field, ClassSymbol owner, VisitorState state) {
    int index = 0;
    for (Symbol member : owner.getEnclosedElements()) {
      if (member == field) {
        break;
      }
      if (member instanceof VarSymbol other
          && other.getKind() == ElementKind.FIELD
          && !other.isStatic()) {
        index++;
      }
    }
    for (Symbol member : owner.getEnclosedElements()) {
      if (!(member instanceof MethodSymbol constructor)
          || !constructor.isConstructor()
          || index >= constructor.getParameters().size()) {
        continue;
      }
      Optional<String> passed = newClientPassedAt(constructor, index, state);
      if (passed.isPresent()) {
        Optional<String> problem = ownerProblem(field, owner, state);
        if (problem.isPresent()) {
          return Optional.of(
              new Leak(
                  declaration,
                  String.format(
                          "The record %s receives a new client from %s",
                          owner.getSimpleName(), passed.get())
                      + problem.get()
                      + COST
                      + " Make the record AutoCloseable and close the client in close(), or keep"
                      + " the client in a class that owns it."));
        }
      }
    }
    return Optional.empty();
  }

  /** The first call site of {@code method} passing a new client at {@code index}, as text. */
  private static Optional<String> newClientPassedAt(
      MethodSymbol method, int index, VisitorState state) {
    if (index < 0) {
      return Optional.empty();
    }
    for (TreePath site : CompilationIndex.instance(state).callSites(method)) {
      List<? extends ExpressionTree> arguments =
          site.getLeaf() instanceof MethodInvocationTree invocation
              ? invocation.getArguments()
              : site.getLeaf() instanceof NewClassTree newClass
                  ? newClass.getArguments()
                  : List.of();
      if (index < arguments.size()
          && (createdClient(arguments.get(index), state).isPresent()
              || lendsANewClient(arguments.get(index), site, method, state))) {
        ClassTree caller = null;
        for (Tree enclosing : site) {
          if (enclosing instanceof ClassTree classTree) {
            caller = classTree;
            break;
          }
        }
        return Optional.of(
            caller == null || ASTHelpers.getSymbol(caller) == null
                ? "a caller"
                : "a call in " + ASTHelpers.getSymbol(caller).getSimpleName());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code argument}, passed to {@code method} at {@code site}, is a local that holds a new
   * client (every value written to it is one) and that its code only lends: its other uses only
   * read it, as {@link OwnershipSummaries#isReadOnlyUse} judges a parameter's uses, or are further
   * calls of {@code method}. Any other use (a close, a return, a store, a callee that may keep it)
   * may discharge it.
   */
  private static boolean lendsANewClient(
      ExpressionTree argument, TreePath site, MethodSymbol method, VisitorState state) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(argument);
    if (!(stripped instanceof IdentifierTree identifier)
        || !(ASTHelpers.getSymbol(identifier) instanceof VarSymbol local)
        || local.getKind() != ElementKind.LOCAL_VARIABLE) {
      return false;
    }
    TreePath code = ControlFlowGraphs.enclosingCode(site);
    if (code == null || !FreshClients.isFresh(identifier, state.withPath(site))) {
      return false;
    }
    boolean[] otherUse = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) == local && !isLending(getCurrentPath())) {
          otherUse[0] = true;
        }
        return null;
      }

      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) == local
            && getCurrentPath().getParentPath().getLeaf() instanceof com.sun.source.tree.TryTree) {
          // A try-with-resources resource: the try closes it.
          otherUse[0] = true;
        }
        return super.visitVariable(tree, null);
      }

      private boolean isLending(TreePath use) {
        Tree parent = use.getParentPath().getLeaf();
        if (parent instanceof AssignmentTree assignment) {
          return assignment.getVariable() == use.getLeaf();
        }
        return ((parent instanceof MethodInvocationTree || parent instanceof NewClassTree)
                && ASTHelpers.getSymbol(parent) == method)
            || OwnershipSummaries.isReadOnlyUse(use, state);
      }
    }.scan(code, null);
    return !otherUse[0];
  }

  /**
   * How {@code value} creates a new client, as the start of a message, or empty when it creates
   * none that this analysis follows.
   */
  private static Optional<String> createdClient(ExpressionTree value, VisitorState state) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(value);
    while (stripped instanceof com.sun.source.tree.TypeCastTree cast) {
      stripped = ASTHelpers.stripParentheses(cast.getExpression());
    }
    if (stripped instanceof MemberReferenceTree) {
      // A supplier of clients, not a client: whoever calls it owns what it returns.
      return Optional.empty();
    }
    Optional<ClientKind> kind = MongoDriver.createdClient(stripped, state);
    if (kind.isPresent()) {
      return Optional.of(kind.get().creation() + " creates a " + kind.get().description());
    }
    if (stripped instanceof MethodInvocationTree invocation
        && FreshClients.isFresh(invocation, state)) {
      Symbol method = ASTHelpers.getSymbol(invocation);
      String client =
          MongoDriver.clientKind(ASTHelpers.getType(invocation), state)
              .map(ClientKind::description)
              .orElse("MongoDB client");
      return Optional.of(
          (method == null ? "This call" : method.getSimpleName() + "()")
              + " returns a new "
              + client);
    }
    if (stripped instanceof com.sun.source.tree.ConditionalExpressionTree conditional) {
      Optional<String> left = createdClient(conditional.getTrueExpression(), state);
      return left.isPresent() ? left : createdClient(conditional.getFalseExpression(), state);
    }
    return Optional.empty();
  }

  // Owners ---------------------------------------------------------------------------------------

  /**
   * Why a client in the instance {@code field} of {@code owner} leaks, or empty when the owner
   * closes it or lives as long as the process (or its source is not in this compilation).
   */
  static Optional<String> ownerProblem(VarSymbol field, ClassSymbol owner, VisitorState state) {
    Map<FieldOfOwner, Optional<String>> known = state.context.get(OWNER_PROBLEMS);
    if (known == null) {
      known = new HashMap<>();
      state.context.put(OWNER_PROBLEMS, known);
    }
    FieldOfOwner key = new FieldOfOwner(field, owner);
    Optional<String> problem = known.get(key);
    if (problem == null) {
      problem = computeOwnerProblem(field, owner, state);
      known.put(key, problem);
    }
    return problem;
  }

  /** A field and the class judged as its owner, for the memo of {@link #ownerProblem}. */
  private record FieldOfOwner(VarSymbol field, ClassSymbol owner) {}

  private static final Context.Key<Map<FieldOfOwner, Optional<String>>> OWNER_PROBLEMS =
      new Context.Key<>();

  private static Optional<String> computeOwnerProblem(
      VarSymbol field, ClassSymbol owner, VisitorState state) {
    if (Frameworks.isProcessLived(owner, state)) {
      return Optional.empty();
    }
    CompilationIndex index = CompilationIndex.instance(state);
    if (!index.isInCompilation(owner) || closedByADestructor(field, owner, state)) {
      return Optional.empty();
    }
    if (owner.isRecord()) {
      return Optional.of(
          String.format(
              " and keeps it in the component %s of the record %s: a record is a value, not an"
                  + " owner, and nothing closes it.",
              field.getSimpleName(), nameOf(owner)));
    }
    return Optional.of(
        String.format(
            " and keeps it in the instance field %s of %s, which neither closes it (in close(),"
                + " a @PreDestroy method or a shutdown hook) nor lives as long as the process.",
            field.getSimpleName(), nameOf(owner)));
  }

  /**
   * How a class of the compilation owns clients as a resource its users must close: {@link
   * #CREATES} when it creates one into an instance field, {@link #TAKES} when it keeps the one its
   * constructor is given; in both cases it is {@code AutoCloseable}, does not live as long as the
   * process, and its destructors close every instance field of a client type it has.
   */
  enum Wrapper {
    NONE,
    TAKES,
    CREATES
  }

  private static final Context.Key<Map<ClassSymbol, Wrapper>> WRAPPERS = new Context.Key<>();

  /** Whether, and how, objects of {@code type} own a client that their {@code close()} closes. */
  static Wrapper wrapperKind(@Nullable Symbol type, VisitorState state) {
    if (!(type instanceof ClassSymbol owner)) {
      return Wrapper.NONE;
    }
    Map<ClassSymbol, Wrapper> known = state.context.get(WRAPPERS);
    if (known == null) {
      known = new HashMap<>();
      state.context.put(WRAPPERS, known);
    }
    Wrapper wrapper = known.get(owner);
    if (wrapper == null) {
      known.put(owner, Wrapper.NONE);
      try {
        wrapper = computeWrapperKind(owner, state);
      } catch (RuntimeException | AssertionError unexpected) {
        wrapper = Wrapper.NONE;
      }
      known.put(owner, wrapper);
    }
    return wrapper;
  }

  private static Wrapper computeWrapperKind(ClassSymbol owner, VisitorState state) {
    Type closeable = state.getTypeFromString("java.lang.AutoCloseable");
    CompilationIndex index = CompilationIndex.instance(state);
    if (closeable == null
        || owner.isRecord()
        || owner.isInterface()
        || MongoDriver.isClientType(owner.type, state)
        || !ASTHelpers.isSubtype(owner.type, closeable, state)
        || !index.isInCompilation(owner)
        || Frameworks.isProcessLived(owner, state)) {
      return Wrapper.NONE;
    }
    Wrapper kind = Wrapper.NONE;
    for (Symbol member : owner.getEnclosedElements()) {
      if (!(member instanceof VarSymbol field)
          || field.getKind() != ElementKind.FIELD
          || field.isStatic()
          || !holdsAResource(field.type, state)) {
        continue;
      }
      if (!closedByADestructor(field, owner, state)) {
        return Wrapper.NONE;
      }
      for (TreePath write : index.fieldWrites(field)) {
        ExpressionTree value = CompilationIndex.writtenValue(write);
        if (value == null) {
          continue;
        }
        if (createdClient(value, state).isPresent()) {
          kind = Wrapper.CREATES;
        } else if (kind == Wrapper.NONE
            && ASTHelpers.getSymbol(ASTHelpers.stripParentheses(value)) instanceof VarSymbol given
            && given.getKind() == ElementKind.PARAMETER
            && given.owner instanceof MethodSymbol constructor
            && constructor.isConstructor()) {
          kind = Wrapper.TAKES;
        }
      }
    }
    return kind;
  }

  /**
   * Whether a field of {@code type} holds a client or a resource that may be one: a client type, a
   * type variable ({@code Holder<T extends AutoCloseable>}), {@code AutoCloseable} or {@code
   * Closeable}.
   */
  private static boolean holdsAResource(Type type, VisitorState state) {
    if (MongoDriver.isClientType(type, state) || type.getKind() == TypeKind.TYPEVAR) {
      return true;
    }
    String name = type.tsym == null ? "" : type.tsym.getQualifiedName().toString();
    return name.equals("java.lang.AutoCloseable") || name.equals("java.io.Closeable");
  }

  private static final Context.Key<Map<MethodSymbol, Boolean>> ONLY_USES = new Context.Key<>();

  /**
   * Whether {@code method}, called on an object that owns a client, only uses it: a method of the
   * owner's class in the compilation that neither closes anything, nor hands the object itself on
   * ({@code return this}, {@code register(this)}), nor calls a method of its own that does. Its
   * result is derived from the object.
   */
  static boolean onlyUsesItsObject(MethodSymbol method, VisitorState state) {
    Map<MethodSymbol, Boolean> known = state.context.get(ONLY_USES);
    if (known == null) {
      known = new HashMap<>();
      state.context.put(ONLY_USES, known);
    }
    Boolean answer = known.get(method);
    if (answer == null) {
      // In progress: a method that calls itself is judged by its other calls.
      known.put(method, true);
      try {
        answer = computeOnlyUses(method, state);
      } catch (RuntimeException | AssertionError unexpected) {
        answer = false;
      }
      known.put(method, answer);
    }
    return answer;
  }

  private static boolean computeOnlyUses(MethodSymbol method, VisitorState state) {
    if (method.isStatic() || method.isConstructor()) {
      return false;
    }
    TreePath path = CompilationIndex.instance(state).declaration(method);
    if (path == null || !(path.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
      return false;
    }
    boolean[] keeps = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        if (identifier.getName().contentEquals("this")
            && !(getCurrentPath().getParentPath().getLeaf() instanceof MemberSelectTree)) {
          keeps[0] = true;
        }
        return null;
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
        MethodSymbol callee = ASTHelpers.getSymbol(invocation);
        if (callee == null
            || OwnershipSummaries.isClose(callee)
            || OwnershipSummaries.isCloseHelper(callee)
            || Frameworks.isDestructor(callee, state)
            || (callsOnThis(invocation, callee) && !onlyUsesItsObject(callee, state))) {
          keeps[0] = true;
        }
        return super.visitMethodInvocation(invocation, null);
      }

      @Override
      public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
        if (reference.getName().contentEquals("close")) {
          keeps[0] = true;
        }
        return super.visitMemberReference(reference, null);
      }
    }.scan(path, null);
    return !keeps[0];
  }

  /** Whether {@code invocation} calls the instance method {@code callee} on {@code this}. */
  private static boolean callsOnThis(MethodInvocationTree invocation, MethodSymbol callee) {
    if (callee.isStatic()) {
      return false;
    }
    ExpressionTree select = invocation.getMethodSelect();
    return select instanceof IdentifierTree
        || (select instanceof MemberSelectTree member
            && member.getExpression() instanceof IdentifierTree qualifier
            && qualifier.getName().contentEquals("this"));
  }

  /** How a class is named in messages: by its simple name, or where it is when it has none. */
  static String nameOf(ClassSymbol owner) {
    if (!owner.isAnonymous()) {
      return owner.getSimpleName().toString();
    }
    ClassSymbol enclosing = ASTHelpers.enclosingClass(owner.owner);
    return enclosing == null ? "an anonymous class" : "an anonymous class in " + nameOf(enclosing);
  }

  /** The declaring class, its subclasses in the compilation, and its enclosing classes. */
  private static Set<ClassSymbol> ownersOf(ClassSymbol owner, CompilationIndex index) {
    Set<ClassSymbol> owners = new LinkedHashSet<>();
    Deque<ClassSymbol> pending = new ArrayDeque<>();
    pending.add(owner);
    while (!pending.isEmpty() && owners.size() < 64) {
      ClassSymbol next = pending.remove();
      if (owners.add(next)) {
        pending.addAll(index.directSubclasses(next));
      }
    }
    for (Symbol enclosing = owner.owner; enclosing != null; enclosing = enclosing.owner) {
      if (enclosing instanceof ClassSymbol outer) {
        owners.add(outer);
      }
    }
    return owners;
  }

  private static boolean closedByADestructor(
      VarSymbol field, ClassSymbol owner, VisitorState state) {
    CompilationIndex index = CompilationIndex.instance(state);
    for (ClassSymbol candidate : ownersOf(owner, index)) {
      TreePath path = index.declaration(candidate);
      if (path == null || !(path.getLeaf() instanceof ClassTree classTree)) {
        continue;
      }
      Closes closes = new Closes(field, classTree, state);
      for (Tree member : classTree.getMembers()) {
        if (member instanceof MethodTree method
            && (Symbol) ASTHelpers.getSymbol(method) instanceof MethodSymbol symbol
            && Frameworks.isDestructor(symbol, state)
            && closes.inMethod(symbol, 0)) {
          return true;
        }
      }
      if (closes.inShutdownHook()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether code closes one field: the field itself, a local alias of it, or a collection holding
   * it, by {@code close()}, a method reference to {@code close}, a close helper, or a bulk close.
   */
  private static final class Closes {
    private final VarSymbol field;
    private final ClassTree owner;
    private final VisitorState state;
    private final Set<Symbol> holders = new HashSet<>();
    private final Set<MethodSymbol> visited = new HashSet<>();

    Closes(VarSymbol field, ClassTree owner, VisitorState state) {
      this.field = field;
      this.owner = owner;
      this.state = state;
      holders.add(field);
      collectContainers();
    }

    /** Collections (fields or locals) of the owner that the field is added to. */
    private void collectContainers() {
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
          if (tree.getMethodSelect() instanceof MemberSelectTree select
              && isAddition(select.getIdentifier().toString())
              && tree.getArguments().stream().anyMatch(a -> ValueFlow.refersTo(a, field))) {
            Symbol container = ASTHelpers.getSymbol(select.getExpression());
            if (container instanceof VarSymbol) {
              holders.add(container);
            }
          }
          return super.visitMethodInvocation(tree, null);
        }

        @Override
        public Void visitVariable(VariableTree tree, Void unused) {
          if (tree.getInitializer() != null && holds(tree.getInitializer())) {
            Symbol symbol = ASTHelpers.getSymbol(tree);
            if (symbol != null) {
              holders.add(symbol);
            }
          }
          return super.visitVariable(tree, null);
        }
      }.scan(owner, null);
    }

    private static boolean isAddition(String name) {
      return name.equals("add")
          || name.equals("addAll")
          || name.equals("put")
          || name.equals("push")
          || name.equals("offer")
          || name.equals("register");
    }

    /** Whether {@code expression} is the field, an alias, or a collection or stream holding it. */
    boolean holds(@Nullable ExpressionTree expression) {
      if (expression == null) {
        return false;
      }
      ExpressionTree stripped = ASTHelpers.stripParentheses(expression);
      while (stripped instanceof com.sun.source.tree.TypeCastTree cast) {
        stripped = ASTHelpers.stripParentheses(cast.getExpression());
      }
      Symbol symbol = ASTHelpers.getSymbol(stripped);
      if ((stripped instanceof IdentifierTree || stripped instanceof MemberSelectTree)
          && symbol != null
          && holders.contains(symbol)) {
        return true;
      }
      if (stripped instanceof MethodInvocationTree invocation) {
        // A collection, array or stream built from the field: List.of(a, client), Stream.of(...).
        if (invocation.getArguments().stream().anyMatch(this::holds)) {
          return symbol instanceof MethodSymbol method
              && method.isStatic()
              && !MongoDriver.isClientType(method.getReturnType(), state);
        }
        // A pipeline over a holder: holders.stream(), holders.values(), Optional.ofNullable(..).
        return invocation.getMethodSelect() instanceof MemberSelectTree select
            && holds(select.getExpression());
      }
      if (stripped instanceof com.sun.source.tree.NewArrayTree array
          && array.getInitializers() != null) {
        return array.getInitializers().stream().anyMatch(this::holds);
      }
      return false;
    }

    boolean inMethod(MethodSymbol method, int depth) {
      if (depth > MAX_DEPTH || !visited.add(method)) {
        return false;
      }
      TreePath path = CompilationIndex.instance(state).declaration(method);
      return path != null
          && path.getLeaf() instanceof MethodTree tree
          && tree.getBody() != null
          && inTree(tree.getBody(), depth);
    }

    /** Whether {@code tree} closes the field on its normal path. */
    boolean inTree(Tree tree, int depth) {
      Boolean found =
          new TreeScanner<Boolean, Void>() {
            @Override
            public Boolean visitVariable(VariableTree variable, Void unused) {
              if (holds(variable.getInitializer()) && ASTHelpers.getSymbol(variable) != null) {
                holders.add(ASTHelpers.getSymbol(variable));
              }
              return super.visitVariable(variable, null);
            }

            @Override
            public Boolean visitAssignment(AssignmentTree assignment, Void unused) {
              Symbol target = ASTHelpers.getSymbol(assignment.getVariable());
              if (target instanceof VarSymbol local
                  && local.getKind() == ElementKind.LOCAL_VARIABLE
                  && holds(assignment.getExpression())) {
                holders.add(local);
              }
              return super.visitAssignment(assignment, null);
            }

            @Override
            public Boolean visitEnhancedForLoop(EnhancedForLoopTree loop, Void unused) {
              if (holds(loop.getExpression()) && ASTHelpers.getSymbol(loop.getVariable()) != null) {
                holders.add(ASTHelpers.getSymbol(loop.getVariable()));
              }
              return super.visitEnhancedForLoop(loop, null);
            }

            @Override
            public Boolean visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
              if (closesDirectly(invocation, depth)) {
                return true;
              }
              MethodSymbol callee = ASTHelpers.getSymbol(invocation);
              if (callee != null
                  && isOwnersMethod(callee)
                  && !callee.isConstructor()
                  && inMethod(callee, depth + 1)) {
                return true;
              }
              return super.visitMethodInvocation(invocation, null);
            }

            @Override
            public Boolean visitMemberReference(MemberReferenceTree reference, Void unused) {
              if (reference.getName().contentEquals("close")
                  && holds(reference.getQualifierExpression())) {
                return true;
              }
              return super.visitMemberReference(reference, null);
            }

            @Override
            public Boolean reduce(Boolean left, Boolean right) {
              return Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right);
            }
          }.scan(tree, null);
      return Boolean.TRUE.equals(found);
    }

    private boolean isOwnersMethod(MethodSymbol callee) {
      ClassSymbol ownerSymbol = ASTHelpers.getSymbol(owner);
      return ownerSymbol != null
          && callee.owner instanceof ClassSymbol calleeOwner
          && (calleeOwner == ownerSymbol || ownerSymbol.isSubClass(calleeOwner, state.getTypes()));
    }

    /**
     * A call that closes a holder: {@code holder.close()}, {@code holders.forEach(X::close)} or a
     * lambda that closes its parameter, or a close helper given a holder.
     */
    private boolean closesDirectly(MethodInvocationTree invocation, int depth) {
      if (Lifecycle.isCloseCall(invocation) && holds(Lifecycle.closeReceiver(invocation))) {
        return true;
      }
      MethodSymbol callee = ASTHelpers.getSymbol(invocation);
      if (callee == null) {
        return false;
      }
      List<? extends ExpressionTree> arguments = invocation.getArguments();
      if (invocation.getMethodSelect() instanceof MemberSelectTree select
          && holds(select.getExpression())
          && arguments.size() == 1
          && closesItsArgument(arguments.get(0))) {
        return true;
      }
      for (int i = 0; i < arguments.size(); i++) {
        if (holds(arguments.get(i)) && isCloseHelper(callee, i, depth)) {
          return true;
        }
      }
      return false;
    }

    /** Whether a functional argument closes what it is given: {@code MongoClient::close}. */
    private static boolean closesItsArgument(ExpressionTree argument) {
      ExpressionTree stripped = ASTHelpers.stripParentheses(argument);
      if (stripped instanceof MemberReferenceTree reference) {
        return reference.getName().contentEquals("close")
            && ASTHelpers.getSymbol(reference.getQualifierExpression()) instanceof ClassSymbol;
      }
      if (stripped instanceof LambdaExpressionTree lambda && lambda.getParameters().size() == 1) {
        Symbol parameter = ASTHelpers.getSymbol(lambda.getParameters().get(0));
        return Lifecycle.mentionsClose(lambda.getBody(), parameter)
            && closeOf(lambda.getBody(), parameter);
      }
      return false;
    }

    private static boolean closeOf(Tree body, Symbol parameter) {
      Boolean found =
          new TreeScanner<Boolean, Void>() {
            @Override
            public Boolean visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
              if (ValueFlow.refersTo(Lifecycle.closeReceiver(invocation), parameter)) {
                return true;
              }
              return super.visitMethodInvocation(invocation, null);
            }

            @Override
            public Boolean reduce(Boolean left, Boolean right) {
              return Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right);
            }
          }.scan(body, null);
      return Boolean.TRUE.equals(found);
    }

    /**
     * Whether {@code callee} closes its parameter {@code index}: its body in the compilation closes
     * it, or, for a library method, its name says it closes ({@code closeQuietly}, {@code
     * Closeables.close}).
     */
    private boolean isCloseHelper(MethodSymbol callee, int index, int depth) {
      TreePath path = CompilationIndex.instance(state).declaration(callee);
      if (path == null) {
        String name = callee.getSimpleName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.contains("close") || name.contains("shutdown") || name.contains("dispose");
      }
      if (!(path.getLeaf() instanceof MethodTree tree)
          || tree.getBody() == null
          || index >= tree.getParameters().size()
          || depth > MAX_DEPTH) {
        return false;
      }
      Symbol parameter = ASTHelpers.getSymbol(tree.getParameters().get(index));
      if (parameter == null) {
        return false;
      }
      Closes inner = new Closes((VarSymbol) parameter, owner, state);
      inner.visited.addAll(visited);
      return inner.inTree(tree.getBody(), depth + 1);
    }

    /**
     * Whether the owner registers a shutdown hook that closes the field: {@code new
     * Thread(client::close)}, a lambda that closes it, or a method reference to a method of the
     * class that does.
     */
    boolean inShutdownHook() {
      Boolean found =
          new TreeScanner<Boolean, Void>() {
            @Override
            public Boolean visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
              if (Frameworks.ADD_SHUTDOWN_HOOK.matches(invocation, state)
                  && invocation.getArguments().size() == 1
                  && hookCloses(invocation.getArguments().get(0))) {
                return true;
              }
              return super.visitMethodInvocation(invocation, null);
            }

            @Override
            public Boolean reduce(Boolean left, Boolean right) {
              return Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right);
            }
          }.scan(owner, null);
      return Boolean.TRUE.equals(found);
    }

    private boolean hookCloses(ExpressionTree hook) {
      if (!(ASTHelpers.stripParentheses(hook) instanceof NewClassTree thread)) {
        return false;
      }
      if (thread.getClassBody() != null && inTree(thread.getClassBody(), 0)) {
        return true;
      }
      for (ExpressionTree argument : thread.getArguments()) {
        ExpressionTree task = ASTHelpers.stripParentheses(argument);
        if (task instanceof MemberReferenceTree reference) {
          if (reference.getName().contentEquals("close")
              && holds(reference.getQualifierExpression())) {
            return true;
          }
          if ((Symbol) ASTHelpers.getSymbol(reference) instanceof MethodSymbol method
              && inMethod(method, 0)) {
            return true;
          }
        } else if (task instanceof LambdaExpressionTree lambda && inTree(lambda.getBody(), 0)) {
          return true;
        }
      }
      return false;
    }
  }

  // Reassignment ---------------------------------------------------------------------------------

  /**
   * Whether the assignment at {@code write} may overwrite an open client in {@code field}: it runs
   * where the field may already hold one, and the control flow of its method does not clear the
   * field before it.
   */
  private static boolean mayHoldOpenClient(TreePath write, VarSymbol field, VisitorState state) {
    TreePath code = Lifecycle.enclosingCode(write);
    if (code == null) {
      return false;
    }
    if (code.getLeaf() instanceof ClassTree) {
      // An initializer block runs once per instance (instance fields) or class (static fields).
      return false;
    }
    if (code.getLeaf() instanceof MethodTree method
        && (Symbol) ASTHelpers.getSymbol(method) instanceof MethodSymbol symbol
        && runsOnlyOnce(symbol, field, state, new HashSet<>(), 0)) {
      return false;
    }
    try {
      Flag overwrites =
          ControlFlowGraphs.instance(state.context)
              .valueOf(write, new FieldOverwrite(field, latches(code, state), state));
      return overwrites == Flag.YES;
    } catch (RuntimeException | AssertionError unexpected) {
      return false;
    }
  }

  /**
   * The once-flags the method or lambda at {@code code} sets, each with the value it sets: private
   * boolean fields of the class that {@code code} assigns a literal and that nothing outside the
   * class's constructors and initializers ever sets to the other value ({@code if (!initialized) {
   * client = create(); initialized = true; }}). Once such a flag has flipped it stays so, so code
   * that runs only while it has its first value runs at most once per object (or class).
   */
  private static Map<VarSymbol, Boolean> latches(TreePath code, VisitorState state) {
    Map<VarSymbol, Boolean> set = new HashMap<>();
    Set<VarSymbol> mixed = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree assignment, Void unused) {
        if (ASTHelpers.getSymbol(assignment.getVariable()) instanceof VarSymbol flag
            && flag.getKind() == ElementKind.FIELD
            && flag.type.getKind() == TypeKind.BOOLEAN
            && flag.getModifiers().contains(Modifier.PRIVATE)) {
          Boolean value = booleanLiteral(assignment.getExpression());
          if (value == null || !Objects.equals(set.getOrDefault(flag, value), value)) {
            mixed.add(flag);
          } else {
            set.put(flag, value);
          }
        }
        return super.visitAssignment(assignment, null);
      }

      @Override
      public Void visitClass(ClassTree type, Void unused) {
        // The flags of another class are not this code's.
        return null;
      }
    }.scan(code.getLeaf() instanceof MethodTree method ? method.getBody() : code.getLeaf(), null);
    set.keySet().removeAll(mixed);
    set.entrySet().removeIf(flag -> !isLatch(flag.getKey(), flag.getValue(), state));
    return set;
  }

  /**
   * Whether every write of {@code flag} outside the constructors and initializers of its class
   * sets it to {@code value}.
   */
  private static boolean isLatch(VarSymbol flag, boolean value, VisitorState state) {
    CompilationIndex index = CompilationIndex.instance(state);
    TreePath declaration = index.declaration(flag);
    if (declaration == null) {
      return false;
    }
    for (TreePath write : index.fieldWritesIn(flag, declaration.getCompilationUnit())) {
      if (write.getLeaf() instanceof VariableTree) {
        continue;
      }
      TreePath code = Lifecycle.enclosingCode(write);
      boolean construction =
          code != null
              && (code.getLeaf() instanceof ClassTree
                  || (code.getLeaf() instanceof MethodTree method
                      && (Symbol) ASTHelpers.getSymbol(method) instanceof MethodSymbol symbol
                      && symbol.isConstructor()
                      && symbol.owner == flag.owner));
      if (!construction
          && !Boolean.valueOf(value).equals(booleanLiteral(CompilationIndex.writtenValue(write)))) {
        return false;
      }
    }
    return true;
  }

  private static @Nullable Boolean booleanLiteral(@Nullable ExpressionTree expression) {
    return expression != null
            && ASTHelpers.stripParentheses(expression) instanceof LiteralTree literal
            && literal.getValue() instanceof Boolean value
        ? value
        : null;
  }

  /**
   * Whether {@code method} runs where {@code field} cannot yet hold a client: a constructor of the
   * owner (or of a subclass, for an inherited instance field), a once-only lifecycle callback, or a
   * method whose every call site in the compilation is in one of these.
   */
  private static boolean runsOnlyOnce(
      MethodSymbol method,
      VarSymbol field,
      VisitorState state,
      Set<MethodSymbol> visiting,
      int depth) {
    boolean instanceField = !ASTHelpers.isStatic(field);
    if (method.isConstructor()) {
      return instanceField
          && method.owner instanceof ClassSymbol constructed
          && field.owner instanceof ClassSymbol declaring
          && constructed.isSubClass(declaring, state.getTypes());
    }
    if (Frameworks.isExtensionPerTestSetUp(method, state)) {
      return closedByPerTestTearDown(field, state);
    }
    if (!instanceField
        && Frameworks.isPerTestClassSetUp(method, state)
        && isInherited(method.owner, state)) {
      // A test base's once-per-class set-up runs again for every test class that extends it: a
      // static field it writes strands the previous class's client unless a per-class tear-down
      // closes it.
      return closedByTearDown(field, state, Frameworks::isPerTestClassTearDown);
    }
    if (Frameworks.isOnceOnlySetUp(method, state)) {
      return true;
    }
    if (Frameworks.isPerTestSetUp(method, state)) {
      // JUnit gives each test a new instance; a static field, or an instance field of a test
      // instance that several tests share, keeps the previous test's client unless a per-test
      // tear-down closes it.
      return (instanceField && !Frameworks.sharesTestInstance(method, state))
          || closedByPerTestTearDown(field, state);
    }
    if (depth > MAX_DEPTH || !visiting.add(method)) {
      return false;
    }
    // Calls of a method it overrides may dispatch to it: containerManager.setup() runs the
    // setup() of whichever subclass the manager is.
    List<TreePath> sites =
        CompilationIndex.instance(state).callSitesThroughOverridden(method, state);
    if (sites.isEmpty()) {
      return false;
    }
    for (TreePath site : sites) {
      TreePath code = Lifecycle.enclosingCode(site);
      boolean once =
          code != null
              && ((code.getLeaf() instanceof ClassTree && instanceField)
                  || (code.getLeaf() instanceof MethodTree caller
                      && (Symbol) ASTHelpers.getSymbol(caller) instanceof MethodSymbol callerSymbol
                      && runsOnlyOnce(callerSymbol, field, state, visiting, depth + 1)));
      if (!once) {
        return false;
      }
    }
    return true;
  }

  /** Whether test classes extend {@code type}: it is abstract, or the compilation subclasses it. */
  private static boolean isInherited(Symbol type, VisitorState state) {
    return type instanceof ClassSymbol symbol
        && (symbol.getModifiers().contains(Modifier.ABSTRACT)
            || !CompilationIndex.instance(state).directSubclasses(symbol).isEmpty());
  }

  private static boolean closedByPerTestTearDown(VarSymbol field, VisitorState state) {
    return closedByTearDown(field, state, Frameworks::isPerTestTearDown);
  }

  /** Whether a method of the field's class that {@code tearDown} accepts closes the field. */
  private static boolean closedByTearDown(
      VarSymbol field, VisitorState state, BiPredicate<MethodSymbol, VisitorState> tearDown) {
    return field.owner instanceof ClassSymbol owner
        && closedByTearDownIn(owner, field, state, tearDown);
  }

  /** Whether a method of {@code type} that {@code tearDown} accepts closes the field. */
  private static boolean closedByTearDownIn(
      ClassSymbol type,
      VarSymbol field,
      VisitorState state,
      BiPredicate<MethodSymbol, VisitorState> tearDown) {
    TreePath path = CompilationIndex.instance(state).declaration(type);
    if (path == null || !(path.getLeaf() instanceof ClassTree classTree)) {
      return false;
    }
    Closes closes = new Closes(field, classTree, state);
    for (Tree member : classTree.getMembers()) {
      if (member instanceof MethodTree method
          && (Symbol) ASTHelpers.getSymbol(method) instanceof MethodSymbol symbol
          && tearDown.test(symbol, state)
          && closes.inMethod(symbol, 0)) {
        return true;
      }
    }
    return false;
  }

  /** A two-point lattice: whether an assignment overwrites a client that may be open. */
  enum Flag implements AbstractValue<Flag> {
    NO,
    YES;

    @Override
    public Flag leastUpperBound(Flag other) {
      return this == YES || other == YES ? YES : NO;
    }
  }

  /**
   * What is known about one field at a point of a method: whether it may hold an open client, and
   * which locals hold its previous value (moved aside to be closed).
   */
  static final class FieldState implements Store<FieldState> {
    final boolean mayBeOpen;
    final Set<Element> aliases;

    FieldState(boolean mayBeOpen, Set<Element> aliases) {
      this.mayBeOpen = mayBeOpen;
      this.aliases = aliases;
    }

    FieldState with(boolean open) {
      return new FieldState(open, aliases);
    }

    @Override
    public FieldState copy() {
      return new FieldState(mayBeOpen, new HashSet<>(aliases));
    }

    @Override
    public FieldState leastUpperBound(FieldState other) {
      Set<Element> union = new HashSet<>(aliases);
      union.addAll(other.aliases);
      return new FieldState(mayBeOpen || other.mayBeOpen, union);
    }

    @Override
    public FieldState widenedUpperBound(FieldState previous) {
      return leastUpperBound(previous);
    }

    @Override
    public boolean canAlias(JavaExpression a, JavaExpression b) {
      return true;
    }

    @Override
    public String visualize(CFGVisualizer<?, FieldState, ?> visualizer) {
      return toString();
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof FieldState that
          && mayBeOpen == that.mayBeOpen
          && aliases.equals(that.aliases);
    }

    @Override
    public int hashCode() {
      return Objects.hash(mayBeOpen, aliases);
    }

    @Override
    public String toString() {
      return (mayBeOpen ? "open?" : "clear") + aliases;
    }
  }

  /**
   * The forward analysis behind {@link #mayHoldOpenClient}: the value of an assignment to the field
   * is {@link Flag#YES} when the field may hold an open client right before it.
   */
  private static final class FieldOverwrite
      extends AbstractNodeVisitor<TransferResult<Flag, FieldState>, TransferInput<Flag, FieldState>>
      implements ForwardTransferFunction<Flag, FieldState> {
    private final VarSymbol field;
    private final Map<VarSymbol, Boolean> latches;
    private final VisitorState state;

    FieldOverwrite(VarSymbol field, Map<VarSymbol, Boolean> latches, VisitorState state) {
      this.field = field;
      this.latches = latches;
      this.state = state;
    }

    @Override
    public FieldState initialStore(UnderlyingAST ast, List<LocalVariableNode> parameters) {
      return new FieldState(true, new HashSet<>());
    }

    private boolean isField(Node node) {
      Node stripped = node;
      while (stripped instanceof TypeCastNode cast) {
        stripped = cast.getOperand();
      }
      return stripped instanceof FieldAccessNode access && access.getElement() == field;
    }

    private boolean isHolder(Node node, FieldState store) {
      Node stripped = node;
      while (stripped instanceof TypeCastNode cast) {
        stripped = cast.getOperand();
      }
      return isField(stripped)
          || (stripped instanceof LocalVariableNode local
              && store.aliases.contains(local.getElement()));
    }

    @Override
    public TransferResult<Flag, FieldState> visitNode(
        Node node, TransferInput<Flag, FieldState> input) {
      return new RegularTransferResult<>(null, input.getRegularStore());
    }

    @Override
    public TransferResult<Flag, FieldState> visitAssignment(
        AssignmentNode node, TransferInput<Flag, FieldState> input) {
      FieldState store = input.getRegularStore();
      if (isField(node.getTarget())) {
        Flag overwrites = store.mayBeOpen && store.aliases.isEmpty() ? Flag.YES : Flag.NO;
        boolean open = !(node.getExpression() instanceof NullLiteralNode);
        return new RegularTransferResult<>(overwrites, new FieldState(open, new HashSet<>()));
      }
      if (node.getTarget() instanceof LocalVariableNode local) {
        FieldState next = store.copy();
        if (isField(node.getExpression())) {
          next.aliases.add(local.getElement());
        } else {
          next.aliases.remove(local.getElement());
        }
        return new RegularTransferResult<>(null, next);
      }
      return new RegularTransferResult<>(null, store);
    }

    @Override
    public TransferResult<Flag, FieldState> visitMethodInvocation(
        MethodInvocationNode node, TransferInput<Flag, FieldState> input) {
      FieldState store = input.getRegularStore();
      MethodInvocationTree tree = node.getTree();
      if (tree == null) {
        return new RegularTransferResult<>(null, store);
      }
      if (Lifecycle.isCloseCall(tree) && isHolder(node.getTarget().getReceiver(), store)) {
        return new RegularTransferResult<>(null, store.with(false));
      }
      MethodSymbol callee = ASTHelpers.getSymbol(tree);
      List<Node> arguments = node.getArguments();
      for (int i = 0; i < arguments.size(); i++) {
        if (isHolder(arguments.get(i), store) && callee != null && closesParameter(callee, i)) {
          // Handed to a helper that closes it: closeQuietly(field), or a factory that closes the
          // client it replaces, field = createClient(field).
          return new RegularTransferResult<>(null, store.with(false));
        }
      }
      if (callee != null
          && !callee.isConstructor()
          && callee.owner == field.owner
          && closesFieldInBody(callee)) {
        return new RegularTransferResult<>(null, store.with(false));
      }
      return new RegularTransferResult<>(null, store);
    }

    private boolean closesParameter(MethodSymbol callee, int index) {
      TreePath ownerPath =
          field.owner instanceof ClassSymbol owner
              ? CompilationIndex.instance(state).declaration(owner)
              : null;
      return ownerPath != null
          && ownerPath.getLeaf() instanceof ClassTree ownerTree
          && new Closes(field, ownerTree, state).isCloseHelper(callee, index, 0);
    }

    private boolean closesFieldInBody(MethodSymbol callee) {
      TreePath path = CompilationIndex.instance(state).declaration(callee);
      if (path == null || !(field.owner instanceof ClassSymbol owner)) {
        return false;
      }
      TreePath ownerPath = CompilationIndex.instance(state).declaration(owner);
      return ownerPath != null
          && ownerPath.getLeaf() instanceof ClassTree ownerTree
          && new Closes(field, ownerTree, state).inMethod(callee, 1);
    }

    /**
     * A test of a once-flag this code sets: where the flag still has its first value, the code
     * guarded by it has not run yet, so the field holds no client that code stored.
     */
    @Override
    public TransferResult<Flag, FieldState> visitFieldAccess(
        FieldAccessNode node, TransferInput<Flag, FieldState> input) {
      FieldState store = input.getRegularStore();
      Boolean flipped = node.getElement() instanceof VarSymbol flag ? latches.get(flag) : null;
      if (flipped == null) {
        return new RegularTransferResult<>(null, store);
      }
      FieldState notYet = store.with(false);
      return flipped
          ? new ConditionalTransferResult<>(null, store, notYet)
          : new ConditionalTransferResult<>(null, notYet, store);
    }

    @Override
    public TransferResult<Flag, FieldState> visitConditionalNot(
        ConditionalNotNode node, TransferInput<Flag, FieldState> input) {
      return input.containsTwoStores()
          ? new ConditionalTransferResult<>(null, input.getElseStore(), input.getThenStore())
          : new RegularTransferResult<>(null, input.getRegularStore());
    }

    @Override
    public TransferResult<Flag, FieldState> visitEqualTo(
        EqualToNode node, TransferInput<Flag, FieldState> input) {
      FieldState store = input.getRegularStore();
      return comparesWithNull(node)
          ? new ConditionalTransferResult<>(null, store.with(false), store)
          : new RegularTransferResult<>(null, store);
    }

    @Override
    public TransferResult<Flag, FieldState> visitNotEqual(
        NotEqualNode node, TransferInput<Flag, FieldState> input) {
      FieldState store = input.getRegularStore();
      return comparesWithNull(node)
          ? new ConditionalTransferResult<>(null, store, store.with(false))
          : new RegularTransferResult<>(null, store);
    }

    private boolean comparesWithNull(BinaryOperationNode node) {
      return (isField(node.getLeftOperand()) && node.getRightOperand() instanceof NullLiteralNode)
          || (isField(node.getRightOperand()) && node.getLeftOperand() instanceof NullLiteralNode);
    }
  }
}
