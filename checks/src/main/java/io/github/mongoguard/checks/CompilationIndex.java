package io.github.mongoguard.checks;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ImmutableMap;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
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
import java.util.LinkedHashSet;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * An index of the whole compilation: where each method, constructor, class and field of the sources
 * is declared, and every place that calls, references, instantiates or writes it.
 *
 * <p>javac attributes every compilation unit of a Maven module before Error Prone runs ({@code
 * -XDcompilePolicy=simple}), so one scan of all units answers questions about callers in other
 * files. The scan runs once per compilation, on the first question, and is memoised in the javac
 * {@link Context}; a compilation in which no check asks pays nothing.
 */
final class CompilationIndex {
  private static final Context.Key<CompilationIndex> KEY = new Context.Key<>();

  private final ImmutableMap<Symbol, TreePath> declarations;
  private final ImmutableListMultimap<MethodSymbol, TreePath> callSites;
  private final ImmutableListMultimap<VarSymbol, TreePath> fieldWrites;
  private final ImmutableListMultimap<ClassSymbol, ClassSymbol> directSubclasses;
  private final ImmutableList<CompilationUnitTree> units;

  private CompilationIndex(Builder builder) {
    this.declarations = builder.declarations.buildKeepingLast();
    this.callSites = builder.callSites.build();
    this.fieldWrites = builder.fieldWrites.build();
    this.directSubclasses = builder.directSubclasses.build();
    this.units = ImmutableList.copyOf(builder.units);
  }

  /** The index of the compilation {@code state} belongs to, built on first use. */
  static CompilationIndex instance(VisitorState state) {
    CompilationIndex index = state.context.get(KEY);
    if (index == null) {
      index = build(state);
      state.context.put(KEY, index);
    }
    return index;
  }

  private static CompilationIndex build(VisitorState state) {
    Set<CompilationUnitTree> units = new LinkedHashSet<>();
    for (Env<AttrContext> env : Enter.instance(state.context).getEnvs()) {
      if (env.toplevel != null) {
        units.add(env.toplevel);
      }
    }
    // The unit being analysed is always part of the compilation, even where javac keeps no
    // environment for it (a unit that declares only a package).
    TreePath path = state.getPath();
    if (path != null) {
      units.add(path.getCompilationUnit());
    }
    Builder builder = new Builder();
    for (CompilationUnitTree unit : units) {
      builder.units.add(unit);
      new Scanner(builder).scan(new TreePath(unit), null);
    }
    return new CompilationIndex(builder);
  }

  /** Every compilation unit of the compilation. */
  ImmutableList<CompilationUnitTree> units() {
    return units;
  }

  /**
   * The declaration of a method, constructor, class or field of the sources, or null when the
   * symbol comes from a class file (another module, a library).
   */
  @Nullable TreePath declaration(Symbol symbol) {
    return declarations.get(symbol);
  }

  /** Whether {@code symbol} is declared in this compilation's sources. */
  boolean isInCompilation(Symbol symbol) {
    return declarations.containsKey(symbol);
  }

  /**
   * Every place that invokes {@code method} by name: calls, {@code new} expressions for a
   * constructor (anonymous subclasses included), explicit {@code this(...)} and {@code super(...)}
   * calls, and method references. The paths lead to the invocation, {@code new} or reference tree.
   * Calls that may reach {@code method} only by dynamic dispatch through a method it overrides are
   * in {@link #callSitesThroughOverridden}.
   */
  ImmutableList<TreePath> callSites(MethodSymbol method) {
    return callSites.get(method);
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
   * Every write of {@code field} in the sources: its initializer (a path to the variable tree),
   * assignments and compound assignments (paths to the assignment tree).
   */
  ImmutableList<TreePath> fieldWrites(VarSymbol field) {
    return fieldWrites.get(field);
  }

  /** The classes of the sources that directly extend or implement {@code type}. */
  ImmutableList<ClassSymbol> directSubclasses(ClassSymbol type) {
    return directSubclasses.get(type);
  }

  private static final class Builder {
    final ImmutableMap.Builder<Symbol, TreePath> declarations = ImmutableMap.builder();
    final ImmutableListMultimap.Builder<MethodSymbol, TreePath> callSites =
        ImmutableListMultimap.builder();
    final ImmutableListMultimap.Builder<VarSymbol, TreePath> fieldWrites =
        ImmutableListMultimap.builder();
    final ImmutableListMultimap.Builder<ClassSymbol, ClassSymbol> directSubclasses =
        ImmutableListMultimap.builder();
    final Set<CompilationUnitTree> units = new LinkedHashSet<>();
  }

  /** One pass over a unit; skips whatever it does not understand. */
  private static final class Scanner extends TreePathScanner<Void, Void> {
    private final Builder builder;

    Scanner(Builder builder) {
      this.builder = builder;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      ClassSymbol symbol = ASTHelpers.getSymbol(tree);
      if (symbol != null) {
        builder.declarations.put(symbol, getCurrentPath());
        addSupertype(symbol.getSuperclass(), symbol);
        for (Type implemented : symbol.getInterfaces()) {
          addSupertype(implemented, symbol);
        }
      }
      return super.visitClass(tree, null);
    }

    private void addSupertype(@Nullable Type supertype, ClassSymbol subclass) {
      if (supertype != null && supertype.tsym instanceof ClassSymbol superclass) {
        builder.directSubclasses.put(superclass, subclass);
      }
    }

    @Override
    public Void visitMethod(MethodTree tree, Void unused) {
      MethodSymbol symbol = ASTHelpers.getSymbol(tree);
      if (symbol != null) {
        builder.declarations.put(symbol, getCurrentPath());
      }
      return super.visitMethod(tree, null);
    }

    @Override
    public Void visitVariable(VariableTree tree, Void unused) {
      Symbol symbol = ASTHelpers.getSymbol(tree);
      if (symbol instanceof VarSymbol field && symbol.getKind() == ElementKind.FIELD) {
        builder.declarations.put(field, getCurrentPath());
        if (tree.getInitializer() != null) {
          builder.fieldWrites.put(field, getCurrentPath());
        }
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
        builder.callSites.put(method, getCurrentPath());
      }
    }

    private void addFieldWrite(@Nullable Symbol symbol) {
      if (symbol instanceof VarSymbol field && symbol.getKind() == ElementKind.FIELD) {
        builder.fieldWrites.put(field, getCurrentPath());
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
}
