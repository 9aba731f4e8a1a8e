package io.github.mongoguard.checks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.base.CharMatcher;
import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hashing;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.google.errorprone.util.ErrorProneToken;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.tree.JCTree;
import com.sun.tools.javac.util.Position;
import io.github.mongoguard.checks.Finding.Edit;
import io.github.mongoguard.checks.Finding.Region;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;

/**
 * Finds, in one compilation unit, the tree a diagnostic was reported on and computes the finding's
 * region and fingerprint.
 *
 * <p>A diagnostic carries only its preferred position; the flagged tree is the outermost expression
 * with that position (or, if none, the outermost tree), which is what the checks report on. The
 * fingerprint is a SHA-256 digest of the check, the file's path, the enclosing named class and
 * member, the flagged expression's tokens, and how many identical expressions precede it in that
 * member: edits elsewhere keep it, and a second identical finding in the same member gets another.
 * The digest keeps the source, which may hold a password, out of the baseline and the report.
 */
final class FindingLocator {
  private static final CharMatcher WHITESPACE = CharMatcher.whitespace();

  private final CompilationUnitTree unit;
  private final VisitorState state;
  private final String path;
  private final boolean insideRoot;

  FindingLocator(CompilationUnitTree unit, VisitorState state, Path root) {
    this.unit = unit;
    this.state = state.withPath(new TreePath(unit));
    URI uri = unit.getSourceFile().toUri();
    String relative;
    boolean inside;
    if ("file".equals(uri.getScheme())) {
      Path file = Path.of(uri).toAbsolutePath().normalize();
      inside = file.startsWith(root);
      relative = inside ? root.relativize(file).toString().replace('\\', '/') : uri.toString();
    } else {
      // In-memory sources (tests, generated code) have no directory; their path is their name.
      String name = uri.getPath() == null ? uri.toString() : uri.getPath();
      relative = name.startsWith("/") ? name.substring(1) : name;
      inside = true;
    }
    this.path = relative;
    this.insideRoot = inside;
  }

  CompilationUnitTree unit() {
    return unit;
  }

  /** The file's path as the report names it. */
  String path() {
    return path;
  }

  boolean isFor(JavaFileObject file) {
    return file == unit.getSourceFile() || file.toUri().equals(unit.getSourceFile().toUri());
  }

  /** The finding a diagnostic of {@code check} at {@code position} stands for. */
  Finding locate(
      String check,
      String level,
      String message,
      int position,
      ImmutableList<ImmutableList<Edit>> fixes) {
    TreePath flagged = flaggedTree(position);
    int start = position;
    int end = position + 1;
    String text = "";
    String owner = "";
    int occurrence = 0;
    if (flagged != null) {
      Tree tree = flagged.getLeaf();
      start = ((JCTree) tree).getStartPosition();
      int treeEnd = state.getEndPosition(tree);
      end = treeEnd > start ? treeEnd : start + 1;
      text = normalized(tree);
      TreePath member = member(flagged);
      owner = describe(member);
      occurrence = occurrence(member == null ? new TreePath(unit) : member, tree, text);
    }
    String fingerprint =
        Hashing.sha256()
            .hashString(
                String.join("\n", check, path, owner, text, Integer.toString(occurrence)), UTF_8)
            .toString();
    return new Finding(
        check, level, message, path, insideRoot, region(start, end), fingerprint, fixes, false);
  }

  private Region region(int start, int end) {
    com.sun.source.tree.LineMap lines = unit.getLineMap();
    int startLine = (int) lines.getLineNumber(start);
    int startColumn = (int) (start - lines.getStartPosition(startLine)) + 1;
    int last = Math.max(start, end - 1);
    int endLine = (int) lines.getLineNumber(last);
    int endColumn = (int) (last - lines.getStartPosition(endLine)) + 2;
    return new Region(start, end, startLine, startColumn, endLine, endColumn);
  }

  /** The outermost expression whose preferred position is {@code position}, else any tree. */
  private TreePath flaggedTree(int position) {
    TreePath[] found = new TreePath[2];
    new TreePathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (tree == null || found[0] != null) {
          return null;
        }
        JCTree node = (JCTree) tree;
        int treeStart = node.getStartPosition();
        int treeEnd = state.getEndPosition(tree);
        if (treeStart != Position.NOPOS
            && treeEnd != Position.NOPOS
            && (position < treeStart || position >= treeEnd)) {
          return null;
        }
        if (node.getPreferredPosition() == position) {
          TreePath here = new TreePath(getCurrentPath(), tree);
          if (tree instanceof ExpressionTree) {
            found[0] = here;
            return null;
          }
          if (found[1] == null) {
            found[1] = here;
          }
        }
        return super.scan(tree, unused);
      }
    }.scan(new TreePath(unit), null);
    return found[0] != null ? found[0] : found[1];
  }

  /**
   * The member of the innermost named class that encloses the flagged tree: its method, field or
   * initializer, or the class itself. Anonymous and local classes are part of their member.
   */
  private static TreePath member(TreePath flagged) {
    List<TreePath> chain = new ArrayList<>();
    for (TreePath p = flagged; p != null; p = p.getParentPath()) {
      chain.add(0, p);
    }
    TreePath namedClass = null;
    TreePath member = null;
    for (int i = 1; i < chain.size(); i++) {
      Tree leaf = chain.get(i).getLeaf();
      Tree parent = chain.get(i - 1).getLeaf();
      boolean parentIsNamed = parent instanceof CompilationUnitTree || parent == leafOf(namedClass);
      if (leaf instanceof ClassTree && parentIsNamed) {
        namedClass = chain.get(i);
        member = namedClass;
      } else if (parent == leafOf(namedClass) && member == namedClass) {
        member = chain.get(i);
      }
    }
    return member;
  }

  private static Tree leafOf(TreePath path) {
    return path == null ? null : path.getLeaf();
  }

  /** The enclosing class's binary name and the member's name and parameter types. */
  private static String describe(TreePath member) {
    if (member == null) {
      return "";
    }
    TreePath classPath = member.getLeaf() instanceof ClassTree ? member : member.getParentPath();
    String className = "";
    if (classPath != null && classPath.getLeaf() instanceof ClassTree classTree) {
      ClassSymbol symbol = ASTHelpers.getSymbol(classTree);
      className =
          symbol != null ? symbol.flatName().toString() : classTree.getSimpleName().toString();
    }
    Tree leaf = member.getLeaf();
    String memberName;
    if (leaf instanceof MethodTree method) {
      memberName =
          method.getName()
              + method.getParameters().stream()
                  .map(p -> String.valueOf(p.getType()))
                  .collect(Collectors.joining(",", "(", ")"));
    } else if (leaf instanceof VariableTree field) {
      memberName = field.getName().toString();
    } else if (leaf instanceof BlockTree block) {
      memberName = block.isStatic() ? "static{}" : "{}";
    } else {
      memberName = "";
    }
    return className + "#" + memberName;
  }

  /** The tree's tokens, one space apart: the source with layout and comments left out. */
  private String normalized(Tree tree) {
    String source = state.getSourceCode().toString();
    try {
      ImmutableList<ErrorProneToken> tokens = state.getOffsetTokensForNode(tree);
      if (!tokens.isEmpty()) {
        return tokens.stream()
            .map(t -> source.substring(t.pos(), t.endPos()))
            .collect(Collectors.joining(" "));
      }
    } catch (RuntimeException e) {
      // Fall back to the raw text below.
    }
    String raw = state.getSourceForNode(tree);
    return raw == null ? tree.getKind().toString() : WHITESPACE.collapseFrom(raw.trim(), ' ');
  }

  /** How many trees of the flagged tree's kind with the same tokens precede it in the member. */
  private int occurrence(TreePath member, Tree flagged, String text) {
    int flaggedStart = ((JCTree) flagged).getStartPosition();
    int[] count = {0};
    new TreeScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (tree == null) {
          return null;
        }
        if (tree != flagged
            && tree.getKind() == flagged.getKind()
            && ((JCTree) tree).getStartPosition() < flaggedStart
            && normalized(tree).equals(text)) {
          count[0]++;
        }
        return super.scan(tree, unused);
      }
    }.scan(member.getLeaf(), null);
    return count[0];
  }
}
