package io.github.mongoguard.checks;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.comp.AttrContext;
import com.sun.tools.javac.comp.Enter;
import com.sun.tools.javac.comp.Env;
import com.sun.tools.javac.util.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * An index of the whole compilation: where each method, constructor, class and field of the sources
 * is declared, and every place that calls, references, instantiates or writes it.
 *
 * <p>javac attributes every compilation unit of a Maven module before Error Prone runs ({@code
 * -XDcompilePolicy=simple}), so one scan of all units answers questions about callers in other
 * files. Each part is built on the first question that needs it and memoised in the javac {@link
 * Context}: the declarations of a top-level class when something of that class is looked up, the
 * uses in one compilation unit when a question is about that unit alone, and the uses in every unit
 * only when a question is about callers or writers anywhere. A compilation in which no check asks
 * pays nothing.
 */
final class CompilationIndex {
  private static final Context.Key<CompilationIndex> KEY = new Context.Key<>();

  private final Context context;
  private final @Nullable CompilationUnitTree current;

  /** The declarations of each top-level class of the sources, by the class's symbol. */
  private final Map<ClassSymbol, Map<Symbol, TreePath>> declarations = new HashMap<>();

  /** The uses in the unit last asked about on its own. */
  private @Nullable Uses unitUses;

  /** The uses in every unit, once asked for. */
  private @Nullable Uses allUses;

  /** The declarations of every unit, found by the same scan as {@link #allUses}. */
  private @Nullable Map<Symbol, TreePath> allDeclarations;
  private @Nullable ImmutableList<String> clientSources;

  private CompilationIndex(Context context, @Nullable CompilationUnitTree current) {
    this.context = context;
    this.current = current;
  }

  /** The index of the compilation {@code state} belongs to. */
  static CompilationIndex instance(VisitorState state) {
    CompilationIndex index = state.context.get(KEY);
    if (index == null) {
      TreePath path = state.getPath();
      index = new CompilationIndex(state.context, path == null ? null : path.getCompilationUnit());
      state.context.put(KEY, index);
    }
    return index;
  }

  /**
   * The simple names by which code of the compilation can get a client without naming a client
   * type: its methods whose return type is or holds a client ({@code Db.open(uri)}, an {@code
   * Optional<MongoClient>}), and its classes that are clients.
   */
  ImmutableList<String> clientSources(VisitorState state) {
    if (clientSources == null) {
      Set<String> names = new LinkedHashSet<>();
      for (Env<AttrContext> env : Enter.instance(context).getEnvs()) {
        if (env.enclClass == null || env.enclClass.sym == null) {
          continue;
        }
        ClassSymbol type = env.enclClass.sym;
        if (MongoDriver.isClientType(type.type, state)) {
          names.add(type.getSimpleName().toString());
        }
        for (Symbol member : type.getEnclosedElements()) {
          if (member instanceof MethodSymbol method
              && !method.isConstructor()
              && FreshClients.carriesClient(method.getReturnType(), state)) {
            names.add(method.getSimpleName().toString());
          }
        }
      }
      clientSources = ImmutableList.copyOf(names);
    }
    return clientSources;
  }

  /** Every compilation unit of the compilation. */
  ImmutableList<CompilationUnitTree> units() {
    Set<CompilationUnitTree> units = new LinkedHashSet<>();
    for (Env<AttrContext> env : Enter.instance(context).getEnvs()) {
      if (env.toplevel != null) {
        units.add(env.toplevel);
      }
    }
    // The unit first analysed is always part of the compilation, even where javac keeps no
    // environment for it (a unit that declares only a package).
    if (current != null) {
      units.add(current);
    }
    return ImmutableList.copyOf(units);
  }

  /**
   * The declaration of a method, constructor, class or field of the sources, or null when the
   * symbol comes from a class file (another module, a library).
   */
  @Nullable TreePath declaration(Symbol symbol) {
    if (allDeclarations != null) {
      return allDeclarations.get(symbol);
    }
    ClassSymbol topLevel = symbol.outermostClass();
    if (topLevel == null) {
      return null;
    }
    Map<Symbol, TreePath> declared = declarations.get(topLevel);
    if (declared == null) {
      declared = declarationsOf(topLevel);
      declarations.put(topLevel, declared);
    }
    return declared.get(symbol);
  }

  private Map<Symbol, TreePath> declarationsOf(ClassSymbol topLevel) {
    Env<AttrContext> env = Enter.instance(context).getEnv(topLevel);
    if (env == null || env.toplevel == null || !(env.tree instanceof ClassTree classTree)) {
      return Map.of();
    }
    Map<Symbol, TreePath> declared = new HashMap<>();
    new DeclarationScanner(declared)
        .scan(new TreePath(new TreePath(env.toplevel), classTree), null);
    return declared;
  }

  /** Whether {@code symbol} is declared in this compilation's sources. */
  boolean isInCompilation(Symbol symbol) {
    return declaration(symbol) != null;
  }

  /**
   * Every place that invokes {@code method} by name: calls, {@code new} expressions for a
   * constructor (anonymous subclasses included), explicit {@code this(...)} and {@code super(...)}
   * calls, and method references. The paths lead to the invocation, {@code new} or reference tree.
   * Calls that may reach {@code method} only by dynamic dispatch through a method it overrides are
   * in {@link #callSitesThroughOverridden}.
   */
  List<TreePath> callSites(MethodSymbol method) {
    return Collections.unmodifiableList(allUses().callSites.getOrDefault(method, List.of()));
  }

  /**
   * The call sites of {@code method} and of every method it overrides: every call in the
   * compilation that may, by dynamic dispatch, run it.
   */
  ImmutableList<TreePath> callSitesThroughOverridden(MethodSymbol method, VisitorState state) {
    ImmutableList.Builder<TreePath> sites = ImmutableList.builder();
    sites.addAll(callSites(method));
    for (MethodSymbol overridden : ASTHelpers.findSuperMethods(method, state.getTypes())) {
      sites.addAll(callSites(overridden));
    }
    return sites.build();
  }

  /**
   * The value a write that {@link #fieldWrites} lists stores: the initializer of a variable tree,
   * the right-hand side of an assignment; null for a compound assignment or a declaration without
   * an initializer.
   */
  static @Nullable ExpressionTree writtenValue(TreePath write) {
    return write.getLeaf() instanceof VariableTree variable
        ? variable.getInitializer()
        : write.getLeaf() instanceof AssignmentTree assignment ? assignment.getExpression() : null;
  }

  /**
   * Every write of {@code field} in the sources: its initializer (a path to the variable tree),
   * assignments and compound assignments (paths to the assignment tree).
   */
  List<TreePath> fieldWrites(VarSymbol field) {
    return Collections.unmodifiableList(allUses().fieldWrites.getOrDefault(field, List.of()));
  }

  /** The writes of {@code field} in {@code unit}, as {@link #fieldWrites} gives them. */
  List<TreePath> fieldWritesIn(VarSymbol field, CompilationUnitTree unit) {
    if (allUses != null) {
      List<TreePath> inUnit = new ArrayList<>();
      for (TreePath write : fieldWrites(field)) {
        if (write.getCompilationUnit() == unit) {
          inUnit.add(write);
        }
      }
      return inUnit;
    }
    Uses uses = unitUses;
    if (uses == null || uses.unit != unit) {
      uses = new Uses(unit, new HashMap<>());
      uses.scan(unit);
      unitUses = uses;
    }
    return Collections.unmodifiableList(uses.fieldWrites.getOrDefault(field, List.of()));
  }

  /** The classes of the sources that directly extend or implement {@code type}. */
  List<ClassSymbol> directSubclasses(ClassSymbol type) {
    return Collections.unmodifiableList(allUses().directSubclasses.getOrDefault(type, List.of()));
  }

  private Uses allUses() {
    Uses uses = allUses;
    if (uses == null) {
      Map<Symbol, TreePath> declared = new HashMap<>();
      uses = new Uses(null, declared);
      for (CompilationUnitTree unit : units()) {
        uses.scan(unit);
      }
      allUses = uses;
      allDeclarations = declared;
      unitUses = null;
      declarations.clear();
    }
    return uses;
  }

  /**
   * Records the declarations of the trees it scans (one top-level class, or whole units); skips
   * whatever it does not understand.
   */
  private static class DeclarationScanner extends TreePathScanner<Void, Void> {
    private final Map<Symbol, TreePath> declared;

    DeclarationScanner(Map<Symbol, TreePath> declared) {
      this.declared = declared;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      add(ASTHelpers.getSymbol(tree));
      return super.visitClass(tree, null);
    }

    @Override
    public Void visitMethod(MethodTree tree, Void unused) {
      add(ASTHelpers.getSymbol(tree));
      return super.visitMethod(tree, null);
    }

    @Override
    public Void visitVariable(VariableTree tree, Void unused) {
      Symbol symbol = ASTHelpers.getSymbol(tree);
      if (symbol != null && symbol.getKind() == ElementKind.FIELD) {
        add(symbol);
      }
      return super.visitVariable(tree, null);
    }

    private void add(@Nullable Symbol symbol) {
      if (symbol != null) {
        declared.put(symbol, getCurrentPath());
      }
    }

    @Override
    public Void scan(Tree tree, Void unused) {
      try {
        return super.scan(tree, null);
      } catch (RuntimeException | AssertionError e) {
        // An unexpected tree (from a broken or unusual source) is left out of the index rather
        // than failing the compilation.
        return null;
      }
    }
  }

  /**
   * The calls, references, field writes and subclasses in one unit or in all of them; skips
   * whatever it does not understand.
   */
  private static final class Uses extends DeclarationScanner {
    final @Nullable CompilationUnitTree unit;
    final Map<MethodSymbol, List<TreePath>> callSites = new HashMap<>();
    final Map<VarSymbol, List<TreePath>> fieldWrites = new HashMap<>();
    final Map<ClassSymbol, List<ClassSymbol>> directSubclasses = new HashMap<>();

    Uses(@Nullable CompilationUnitTree unit, Map<Symbol, TreePath> declared) {
      super(declared);
      this.unit = unit;
    }

    void scan(CompilationUnitTree compilationUnit) {
      scan(new TreePath(compilationUnit), null);
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      ClassSymbol symbol = ASTHelpers.getSymbol(tree);
      if (symbol != null) {
        addSupertype(symbol.getSuperclass(), symbol);
        for (Type implemented : symbol.getInterfaces()) {
          addSupertype(implemented, symbol);
        }
      }
      return super.visitClass(tree, null);
    }

    private void addSupertype(@Nullable Type supertype, ClassSymbol subclass) {
      if (supertype != null && supertype.tsym instanceof ClassSymbol superclass) {
        directSubclasses.computeIfAbsent(superclass, k -> new ArrayList<>(2)).add(subclass);
      }
    }

    @Override
    public Void visitVariable(VariableTree tree, Void unused) {
      if (tree.getInitializer() != null) {
        addFieldWrite(ASTHelpers.getSymbol(tree));
      }
      return super.visitVariable(tree, null);
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
      addCallSite(ASTHelpers.getSymbol(tree));
      return super.visitMethodInvocation(tree, null);
    }

    @Override
    public Void visitNewClass(NewClassTree tree, Void unused) {
      addCallSite(ASTHelpers.getSymbol(tree));
      return super.visitNewClass(tree, null);
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
      addCallSite(ASTHelpers.getSymbol(tree));
      return super.visitMemberReference(tree, null);
    }

    @Override
    public Void visitAssignment(AssignmentTree tree, Void unused) {
      addFieldWrite(ASTHelpers.getSymbol(tree.getVariable()));
      return super.visitAssignment(tree, null);
    }

    @Override
    public Void visitCompoundAssignment(CompoundAssignmentTree tree, Void unused) {
      addFieldWrite(ASTHelpers.getSymbol(tree.getVariable()));
      return super.visitCompoundAssignment(tree, null);
    }

    private void addCallSite(@Nullable MethodSymbol method) {
      if (method != null) {
        callSites.computeIfAbsent(method, k -> new ArrayList<>(2)).add(getCurrentPath());
      }
    }

    private void addFieldWrite(@Nullable Symbol symbol) {
      if (symbol instanceof VarSymbol field && symbol.getKind() == ElementKind.FIELD) {
        fieldWrites.computeIfAbsent(field, k -> new ArrayList<>(2)).add(getCurrentPath());
      }
    }
  }
}
