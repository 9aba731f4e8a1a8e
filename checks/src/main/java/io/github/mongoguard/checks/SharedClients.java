package io.github.mongoguard.checks;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.util.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
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
import org.checkerframework.errorprone.dataflow.cfg.node.ArrayAccessNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ArrayCreationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.AssignmentNode;
import org.checkerframework.errorprone.dataflow.cfg.node.CaseNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ConditionalNotNode;
import org.checkerframework.errorprone.dataflow.cfg.node.EqualToNode;
import org.checkerframework.errorprone.dataflow.cfg.node.FieldAccessNode;
import org.checkerframework.errorprone.dataflow.cfg.node.FunctionalInterfaceNode;
import org.checkerframework.errorprone.dataflow.cfg.node.InstanceOfNode;
import org.checkerframework.errorprone.dataflow.cfg.node.LocalVariableNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.node.NotEqualNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ObjectCreationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.SwitchExpressionNode;
import org.checkerframework.errorprone.dataflow.cfg.node.TernaryExpressionNode;
import org.checkerframework.errorprone.dataflow.cfg.node.TypeCastNode;
import org.checkerframework.errorprone.dataflow.cfg.visualize.CFGVisualizer;
import org.checkerframework.errorprone.dataflow.expression.JavaExpression;
import org.jspecify.annotations.Nullable;

/**
 * Which values are a shared (borrowed) client: a forward analysis on the Checker Framework
 * control-flow graph of each method, memoised per method by {@link ControlFlowGraphs}.
 *
 * <p>A client is shared when it comes from the connection module's static fields or accessors (a
 * module method returning a client type that is not {@code @MustBeClosed} and not a factory of
 * fresh clients), or from dependency injection: a constructor or setter parameter of a
 * container-managed class, an injected field, a parameter of a provider method. Every alias is
 * shared too: locals (on the paths where they hold it), casts, conditional and switch expressions
 * with any shared branch, pattern bindings, fields assigned from a shared value anywhere in the
 * compilation, and JDK holders built from it (a {@code Supplier} or method reference to an
 * accessor, an {@code Optional}, a collection, an array, a stream) and what is taken out of them.
 */
final class SharedClients {
  private static final String MUST_BE_CLOSED = "com.google.errorprone.annotations.MustBeClosed";

  /** Field annotations by which a container injects a value. */
  private static final ImmutableSet<String> INJECTED_FIELD_ANNOTATIONS =
      ImmutableSet.of(
          "org.springframework.beans.factory.annotation.Autowired",
          "javax.inject.Inject",
          "jakarta.inject.Inject",
          "com.google.inject.Inject",
          "javax.annotation.Resource",
          "jakarta.annotation.Resource");

  /** Class annotations that make a container build and inject a class. */
  private static final ImmutableSet<String> MANAGED_CLASS_ANNOTATIONS =
      ImmutableSet.<String>builder()
          .addAll(Frameworks.PROCESS_SCOPED_CLASS_ANNOTATIONS)
          .add("javax.inject.Named")
          .add("jakarta.inject.Named")
          .add("javax.enterprise.context.RequestScoped")
          .add("jakarta.enterprise.context.RequestScoped")
          .add("javax.enterprise.context.Dependent")
          .add("jakarta.enterprise.context.Dependent")
          .add("io.micronaut.context.annotation.Prototype")
          .add("io.micronaut.context.annotation.Context")
          .add("io.micronaut.context.annotation.Factory")
          .build();

  private static final Context.Key<SharedClients> KEY = new Context.Key<>();

  private final ConnectionModule module;
  private VisitorState state;
  private final Transfer transfer;
  private final Map<VarSymbol, Shared> fields = new HashMap<>();
  private final Set<VarSymbol> fieldsInProgress = new HashSet<>();

  /** Whether each method, lambda or initializer has a source of a shared value. */
  private final Map<Tree, Boolean> sources = new IdentityHashMap<>();

  /** The shared values each lambda or local-class method captures, and the paths of that code. */
  private final Map<Tree, Map<Element, Shared>> capturedValues = new IdentityHashMap<>();

  private final Map<Tree, TreePath> codePaths = new IdentityHashMap<>();

  private SharedClients(ConnectionModule module, VisitorState state) {
    this.module = module;
    this.state = state;
    this.transfer = new Transfer();
  }

  /** The analysis of the compilation {@code state} belongs to. */
  static SharedClients instance(ConnectionModule module, VisitorState state) {
    SharedClients instance = state.context.get(KEY);
    if (instance == null || !instance.module.entries().equals(module.entries())) {
      instance = new SharedClients(module, state);
      state.context.put(KEY, instance);
    }
    // The analysis reads source text for messages: from the unit being checked now.
    instance.state = state;
    return instance;
  }

  /** Where a shared client comes from, for messages. */
  record Source(String description, Origin origin, @Nullable MethodSymbol compiledAccessor) {}

  /** The kinds of sharing. */
  enum Origin {
    MODULE,
    INJECTED
  }

  /** The shared source of the value of the expression at {@code path}, or empty if not shared. */
  Optional<Source> sourceOf(TreePath path) {
    Shared value = valueOf(path);
    // A holder's value whose static type is a client type is the client it holds.
    return value != null
            && (value.kind == Kind.CLIENT
                || (value.kind == Kind.HOLDER
                    && MongoDriver.isClientType(ASTHelpers.getType(path.getLeaf()), state)))
        ? Optional.ofNullable(value.source)
        : Optional.empty();
  }

  /** Whether the expression at {@code path} is a holder (a collection, stream, supplier) of one. */
  Optional<Source> heldSourceOf(TreePath path) {
    Shared value = valueOf(path);
    return value != null && value.kind != Kind.NONE
        ? Optional.ofNullable(value.source)
        : Optional.empty();
  }

  private @Nullable Shared valueOf(TreePath path) {
    TreePath code = ControlFlowGraphs.enclosingCode(path);
    if (code == null) {
      return null;
    }
    codePaths.put(code.getLeaf(), code);
    // What the code captures is worked out before its own analysis starts, which reads it.
    boolean captures = !captured(code).isEmpty();
    if (!hasSource(code) && !captures) {
      // Every shared value of the analysis starts at a source in the code analysed, or in the
      // code around it whose variables it captures.
      return null;
    }
    try {
      return ControlFlowGraphs.instance(state.context).valueOf(path, transfer);
    } catch (RuntimeException | AssertionError unexpected) {
      // A shape the graph builder does not know: nothing is known to be shared there.
      return null;
    }
  }

  // Captured variables ---------------------------------------------------------------------------

  /**
   * The shared values of the variables that the lambda or local-class method at {@code code} reads
   * from the code around it: a parameter the container passes to the enclosing method, or a local
   * whose one value (a captured local is effectively final) is shared where it is given.
   */
  private Map<Element, Shared> captured(TreePath code) {
    Map<Element, Shared> known = capturedValues.get(code.getLeaf());
    if (known != null) {
      return known;
    }
    // A cycle (a local initialised by code that reads it) finds nothing.
    capturedValues.put(code.getLeaf(), Map.of());
    Map<Element, Shared> values = new HashMap<>();
    try {
      if (code.getParentPath() != null
          && (code.getLeaf() instanceof LambdaExpressionTree
              || ASTHelpers.getSymbol(code.getLeaf()) instanceof MethodSymbol method
                  && method.owner instanceof ClassSymbol owner
                  && (owner.isAnonymous() || owner.owner instanceof MethodSymbol))) {
        for (VarSymbol variable : freeVariables(code.getLeaf())) {
          Shared value = capturedValue(variable, code.getParentPath());
          if (value != null && value.kind != Kind.NONE) {
            values.put(variable, value);
          }
        }
      }
    } catch (RuntimeException | AssertionError unexpected) {
      values.clear();
    }
    Map<Element, Shared> result = values.isEmpty() ? Map.of() : values;
    capturedValues.put(code.getLeaf(), result);
    return result;
  }

  /** The parameters and locals {@code code} reads but does not declare. */
  private static Set<VarSymbol> freeVariables(Tree code) {
    Set<VarSymbol> declared = new HashSet<>();
    Set<VarSymbol> read = new java.util.LinkedHashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        VarSymbol variable = ASTHelpers.getSymbol(tree);
        if (variable != null) {
          declared.add(variable);
        }
        return super.visitVariable(tree, null);
      }

      @Override
      public Void visitIdentifier(IdentifierTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) instanceof VarSymbol variable
            && (variable.getKind() == ElementKind.PARAMETER
                || variable.getKind() == ElementKind.LOCAL_VARIABLE)) {
          read.add(variable);
        }
        return null;
      }
    }.scan(code, null);
    read.removeAll(declared);
    return read;
  }

  /**
   * The shared value {@code variable} has in the code around {@code from}, where it is declared.
   */
  private @Nullable Shared capturedValue(VarSymbol variable, TreePath from) {
    for (TreePath current = from; current != null; current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof MethodTree method
          && method.getParameters().stream()
              .anyMatch(parameter -> ASTHelpers.getSymbol(parameter) == variable)) {
        return injectedParameters(method).get(variable);
      }
      if (leaf instanceof LambdaExpressionTree lambda
          && lambda.getParameters().stream()
              .anyMatch(parameter -> ASTHelpers.getSymbol(parameter) == variable)) {
        return null;
      }
      if (leaf instanceof VariableTree declaration
          && ASTHelpers.getSymbol(declaration) == variable) {
        return declaration.getInitializer() == null
            ? null
            : valueOf(new TreePath(current, declaration.getInitializer()));
      }
      if (leaf instanceof com.sun.source.tree.BlockTree block) {
        for (Tree statement : block.getStatements()) {
          if (statement instanceof VariableTree declaration
              && ASTHelpers.getSymbol(declaration) == variable) {
            return declaration.getInitializer() == null
                ? null
                : valueOf(
                    new TreePath(new TreePath(current, declaration), declaration.getInitializer()));
          }
        }
      }
      if (leaf instanceof ClassTree
          && !(current.getParentPath() != null
              && ControlFlowGraphs.enclosingCode(current.getParentPath()) != null)) {
        return null;
      }
    }
    return null;
  }

  // Sources --------------------------------------------------------------------------------------

  /**
   * Whether the code at {@code code} (a method, lambda or initializer) has a source of a shared
   * value, where the analysis can start one: a parameter the container passes, a field holding a
   * shared client or holder, or a call of, or a method reference to, an accessor. Without one, the
   * analysis finds nothing shared, and its graph need not be built.
   */
  private boolean hasSource(TreePath code) {
    Boolean known = sources.get(code.getLeaf());
    if (known != null) {
      return known;
    }
    boolean found;
    try {
      found =
          (code.getLeaf() instanceof MethodTree method && !injectedParameters(method).isEmpty())
              || Boolean.TRUE.equals(
                  new TreeScanner<Boolean, Void>() {
                    @Override
                    public Boolean scan(Tree tree, Void unused) {
                      if ((tree instanceof IdentifierTree
                              || tree instanceof MemberSelectTree
                              || tree instanceof MethodInvocationTree
                              || tree instanceof MemberReferenceTree)
                          && isSource(ASTHelpers.getSymbol(tree))) {
                        return true;
                      }
                      return super.scan(tree, null);
                    }

                    @Override
                    public Boolean reduce(Boolean left, Boolean right) {
                      return Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right);
                    }
                  }.scan(code.getLeaf(), null));
    } catch (RuntimeException | AssertionError unexpected) {
      // Unsure: let the analysis decide.
      found = true;
    }
    sources.put(code.getLeaf(), found);
    return found;
  }

  private boolean isSource(@Nullable Symbol symbol) {
    if (symbol instanceof VarSymbol field && symbol.getKind() == ElementKind.FIELD) {
      return fieldValue(field) != null;
    }
    return symbol instanceof MethodSymbol method && accessorValue(method, "") != null;
  }

  private @Nullable Shared accessorValue(MethodSymbol method, String text) {
    if (!module.owns(method)
        || !MongoDriver.isClientType(method.getReturnType(), state)
        || ASTHelpers.hasAnnotation(method, MUST_BE_CLOSED, state)
        || returnsFreshClient(method)) {
      return null;
    }
    boolean compiled = !CompilationIndex.instance(state).isInCompilation(method);
    return new Shared(Kind.CLIENT, new Source(text, Origin.MODULE, compiled ? method : null));
  }

  private @Nullable Shared fieldValue(VarSymbol field) {
    if (module.owns(field)) {
      return ASTHelpers.isStatic(field) && MongoDriver.isClientType(field.type, state)
          ? new Shared(
              Kind.CLIENT,
              new Source(
                  field.owner.getSimpleName() + "." + field.getSimpleName(), Origin.MODULE, null))
          : null;
    }
    if (Frameworks.hasAnyAnnotation(field, INJECTED_FIELD_ANNOTATIONS, state)) {
      Kind kind = injectedKind(field.type);
      return kind == Kind.NONE
          ? null
          : new Shared(
              kind,
              new Source(
                  String.format(
                      "the injected field %s of %s",
                      field.getSimpleName(), field.owner.getSimpleName()),
                  Origin.INJECTED,
                  null));
    }
    if (fields.containsKey(field)) {
      return fields.get(field);
    }
    if (!fieldsInProgress.add(field)) {
      return null;
    }
    Shared result = null;
    try {
      for (TreePath write : CompilationIndex.instance(state).fieldWrites(field)) {
        ExpressionTree value = CompilationIndex.writtenValue(write);
        if (value == null) {
          continue;
        }
        Shared written = treeValue(new TreePath(write, value), 0);
        if (written != null && written.kind != Kind.NONE) {
          result = written;
          if (written.kind == Kind.CLIENT) {
            break;
          }
        }
      }
    } finally {
      fieldsInProgress.remove(field);
    }
    fields.put(field, result);
    return result;
  }

  /**
   * The shared client that a call in the compilation passes to the parameter {@code parameter} of
   * {@code method} (a wrapper's constructor given {@code Database.client()}), or null: what the
   * method stores from the parameter may then be the shared client.
   */
  private @Nullable Shared passedByACaller(MethodTree method, VarSymbol parameter, int depth) {
    MethodSymbol symbol = ASTHelpers.getSymbol(method);
    if (symbol == null || !MongoDriver.isClientType(parameter.type, state)) {
      return null;
    }
    int index = symbol.getParameters().indexOf(parameter);
    if (index < 0) {
      return null;
    }
    for (TreePath site : CompilationIndex.instance(state).callSites(symbol)) {
      List<? extends ExpressionTree> arguments =
          site.getLeaf() instanceof com.sun.source.tree.MethodInvocationTree invocation
              ? invocation.getArguments()
              : site.getLeaf() instanceof com.sun.source.tree.NewClassTree creation
                  ? creation.getArguments()
                  : List.of();
      if (index >= arguments.size() || arguments.size() != symbol.getParameters().size()) {
        continue;
      }
      Shared passed = treeValue(new TreePath(site, arguments.get(index)), depth + 1);
      if (passed != null && passed.kind == Kind.CLIENT && passed.source != null) {
        String callee =
            symbol.isConstructor()
                ? "new " + symbol.owner.getSimpleName() + "(...)"
                : symbol.owner.getSimpleName() + "." + symbol.getSimpleName() + "(...)";
        String caller = "a caller";
        for (Tree enclosing : site) {
          if (enclosing instanceof com.sun.source.tree.ClassTree classTree
              && ASTHelpers.getSymbol(classTree) != null) {
            caller = "a call in " + OwnedFields.nameOf(ASTHelpers.getSymbol(classTree));
            break;
          }
        }
        return new Shared(
            Kind.CLIENT,
            new Source(
                passed.source.description()
                    + String.format(
                        ", which %s passes to %s as its parameter %s", caller, callee, parameter),
                passed.source.origin(),
                passed.source.compiledAccessor()));
      }
    }
    return null;
  }

  /**
   * The shared value of the expression at {@code path} without running an analysis (fields are
   * looked up while one runs): any shared branch, initializer or assignment counts.
   */
  private @Nullable Shared treeValue(TreePath path, int depth) {
    if (depth > 8) {
      return null;
    }
    Tree leaf = path.getLeaf();
    if (leaf instanceof com.sun.source.tree.ParenthesizedTree parenthesized) {
      return treeValue(new TreePath(path, parenthesized.getExpression()), depth + 1);
    }
    if (leaf instanceof com.sun.source.tree.TypeCastTree cast) {
      return treeValue(new TreePath(path, cast.getExpression()), depth + 1);
    }
    if (leaf instanceof com.sun.source.tree.ConditionalExpressionTree conditional) {
      Shared then = treeValue(new TreePath(path, conditional.getTrueExpression()), depth + 1);
      return then != null
          ? then
          : treeValue(new TreePath(path, conditional.getFalseExpression()), depth + 1);
    }
    if (leaf instanceof com.sun.source.tree.MethodInvocationTree invocation) {
      MethodSymbol method = ASTHelpers.getSymbol(invocation);
      return method == null || MongoDriver.createdClient(invocation, state).isPresent()
          ? null
          : accessorValue(
              method,
              path.getCompilationUnit() == state.getPath().getCompilationUnit()
                      && state.getSourceForNode(invocation) != null
                  ? state.getSourceForNode(invocation)
                  : method.owner.getSimpleName() + "." + method.getSimpleName() + "()");
    }
    Symbol symbol = ASTHelpers.getSymbol(leaf);
    if (leaf instanceof MemberReferenceTree reference && symbol instanceof MethodSymbol method) {
      // A method reference to an accessor supplies the shared client: Database::client.
      Shared accessor = accessorValue(method, state.getSourceForNode(reference) + "");
      return accessor == null ? null : new Shared(Kind.HOLDER, accessor.source);
    }
    if (!(symbol instanceof VarSymbol variable)) {
      return null;
    }
    if (variable.getKind() == ElementKind.FIELD) {
      return fieldValue(variable);
    }
    TreePath code = Lifecycle.enclosingCode(path);
    if (variable.getKind() == ElementKind.PARAMETER
        && code != null
        && code.getLeaf() instanceof MethodTree method) {
      Shared injected = injectedParameters(method).get(variable);
      return injected != null ? injected : passedByACaller(method, variable, depth);
    }
    if (variable.getKind() != ElementKind.LOCAL_VARIABLE || code == null) {
      return null;
    }
    List<TreePath> values = new ArrayList<>();
    new com.sun.source.util.TreePathScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) == variable && tree.getInitializer() != null) {
          values.add(new TreePath(getCurrentPath(), tree.getInitializer()));
        }
        return super.visitVariable(tree, null);
      }

      @Override
      public Void visitAssignment(AssignmentTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree.getVariable()) == variable) {
          values.add(new TreePath(getCurrentPath(), tree.getExpression()));
        }
        return super.visitAssignment(tree, null);
      }
    }.scan(code, null);
    for (TreePath value : values) {
      Shared shared = treeValue(value, depth + 1);
      if (shared != null) {
        return shared;
      }
    }
    return null;
  }

  /** The kind of an injected value of {@code type}: a client, a provider of one, or neither. */
  private Kind injectedKind(Type type) {
    if (MongoDriver.isClientType(type, state)) {
      return Kind.CLIENT;
    }
    for (Type argument : type.getTypeArguments()) {
      if (MongoDriver.isClientType(argument, state)) {
        return Kind.HOLDER;
      }
    }
    return Kind.NONE;
  }

  /** The values the container passes to the parameters of {@code method}, when it calls it. */
  private Map<Element, Shared> injectedParameters(MethodTree tree) {
    Map<Element, Shared> values = new HashMap<>();
    MethodSymbol method = ASTHelpers.getSymbol(tree);
    if (method == null
        || method.getParameters().stream()
            .allMatch(parameter -> injectedKind(parameter.type) == Kind.NONE)
        || !isInjectionPoint(method)) {
      return values;
    }
    String role =
        method.isConstructor()
            ? "constructor"
            : Frameworks.isProvider(method, state) ? "provider" : "setter";
    for (VarSymbol parameter : method.getParameters()) {
      Kind kind = injectedKind(parameter.type);
      if (kind != Kind.NONE) {
        values.put(
            parameter,
            new Shared(
                kind,
                new Source(
                    String.format(
                        "the %s parameter %s of %s",
                        role, parameter.getSimpleName(), method.owner.getSimpleName()),
                    Origin.INJECTED,
                    null)));
      }
    }
    return values;
  }

  /**
   * Whether the container calls {@code method} with values it manages: a constructor or setter of a
   * container-managed class, a method or constructor annotated for injection, or a provider.
   */
  private boolean isInjectionPoint(MethodSymbol method) {
    if (Frameworks.isProvider(method, state)
        || Frameworks.hasAnyAnnotation(method, INJECTED_FIELD_ANNOTATIONS, state)) {
      return true;
    }
    if (!(method.owner instanceof ClassSymbol owner)
        || module.owns(method)
        || !Frameworks.hasAnnotationOrMeta(owner, MANAGED_CLASS_ANNOTATIONS, state)) {
      return false;
    }
    return method.isConstructor()
        || (method.getSimpleName().toString().startsWith("set")
            && method.getParameters().size() == 1);
  }

  /**
   * Whether {@code method} returns a new client on every call, or may: some {@code return} in its
   * body hands on what a fresh-client factory returns, even where a call could be dispatched
   * elsewhere ({@code return clientFactory.getMongoClient();}). Where the analysis cannot be sure,
   * the client is not taken to be shared.
   */
  private boolean returnsFreshClient(MethodSymbol method) {
    return FreshClients.returnsFreshClient(method, state) || mayReturnFresh(method, 0);
  }

  private boolean mayReturnFresh(MethodSymbol method, int depth) {
    TreePath path = CompilationIndex.instance(state).declaration(method);
    if (depth > 4
        || path == null
        || !(path.getLeaf() instanceof MethodTree tree)
        || tree.getBody() == null) {
      return false;
    }
    boolean[] fresh = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitReturn(ReturnTree returned, Void unused) {
        ExpressionTree value =
            returned.getExpression() == null
                ? null
                : ASTHelpers.stripParentheses(returned.getExpression());
        if (value instanceof com.sun.source.tree.MethodInvocationTree invocation
            && ASTHelpers.getSymbol(invocation) != null
            && !method.equals(ASTHelpers.getSymbol(invocation))) {
          MethodSymbol callee = ASTHelpers.getSymbol(invocation);
          if (MongoDriver.createdClient(invocation, state).isPresent()
              || FreshClients.returnsFreshClient(callee, state)
              || mayReturnFresh(callee, depth + 1)) {
            fresh[0] = true;
          }
        }
        return super.visitReturn(returned, null);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
        return null;
      }

      @Override
      public Void visitClass(ClassTree nested, Void unused) {
        return null;
      }
    }.scan(tree.getBody(), null);
    return fresh[0];
  }

  // The lattice ----------------------------------------------------------------------------------

  /** What a value is: not shared, a shared client, or a JDK holder of one. */
  enum Kind {
    NONE,
    HOLDER,
    CLIENT
  }

  /** The abstract value of a node: its kind and, when shared, where the client comes from. */
  static final class Shared implements AbstractValue<Shared> {
    final Kind kind;
    final @Nullable Source source;

    /**
     * What was known where this value came about of variables no code reassigns (a boolean's value,
     * which constant an enum holds): where one of these facts has the other value, the variable
     * holding this value holds something else.
     */
    final ImmutableMap<Object, Boolean> assumed;

    Shared(Kind kind, @Nullable Source source) {
      this(kind, source, ImmutableMap.of());
    }

    private Shared(Kind kind, @Nullable Source source, ImmutableMap<Object, Boolean> assumed) {
      this.kind = kind;
      this.source = source;
      this.assumed = assumed;
    }

    /** This value, known to come about only where {@code facts} hold as well. */
    Shared assuming(Map<Object, Boolean> facts) {
      if (facts.isEmpty() || assumed.entrySet().containsAll(facts.entrySet())) {
        return this;
      }
      Map<Object, Boolean> all = new HashMap<>(facts);
      all.putAll(assumed);
      return new Shared(kind, source, ImmutableMap.copyOf(all));
    }

    /** Whether this value exists where {@code flag} is {@code value}. */
    boolean existsWhere(Object flag, boolean value) {
      return ControlFlowGraphs.consistent(assumed, flag, value);
    }

    @Override
    public Shared leastUpperBound(Shared other) {
      Shared larger = kind.compareTo(other.kind) >= 0 ? this : other;
      Map<Object, Boolean> common = new HashMap<>();
      assumed.forEach(
          (flag, value) -> {
            if (value.equals(other.assumed.get(flag))) {
              common.put(flag, value);
            }
          });
      return common.equals(larger.assumed)
          ? larger
          : new Shared(larger.kind, larger.source, ImmutableMap.copyOf(common));
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Shared that
          && kind == that.kind
          && Objects.equals(source, that.source)
          && assumed.equals(that.assumed);
    }

    @Override
    public int hashCode() {
      return Objects.hash(kind, source, assumed);
    }
  }

  /** The shared values of the locals at a point of a method. */
  static final class Locals implements Store<Locals> {
    final Map<Element, Shared> values;

    /**
     * The facts about variables never reassigned that a branch has tested on this path: a boolean's
     * value, or whether an enum holds a constant ({@link ControlFlowGraphs.EnumTest}).
     */
    final Map<Object, Boolean> facts;

    Locals(Map<Element, Shared> values) {
      this(values, new HashMap<>());
    }

    private Locals(Map<Element, Shared> values, Map<Object, Boolean> facts) {
      this.values = values;
      this.facts = facts;
    }

    @Override
    public Locals copy() {
      return new Locals(new HashMap<>(values), new HashMap<>(facts));
    }

    /** This store on the branch where {@code flag} is {@code value}. */
    Locals where(Object flag, boolean value) {
      Locals refined = copy();
      refined.facts.put(flag, value);
      refined.values.values().removeIf(shared -> !shared.existsWhere(flag, value));
      return refined;
    }

    @Override
    public Locals leastUpperBound(Locals other) {
      Map<Element, Shared> merged = new HashMap<>(values);
      other.values.forEach((key, value) -> merged.merge(key, value, Shared::leastUpperBound));
      Map<Object, Boolean> common = new HashMap<>();
      facts.forEach(
          (flag, value) -> {
            if (value.equals(other.facts.get(flag))) {
              common.put(flag, value);
            }
          });
      return new Locals(merged, common);
    }

    @Override
    public Locals widenedUpperBound(Locals previous) {
      return leastUpperBound(previous);
    }

    @Override
    public boolean canAlias(JavaExpression a, JavaExpression b) {
      return true;
    }

    @Override
    public String visualize(CFGVisualizer<?, Locals, ?> visualizer) {
      return values.toString();
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Locals that && values.equals(that.values) && facts.equals(that.facts);
    }

    @Override
    public int hashCode() {
      return Objects.hash(values, facts);
    }
  }

  private static boolean isJdk(Symbol symbol) {
    ClassSymbol owner = ASTHelpers.enclosingClass(symbol);
    String name = owner == null ? "" : owner.getQualifiedName().toString();
    return name.startsWith("java.") || name.startsWith("com.google.common.collect.");
  }

  /** The transfer function: how each node of the graph changes what is shared. */
  private final class Transfer
      extends AbstractNodeVisitor<TransferResult<Shared, Locals>, TransferInput<Shared, Locals>>
      implements ForwardTransferFunction<Shared, Locals> {

    @Override
    public Locals initialStore(UnderlyingAST ast, List<LocalVariableNode> parameters) {
      Map<Element, Shared> values = new HashMap<>();
      if (ast instanceof UnderlyingAST.CFGMethod method) {
        values.putAll(injectedParameters(method.getMethod()));
      }
      Tree leaf =
          ast instanceof UnderlyingAST.CFGMethod method
              ? method.getMethod()
              : ast instanceof UnderlyingAST.CFGLambda lambda ? lambda.getLambdaTree() : null;
      TreePath code = leaf == null ? null : codePaths.get(leaf);
      if (code != null) {
        values.putAll(captured(code));
      }
      return new Locals(values);
    }

    private TransferResult<Shared, Locals> result(
        @Nullable Shared value, TransferInput<Shared, Locals> input) {
      Locals store = input.getRegularStore();
      return new RegularTransferResult<>(value == null ? null : value.assuming(store.facts), store);
    }

    private @Nullable Shared of(Node node, TransferInput<Shared, Locals> input) {
      if (node instanceof LocalVariableNode local) {
        // Also a local the graph treats as an lvalue (a resource it closes itself).
        return input.getRegularStore().values.get(local.getElement());
      }
      try {
        return input.getValueOfSubNode(node);
      } catch (AssertionError | RuntimeException notAValue) {
        return null;
      }
    }

    private Kind kindOf(@Nullable Shared value) {
      return value == null ? Kind.NONE : value.kind;
    }

    @Override
    public TransferResult<Shared, Locals> visitNode(
        Node node, TransferInput<Shared, Locals> input) {
      return result(null, input);
    }

    @Override
    public TransferResult<Shared, Locals> visitLocalVariable(
        LocalVariableNode node, TransferInput<Shared, Locals> input) {
      Element element = node.getElement();
      if (node.getType().getKind() == TypeKind.BOOLEAN
          && element instanceof VarSymbol flag
          && (flag.flags() & (Flags.EFFECTIVELY_FINAL | Flags.FINAL)) != 0) {
        // A flag a branch may test: on each branch, what came about under its other value is
        // gone.
        Locals store = input.getRegularStore();
        return new ConditionalTransferResult<>(
            null, store.where(element, true), store.where(element, false));
      }
      return result(input.getRegularStore().values.get(element), input);
    }

    @Override
    public TransferResult<Shared, Locals> visitEqualTo(
        EqualToNode node, TransferInput<Shared, Locals> input) {
      return enumTest(ControlFlowGraphs.enumComparison(node), true, input);
    }

    @Override
    public TransferResult<Shared, Locals> visitNotEqual(
        NotEqualNode node, TransferInput<Shared, Locals> input) {
      return enumTest(ControlFlowGraphs.enumComparison(node), false, input);
    }

    @Override
    public TransferResult<Shared, Locals> visitCase(
        CaseNode node, TransferInput<Shared, Locals> input) {
      return enumTest(ControlFlowGraphs.enumCase(node), true, input);
    }

    /**
     * A test of which constant an enum variable no code reassigns holds: on each branch, what came
     * about under another constant is gone.
     */
    private TransferResult<Shared, Locals> enumTest(
        ControlFlowGraphs.@Nullable EnumTest test,
        boolean whenEqual,
        TransferInput<Shared, Locals> input) {
      if (test == null
          || !(test.variable() instanceof VarSymbol variable)
          || (variable.flags() & (Flags.EFFECTIVELY_FINAL | Flags.FINAL)) == 0) {
        return result(null, input);
      }
      Locals store = input.getRegularStore();
      return new ConditionalTransferResult<>(
          null, store.where(test, whenEqual), store.where(test, !whenEqual));
    }

    @Override
    public TransferResult<Shared, Locals> visitConditionalNot(
        ConditionalNotNode node, TransferInput<Shared, Locals> input) {
      return input.containsTwoStores()
          ? new ConditionalTransferResult<>(null, input.getElseStore(), input.getThenStore())
          : result(null, input);
    }

    @Override
    public TransferResult<Shared, Locals> visitFieldAccess(
        FieldAccessNode node, TransferInput<Shared, Locals> input) {
      return result(node.getElement() instanceof VarSymbol field ? fieldValue(field) : null, input);
    }

    @Override
    public TransferResult<Shared, Locals> visitTypeCast(
        TypeCastNode node, TransferInput<Shared, Locals> input) {
      return result(of(node.getOperand(), input), input);
    }

    @Override
    public TransferResult<Shared, Locals> visitSwitchExpressionNode(
        SwitchExpressionNode node, TransferInput<Shared, Locals> input) {
      // Each case assigns its result to the switch's own variable.
      return result(
          input.getRegularStore().values.get(node.getSwitchExpressionVar().getElement()), input);
    }

    @Override
    public TransferResult<Shared, Locals> visitTernaryExpression(
        TernaryExpressionNode node, TransferInput<Shared, Locals> input) {
      Shared then = of(node.getThenOperand(), input);
      Shared otherwise = of(node.getElseOperand(), input);
      return result(
          then == null ? otherwise : otherwise == null ? then : then.leastUpperBound(otherwise),
          input);
    }

    @Override
    public TransferResult<Shared, Locals> visitAssignment(
        AssignmentNode node, TransferInput<Shared, Locals> input) {
      Shared value = of(node.getExpression(), input);
      if (node.getTarget() instanceof LocalVariableNode local) {
        Locals next = input.getRegularStore().copy();
        if (value == null || value.kind == Kind.NONE) {
          next.values.remove(local.getElement());
        } else {
          next.values.put(local.getElement(), value);
        }
        return new RegularTransferResult<>(value, next);
      }
      return result(value, input);
    }

    @Override
    public TransferResult<Shared, Locals> visitInstanceOf(
        InstanceOfNode node, TransferInput<Shared, Locals> input) {
      Shared value = of(node.getOperand(), input);
      if (kindOf(value) == Kind.NONE) {
        return result(null, input);
      }
      Locals next = input.getRegularStore().copy();
      for (LocalVariableNode binding : node.getBindingVariables()) {
        next.values.put(binding.getElement(), value);
      }
      return new RegularTransferResult<>(null, next);
    }

    @Override
    public TransferResult<Shared, Locals> visitArrayCreation(
        ArrayCreationNode node, TransferInput<Shared, Locals> input) {
      for (Node initializer : node.getInitializers()) {
        Shared value = of(initializer, input);
        if (kindOf(value) != Kind.NONE) {
          return result(new Shared(Kind.HOLDER, value.source), input);
        }
      }
      return result(null, input);
    }

    @Override
    public TransferResult<Shared, Locals> visitArrayAccess(
        ArrayAccessNode node, TransferInput<Shared, Locals> input) {
      Shared array = of(node.getArray(), input);
      return result(
          kindOf(array) == Kind.HOLDER ? new Shared(Kind.CLIENT, array.source) : null, input);
    }

    @Override
    public TransferResult<Shared, Locals> visitMemberReference(
        FunctionalInterfaceNode node, TransferInput<Shared, Locals> input) {
      // A method reference to an accessor supplies the shared client: Database::client.
      if (node.getTree() instanceof MemberReferenceTree reference
          && (Symbol) ASTHelpers.getSymbol(reference) instanceof MethodSymbol method) {
        Shared accessor = accessorValue(method, state.getSourceForNode(reference) + "");
        if (accessor != null) {
          return result(new Shared(Kind.HOLDER, accessor.source), input);
        }
      }
      return result(null, input);
    }

    @Override
    public TransferResult<Shared, Locals> visitObjectCreation(
        ObjectCreationNode node, TransferInput<Shared, Locals> input) {
      MethodSymbol constructor = ASTHelpers.getSymbol(node.getTree());
      if (constructor != null && isJdk(constructor)) {
        for (Node argument : node.getArguments()) {
          Shared value = of(argument, input);
          if (kindOf(value) != Kind.NONE) {
            return result(new Shared(Kind.HOLDER, value.source), input);
          }
        }
      }
      return result(null, input);
    }

    @Override
    public TransferResult<Shared, Locals> visitMethodInvocation(
        MethodInvocationNode node, TransferInput<Shared, Locals> input) {
      MethodSymbol method = node.getTree() == null ? null : ASTHelpers.getSymbol(node.getTree());
      if (method == null) {
        return result(null, input);
      }
      if (MongoDriver.createdClient(node.getTree(), state).isPresent()) {
        // A creation the driver knows is always a new client, even in the module's package.
        return result(null, input);
      }
      String text = state.getSourceForNode(node.getTree());
      Shared accessor =
          accessorValue(
              method,
              text != null
                  ? text
                  : method.owner.getSimpleName() + "." + method.getSimpleName() + "()");
      if (accessor != null) {
        return result(accessor, input);
      }
      boolean returnsClient = MongoDriver.isClientType(ASTHelpers.getType(node.getTree()), state);
      Shared receiver = method.isStatic() ? null : of(node.getTarget().getReceiver(), input);
      if (!isJdk(method)) {
        // An injected provider's getter: Provider.get(), ObjectProvider.getObject().
        return result(
            kindOf(receiver) == Kind.HOLDER && returnsClient && method.getParameters().isEmpty()
                ? new Shared(Kind.CLIENT, receiver.source)
                : null,
            input);
      }
      if (kindOf(receiver) == Kind.HOLDER) {
        // Taken out of a holder (get(), next(), orElse(), iterator(), stream()). An iteration
        // visits every element, so an element typed as a supertype of the client (a loop over
        // List<AutoCloseable>) is the shared client on one of its turns.
        boolean element =
            returnsClient
                || (method.getSimpleName().contentEquals("next")
                    && method.getParameters().isEmpty()
                    && FreshClients.mayHoldClient(ASTHelpers.getType(node.getTree()), state));
        return result(new Shared(element ? Kind.CLIENT : Kind.HOLDER, receiver.source), input);
      }
      Shared argument = null;
      for (Node node2 : node.getArguments()) {
        Shared value = of(node2, input);
        if (kindOf(value) != Kind.NONE) {
          argument = value;
          break;
        }
      }
      if (argument == null) {
        return result(null, input);
      }
      if (method.isStatic()) {
        // Objects.requireNonNull(shared) passes it through; List.of(shared) holds it.
        return result(
            new Shared(returnsClient ? Kind.CLIENT : Kind.HOLDER, argument.source), input);
      }
      if (node.getTarget().getReceiver() instanceof LocalVariableNode collection
          && !returnsClient) {
        // collection.add(shared): the local collection now holds it.
        Locals next = input.getRegularStore().copy();
        next.values.put(collection.getElement(), new Shared(Kind.HOLDER, argument.source));
        return new RegularTransferResult<>(null, next);
      }
      return result(null, input);
    }
  }
}
