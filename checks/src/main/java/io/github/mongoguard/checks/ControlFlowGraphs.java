package io.github.mongoguard.checks;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.tree.MemberSelectTree;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.processing.JavacProcessingEnvironment;
import com.sun.tools.javac.tree.JCTree;
import com.sun.tools.javac.util.Context;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import org.checkerframework.errorprone.dataflow.analysis.AbstractValue;
import org.checkerframework.errorprone.dataflow.analysis.ForwardAnalysisImpl;
import org.checkerframework.errorprone.dataflow.analysis.ForwardTransferFunction;
import org.checkerframework.errorprone.dataflow.analysis.Store;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.UnderlyingAST;
import org.checkerframework.errorprone.dataflow.cfg.builder.CFGTranslationPhaseOne;
import org.checkerframework.errorprone.dataflow.cfg.builder.CFGTranslationPhaseThree;
import org.checkerframework.errorprone.dataflow.cfg.builder.CFGTranslationPhaseTwo;
import org.checkerframework.errorprone.dataflow.cfg.builder.PhaseOneResult;
import org.checkerframework.errorprone.dataflow.cfg.node.CaseNode;
import org.checkerframework.errorprone.dataflow.cfg.node.EqualToNode;
import org.checkerframework.errorprone.dataflow.cfg.node.FieldAccessNode;
import org.checkerframework.errorprone.dataflow.cfg.node.LocalVariableNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.node.NotEqualNode;
import org.checkerframework.errorprone.javacutil.BasicAnnotationProvider;
import org.checkerframework.errorprone.javacutil.TreeUtils;
import org.checkerframework.errorprone.javacutil.TypesUtils;
import org.checkerframework.errorprone.javacutil.trees.TreeBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The Checker Framework control-flow graphs of a compilation's methods, lambdas and initializers,
 * built once each and shared by every Mongo Guard analysis, with the forward analyses run on them.
 *
 * <p>Error Prone's {@code DataFlow} keeps one graph at a time, keyed by the identity of the tree
 * path, and builds it by searching the whole compilation unit for the body: several analyses asking
 * about the same method from different paths, one after the other, would each build it again. Here
 * a graph is keyed by the tree of its method, lambda or initializer and built from the path of its
 * body. Error Prone checks one compilation unit at a time, and every question about a method comes
 * while its unit is checked, so a small cache of the most recent graphs is enough.
 */
final class ControlFlowGraphs {
  private static final Context.Key<ControlFlowGraphs> KEY = new Context.Key<>();

  /**
   * The types of the exception and library classes the graph builder looks up each time it starts,
   * while it starts: the compilation's own, looked up once for all its graphs.
   */
  private static final ThreadLocal<Map<Class<?>, TypeMirror>> TYPES_OF_CLASSES =
      new ThreadLocal<>();

  /** Graphs kept at once: the methods of the class or two being checked. */
  private static final int GRAPHS = 64;

  /** Analysis results kept at once. */
  private static final int ANALYSES = 64;

  private final JavacProcessingEnvironment environment;
  private final TreeBuilder treeBuilder;
  private final Map<Class<?>, TypeMirror> typesOfClasses = new HashMap<>();
  private final Map<Tree, Optional<ControlFlowGraph>> graphs = recent(GRAPHS);
  private final Map<AnalysisKey, ForwardAnalysisImpl<?, ?, ?>> analyses = recent(ANALYSES);

  private ControlFlowGraphs(Context context) {
    this.environment = JavacProcessingEnvironment.instance(context);
    this.treeBuilder = new MemoisingTreeBuilder(environment);
  }

  /** A map that keeps only the {@code capacity} entries used most recently. */
  private static <K, V> Map<K, V> recent(int capacity) {
    return new LinkedHashMap<>(2 * capacity, 0.75f, /* accessOrder= */ true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The graphs of the compilation {@code context} belongs to. */
  static ControlFlowGraphs instance(Context context) {
    ControlFlowGraphs instance = context.get(KEY);
    if (instance == null) {
      instance = new ControlFlowGraphs(context);
      context.put(KEY, instance);
    }
    return instance;
  }

  /** That a local or parameter of an enum type holds one constant: a fact a branch may test. */
  record EnumTest(Element variable, Element constant) {}

  /**
   * The test of a comparison of a local with an enum constant ({@code kind == Kind.ISOLATED},
   * {@code kind != SHARED}), true where they are equal; or null.
   */
  static @Nullable EnumTest enumComparison(Node node) {
    if (!(node instanceof EqualToNode || node instanceof NotEqualNode)
        || node.getOperands().size() != 2) {
      return null;
    }
    List<Node> operands = List.copyOf(node.getOperands());
    for (int i = 0; i < 2; i++) {
      Element constant = enumConstant(operands.get(1 - i));
      if (operands.get(i) instanceof LocalVariableNode local && constant != null) {
        return new EnumTest(local.getElement(), constant);
      }
    }
    return null;
  }

  /**
   * The test of the case {@code node} of a switch on a local ({@code case ISOLATED ->}), true on
   * the branch that enters the case; or null.
   */
  static @Nullable EnumTest enumCase(Node node) {
    if (!(node instanceof CaseNode caseNode)
        || caseNode.getGuard() != null
        || caseNode.getCaseOperands().size() != 1
        || !(caseNode.getSwitchOperand().getExpression() instanceof LocalVariableNode selector)) {
      return null;
    }
    Element constant = enumConstant(caseNode.getCaseOperands().get(0));
    return constant == null ? null : new EnumTest(selector.getElement(), constant);
  }

  private static @Nullable Element enumConstant(Node node) {
    Element element =
        node instanceof FieldAccessNode field
            ? field.getElement()
            : node instanceof LocalVariableNode local ? local.getElement() : null;
    return element != null && element.getKind() == ElementKind.ENUM_CONSTANT ? element : null;
  }

  /**
   * Whether a value that came about where the facts {@code assumed} held can exist where {@code
   * fact} is {@code value}: not where a fact it assumed has the other value, nor, for an enum
   * variable it assumed to be one constant, where that variable is another.
   */
  static boolean consistent(Map<Object, Boolean> assumed, Object fact, boolean value) {
    Boolean known = assumed.get(fact);
    if (known != null) {
      return known == value;
    }
    if (!(fact instanceof EnumTest test)) {
      return true;
    }
    Set<Element> excluded = new HashSet<>();
    for (Map.Entry<Object, Boolean> other : assumed.entrySet()) {
      if (other.getKey() instanceof EnumTest assumedTest
          && assumedTest.variable().equals(test.variable())) {
        if (other.getValue()) {
          // The variable is another constant there.
          return !value;
        }
        excluded.add(assumedTest.constant());
      }
    }
    if (value || excluded.isEmpty()) {
      return true;
    }
    // Not this constant either: consistent only if the enum has a constant left.
    excluded.add(test.constant());
    for (Element constant : test.constant().getEnclosingElement().getEnclosedElements()) {
      if (constant.getKind() == ElementKind.ENUM_CONSTANT && !excluded.contains(constant)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The innermost method, lambda, initializer block or field initializer whose code contains {@code
   * path}, or null (a declaration outside any code, an abstract method).
   */
  static @Nullable TreePath enclosingCode(TreePath path) {
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof MethodTree method) {
        return method.getBody() == null ? null : current;
      }
      if (leaf instanceof LambdaExpressionTree) {
        return current;
      }
      TreePath parent = current.getParentPath();
      if (parent != null && parent.getLeaf() instanceof ClassTree) {
        if (leaf instanceof BlockTree) {
          return current;
        }
        if (leaf instanceof VariableTree variable && variable.getInitializer() != null) {
          return current;
        }
        return null;
      }
    }
    return null;
  }

  /**
   * The graph of the method, lambda or initializer at {@code code} (as {@link #enclosingCode}
   * returns it), or null when the graph builder cannot build one.
   */
  @Nullable ControlFlowGraph graph(TreePath code) {
    Optional<ControlFlowGraph> known = graphs.get(code.getLeaf());
    if (known == null) {
      ControlFlowGraph built;
      try {
        built = build(code);
      } catch (RuntimeException | AssertionError unexpected) {
        // A shape the graph builder does not know: the analyses see nothing there.
        built = null;
      }
      known = Optional.ofNullable(built);
      graphs.put(code.getLeaf(), known);
    }
    return known.orElse(null);
  }

  /**
   * The value {@code transfer}'s forward analysis gives the expression at {@code expression}, or
   * null when it is not in code with a graph. The analysis runs once per graph and transfer
   * function (by identity).
   */
  <V extends AbstractValue<V>, S extends Store<S>, T extends ForwardTransferFunction<V, S>>
      @Nullable V valueOf(TreePath expression, T transfer) {
    if (!(expression.getLeaf() instanceof ExpressionTree tree)) {
      return null;
    }
    TreePath code = enclosingCode(expression);
    ControlFlowGraph graph = code == null ? null : graph(code);
    if (graph == null) {
      return null;
    }
    AnalysisKey key = new AnalysisKey(code.getLeaf(), transfer);
    try {
      @SuppressWarnings("unchecked")
      ForwardAnalysisImpl<V, S, T> analysis = (ForwardAnalysisImpl<V, S, T>) analyses.get(key);
      if (analysis == null) {
        analysis = new ForwardAnalysisImpl<>(transfer);
        analysis.performAnalysis(graph);
        analyses.put(key, analysis);
      }
      return analysis.getValue(tree);
    } catch (RuntimeException | AssertionError unexpected) {
      return null;
    }
  }

  private @Nullable ControlFlowGraph build(TreePath code) {
    ClassTree enclosingClass = null;
    MethodTree enclosingMethod = null;
    for (TreePath current = code.getParentPath();
        current != null;
        current = current.getParentPath()) {
      if (enclosingMethod == null && current.getLeaf() instanceof MethodTree method) {
        enclosingMethod = method;
      }
      if (current.getLeaf() instanceof ClassTree type) {
        enclosingClass = type;
        break;
      }
    }
    if (enclosingClass == null) {
      return null;
    }
    Tree leaf = code.getLeaf();
    UnderlyingAST ast;
    TreePath bodyPath;
    if (leaf instanceof MethodTree method) {
      if (method.getBody() == null) {
        return null;
      }
      ast = new UnderlyingAST.CFGMethod(method, enclosingClass);
      bodyPath = new TreePath(code, method.getBody());
    } else if (leaf instanceof LambdaExpressionTree lambda) {
      ast = new UnderlyingAST.CFGLambda(lambda, enclosingClass, enclosingMethod);
      bodyPath = new TreePath(code, lambda.getBody());
    } else {
      ast = new UnderlyingAST.CFGStatement(leaf, enclosingClass);
      bodyPath = code;
    }
    // CFGBuilder.build, with the parts every graph of the compilation shares made once.
    TYPES_OF_CLASSES.set(typesOfClasses);
    PhaseOneResult phaseOne;
    try {
      phaseOne = new PhaseOne(treeBuilder, environment).process(bodyPath, ast);
    } finally {
      TYPES_OF_CLASSES.remove();
    }
    return CFGTranslationPhaseThree.process(CFGTranslationPhaseTwo.process(phaseOne));
  }

  /**
   * The first phase of the graph builder, which looks up the types of the classes it needs in the
   * compilation's table when one is given: it asks for them from its constructor, before a field of
   * its own could hold the table.
   */
  private static final class PhaseOne extends CFGTranslationPhaseOne {
    PhaseOne(TreeBuilder treeBuilder, ProcessingEnvironment environment) {
      super(
          treeBuilder,
          new BasicAnnotationProvider(),
          /* assumeAssertionsEnabled= */ false,
          /* assumeAssertionsDisabled= */ false,
          environment);
    }

    @Override
    protected TypeMirror getTypeMirror(Class<?> type) {
      Map<Class<?>, TypeMirror> known = TYPES_OF_CLASSES.get();
      if (known == null) {
        return super.getTypeMirror(type);
      }
      TypeMirror mirror = known.get(type);
      if (mirror == null) {
        mirror = super.getTypeMirror(type);
        known.put(type, mirror);
      }
      return mirror;
    }
  }

  /**
   * An analysis by its code and transfer function. Trees compare by identity, and so do the
   * transfer functions, which define no equality of their own.
   */
  private record AnalysisKey(Tree code, Object transfer) {}

  /**
   * The builder of the trees the graph builder adds (the iterator calls of an enhanced {@code for},
   * boxing, the close of a resource), which finds each method it needs in the class that declares
   * it once per compilation: the builder it extends lists all the members of the class, inherited
   * ones included, each time.
   */
  private static final class MemoisingTreeBuilder extends TreeBuilder {
    private final Map<TypeElement, Map<String, Optional<MethodSymbol>>> methods = new HashMap<>();
    private final Map<TypeElement, MethodSymbol> valueOfMethods = new HashMap<>();

    MemoisingTreeBuilder(ProcessingEnvironment environment) {
      super(environment);
    }

    /** The method of {@code type} named {@code name} that takes no arguments, or null. */
    private @Nullable MethodSymbol method(TypeElement type, String name) {
      return methods
          .computeIfAbsent(type, unused -> new HashMap<>())
          .computeIfAbsent(
              name,
              unused ->
                  ElementFilter.methodsIn(elements.getAllMembers(type)).stream()
                      .filter(
                          method ->
                              method.getParameters().isEmpty()
                                  && method.getSimpleName().contentEquals(name))
                      .map(MethodSymbol.class::cast)
                      .reduce((first, second) -> second))
          .orElse(null);
    }

    private MethodSymbol methodOf(ExpressionTree expression, String name) {
      DeclaredType type = (DeclaredType) TypesUtils.upperBound(TreeUtils.typeOf(expression));
      MethodSymbol method = method((TypeElement) type.asElement(), name);
      if (method == null) {
        throw new IllegalStateException("No " + name + "() in " + type);
      }
      return method;
    }

    @Override
    public MemberSelectTree buildIteratorMethodAccess(ExpressionTree iterable) {
      MethodSymbol iterator = methodOf(iterable, "iterator");
      Type.MethodType type = (Type.MethodType) iterator.asType();
      // The iterator of this iterable: Iterator<E> for the iterable's own element type.
      DeclaredType result =
          (DeclaredType) javacTypes.asSuper(type.getReturnType(), symtab.iteratorType.asElement());
      if (result.getTypeArguments().size() == 1
          && result.getTypeArguments().get(0) instanceof Type.CapturedType captured) {
        result =
            modelTypes.getDeclaredType(
                (TypeElement) modelTypes.asElement(result), captured.wildcard);
      }
      return select(
          iterable,
          iterator,
          new Type.MethodType(
              com.sun.tools.javac.util.List.nil(),
              (Type) result,
              com.sun.tools.javac.util.List.nil(),
              type.asElement()));
    }

    @Override
    public MemberSelectTree buildHasNextMethodAccess(ExpressionTree iterator) {
      MethodSymbol hasNext = methodOf(iterator, "hasNext");
      return select(iterator, hasNext, hasNext.asType());
    }

    @Override
    public MemberSelectTree buildNextMethodAccess(ExpressionTree iterator) {
      MethodSymbol next = methodOf(iterator, "next");
      DeclaredType type = (DeclaredType) TreeUtils.typeOf(iterator);
      Type element =
          type.getTypeArguments().isEmpty()
              ? symtab.objectType
              : (Type) type.getTypeArguments().get(0);
      return select(
          iterator,
          next,
          new Type.MethodType(
              com.sun.tools.javac.util.List.nil(),
              element,
              com.sun.tools.javac.util.List.nil(),
              next.asType().asElement()));
    }

    @Override
    public MemberSelectTree buildCloseMethodAccess(ExpressionTree closeable) {
      // Left untyped, as the builder it extends leaves it.
      return TreeUtils.Select(maker, closeable, methodOf(closeable, "close"));
    }

    @Override
    public MemberSelectTree buildValueOfMethodAccess(Tree boxed) {
      TypeMirror type = TreeUtils.typeOf(boxed);
      MethodSymbol valueOf =
          valueOfMethods.computeIfAbsent(
              (TypeElement) ((DeclaredType) type).asElement(),
              unused -> TreeBuilder.getValueOfMethod(env, type));
      return select(boxed, valueOf, valueOf.asType());
    }

    @Override
    public MemberSelectTree buildPrimValueMethodAccess(Tree boxed) {
      TypeMirror type = TreeUtils.typeOf(boxed);
      MethodSymbol value =
          method(
              (TypeElement) ((DeclaredType) type).asElement(),
              modelTypes.unboxedType(type) + "Value");
      if (value == null) {
        throw new IllegalStateException("No unboxing method in " + type);
      }
      return select(boxed, value, value.asType());
    }

    private JCTree.JCFieldAccess select(Tree receiver, MethodSymbol method, Type type) {
      JCTree.JCFieldAccess access = TreeUtils.Select(maker, receiver, method);
      access.setType(type);
      return access;
    }
  }
}
