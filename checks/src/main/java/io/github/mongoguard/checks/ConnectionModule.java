package io.github.mongoguard.checks;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.Tree;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The sanctioned connection module: the classes and packages allowed to create and close the
 * process's MongoDB client, as named by {@code -XepOpt:MongoGuard:ConnectionModule}.
 *
 * <p>Code belongs to the module when the fully qualified name of its top-level class equals an
 * entry or starts with an entry followed by {@code .}, so nested classes and subpackages belong to
 * it too.
 */
public final class ConnectionModule {
  private static final ConnectionModule UNDECLARED = new ConnectionModule(ImmutableList.of());

  private final ImmutableList<String> entries;

  /**
   * Whether each top-level class asked about belongs to the module (symbols compare by identity).
   */
  private final Map<ClassSymbol, Boolean> topLevelClasses =
      Collections.synchronizedMap(new WeakHashMap<>());

  private ConnectionModule(ImmutableList<String> entries) {
    this.entries = entries;
  }

  /** A module of the given entries; no entries means that no module is declared. */
  static ConnectionModule of(ImmutableList<String> entries) {
    return entries.isEmpty() ? UNDECLARED : new ConnectionModule(entries);
  }

  /** Whether the build declared a connection module. */
  public boolean isDeclared() {
    return !entries.isEmpty();
  }

  /** The declared entries, as the flag lists them. */
  public ImmutableList<String> entries() {
    return entries;
  }

  /** Whether the top-level class of this fully qualified name belongs to the module. */
  public boolean contains(String topLevelClassName) {
    for (String entry : entries) {
      if (topLevelClassName.equals(entry)
          || (topLevelClassName.startsWith(entry)
              && topLevelClassName.charAt(entry.length()) == '.')) {
        return true;
      }
    }
    return false;
  }

  /** Whether the code at the current path of {@code state} belongs to the module. */
  public boolean encloses(VisitorState state) {
    if (!isDeclared()) {
      return false;
    }
    ClassTree outermost = null;
    for (Tree tree : state.getPath()) {
      if (tree instanceof ClassTree classTree) {
        outermost = classTree;
      }
    }
    return outermost != null && owns(ASTHelpers.getSymbol(outermost));
  }

  /** Whether the class of {@code symbol}, or the class that declares it, belongs to the module. */
  public boolean owns(@Nullable Symbol symbol) {
    if (!isDeclared() || symbol == null) {
      return false;
    }
    ClassSymbol outermost = ASTHelpers.outermostClass(symbol);
    return outermost != null
        && topLevelClasses.computeIfAbsent(
            outermost, type -> contains(type.getQualifiedName().toString()));
  }

  /**
   * The fully qualified name of the top-level class that encloses the current path of {@code
   * state}, or empty outside every class.
   */
  public static Optional<String> topLevelClassName(VisitorState state) {
    ClassTree outermost = null;
    for (Tree tree : state.getPath()) {
      if (tree instanceof ClassTree classTree) {
        outermost = classTree;
      }
    }
    ClassSymbol symbol = outermost == null ? null : ASTHelpers.getSymbol(outermost);
    return symbol == null ? Optional.empty() : Optional.of(symbol.getQualifiedName().toString());
  }

  @Override
  public String toString() {
    return String.join(",", entries);
  }
}
