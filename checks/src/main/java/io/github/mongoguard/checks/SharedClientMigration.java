package io.github.mongoguard.checks;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.fixes.SuggestedFixes;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import io.github.mongoguard.checks.MongoDriver.ClientKind;
import io.github.mongoguard.checks.MongoGuardFlags.SharedClientAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;

/**
 * The suggested fix of {@link MongoClientOutsideConnectionModule}: replaces a client creation
 * with a call of the connection module's accessor of the shared client ({@code
 * -XepOpt:MongoGuard:SharedClient}, {@code -XepOpt:MongoGuard:SharedReactiveClient}) and removes
 * what would now close the shared client.
 *
 * <p>The fix is offered only where the rewrite keeps the code correct:
 *
 * <ul>
 *   <li>the creation is {@code MongoClients.create()}, {@code create(String)} or {@code
 *       create(ConnectionString)} of the driver whose accessor is configured, and that accessor is
 *       a static no-argument method returning that driver's client;
 *   <li>its client is the receiver of a call chain ({@code create(uri).getDatabase("shop")}), or it
 *       initialises (or is assigned to) a local variable or private field that the code only calls
 *       methods on, compares with {@code null} and closes. A {@code close()} statement on it is
 *       dropped, also inside {@code if (client != null)}; a {@code finally} that did nothing else
 *       goes with it; try-with-resources over it becomes a plain declaration.
 * </ul>
 *
 * <p>Everything else is reported without a fix, and the message says why: a legacy {@code
 * com.mongodb.MongoClient} (another API), a method reference, {@code MongoClientSettings} or driver
 * information the shared client does not honour, and a client that is handed to other code, which
 * might close it.
 */
final class SharedClientMigration {
  private SharedClientMigration() {}

  /** A suggested fix, or why none is offered. */
  record Outcome(Optional<SuggestedFix> fix, Optional<String> whyNoFix) {
    static final Outcome NONE = new Outcome(Optional.empty(), Optional.empty());

    static Outcome fix(SuggestedFix fix) {
      return new Outcome(Optional.of(fix), Optional.empty());
    }

    static Outcome noFix(String why) {
      return new Outcome(Optional.empty(), Optional.of(why));
    }
  }

  /** A replacement of the source range {@code [start, end)}. */
  private record Edit(int start, int end, String replacement) {}

  /** Thrown inside the analysis when the rewrite would not be safe; never leaves this class. */
  private static final class Unsafe extends Exception {
    private static final long serialVersionUID = 1L;

    Unsafe(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The migration of the creation at the current path of {@code state}. */
  static Outcome migrate(
      ExpressionTree creation, ClientKind kind, MongoGuardFlags flags, VisitorState state) {
    Optional<SharedClientAccessor> configured = flags.sharedClient(kind);
    if (configured.isEmpty()) {
      boolean anyAccessor =
          flags.sharedClient(ClientKind.SYNC).isPresent()
              || flags.sharedClient(ClientKind.REACTIVE).isPresent();
      if (!anyAccessor) {
        return Outcome.NONE;
      }
      return Outcome.noFix(
          kind == ClientKind.LEGACY
              ? "the legacy com.mongodb.MongoClient has another API than the shared client"
              : "no -XepOpt:"
                  + (kind == ClientKind.SYNC
                      ? MongoGuardFlags.SHARED_CLIENT
                      : MongoGuardFlags.SHARED_REACTIVE_CLIENT)
                  + " names the accessor of the shared " + kind.description());
    }
    SharedClientAccessor accessor = configured.get();
    if (creation instanceof MemberReferenceTree) {
      return Outcome.noFix(
          "a method reference creates a client each time it is called; pass the shared client"
              + " instead");
    }
    if (!(creation instanceof MethodInvocationTree call) || !hasSharableArguments(call, state)) {
      return Outcome.noFix(
          "it passes MongoClientSettings or driver information, which the shared client does not"
              + " honour; move those settings into the connection module");
    }
    Optional<MethodSymbol> accessorMethod = resolve(accessor, kind, state);
    if (accessorMethod.isEmpty()) {
      return Outcome.noFix(
          String.format(
              "-XepOpt:%s names %s, which is not a static method without parameters that returns"
                  + " a %s",
              accessor.flag(), accessor, kind.description()));
    }
    try {
      return Outcome.fix(rewrite(call, accessorMethod.get(), state));
    } catch (Unsafe unsafe) {
      return Outcome.noFix(unsafe.getMessage());
    } catch (RuntimeException unexpected) {
      // A code shape the rewrite does not know: report without a fix rather than crash javac.
      return Outcome.noFix("the code around it has a shape the fix does not handle");
    }
  }

  /** No arguments, one {@code String} or one {@code com.mongodb.ConnectionString}. */
  private static boolean hasSharableArguments(MethodInvocationTree call, VisitorState state) {
    List<? extends ExpressionTree> arguments = call.getArguments();
    if (arguments.isEmpty()) {
      return true;
    }
    if (arguments.size() != 1) {
      return false;
    }
    Type type = ASTHelpers.getType(arguments.get(0));
    Type connectionString = state.getTypeFromString("com.mongodb.ConnectionString");
    return type != null
        && (ASTHelpers.isSameType(type, state.getSymtab().stringType, state)
            || (connectionString != null && ASTHelpers.isSameType(type, connectionString, state)));
  }

  private static Optional<MethodSymbol> resolve(
      SharedClientAccessor accessor, ClientKind kind, VisitorState state) {
    Type owner = state.getTypeFromString(accessor.className());
    Type clientType = state.getTypeFromString(kind.clientType());
    if (owner == null || clientType == null || !(owner.tsym instanceof ClassSymbol ownerClass)) {
      return Optional.empty();
    }
    var candidates = ownerClass.members().getSymbolsByName(state.getName(accessor.methodName()));
    for (Symbol member : candidates) {
      if (member instanceof MethodSymbol method
          && ASTHelpers.isStatic(method)
          && method.getParameters().isEmpty()
          && isCallableFrom(method, state)
          && ASTHelpers.isSubtype(method.getReturnType(), clientType, state)) {
        return Optional.of(method);
      }
    }
    return Optional.empty();
  }

  /** Public in a public class, or visible in the package of the code being fixed. */
  private static boolean isCallableFrom(MethodSymbol method, VisitorState state) {
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      return false;
    }
    Symbol owner = method.owner;
    boolean everywhere =
        method.getModifiers().contains(Modifier.PUBLIC)
            && owner.getModifiers().contains(Modifier.PUBLIC);
    ExpressionTree unitPackage = state.getPath().getCompilationUnit().getPackageName();
    return everywhere
        || owner
            .packge()
            .getQualifiedName()
            .contentEquals(unitPackage == null ? "" : unitPackage.toString());
  }

  private static SuggestedFix rewrite(
      MethodInvocationTree creation, MethodSymbol accessor, VisitorState state) throws Unsafe {
    SuggestedFix.Builder fix = SuggestedFix.builder();
    String accessorCall =
        SuggestedFixes.qualifyType(state, fix, accessor.owner) + "." + accessor.getSimpleName()
            + "()";
    CharSequence source = state.getSourceCode();
    if (source == null) {
      throw new Unsafe("the source of this file is not available");
    }
    TreePath path = state.getPath();
    TreePath parentPath = skipParentheses(path.getParentPath());
    Tree parent = parentPath.getLeaf();
    List<Edit> edits = new ArrayList<>();

    if (parent instanceof MemberSelectTree select
        && parentPath.getParentPath().getLeaf() instanceof MethodInvocationTree
        && !select.getIdentifier().contentEquals("close")) {
      // MongoClients.create(uri).getDatabase("shop"): the chain now starts at the shared client.
      edits.add(new Edit(start(creation), end(creation, state), accessorCall));
      return toFix(fix, edits, source);
    }

    Symbol variable;
    if (parent instanceof VariableTree declaration) {
      variable = ASTHelpers.getSymbol(declaration);
    } else if (parent instanceof AssignmentTree assignment
        && parentPath.getParentPath().getLeaf() instanceof ExpressionStatementTree) {
      variable = ASTHelpers.getSymbol(assignment.getVariable());
    } else {
      throw new Unsafe(
          "the new client is handed on (returned, passed or stored), and the code that receives"
              + " it may close it");
    }
    requireContained(variable, parentPath);
    List<Tree> closes = checkUses(variable, creation, state);

    if (parent instanceof VariableTree declaration
        && parentPath.getParentPath().getLeaf() instanceof TryTree tryTree
        && tryTree.getResources().contains(declaration)) {
      closes.forEach(close -> edits.add(deletion(close, state, source)));
      edits.add(
          replaceTryWithResources(
              tryTree,
              declaration,
              accessorCall,
              parentPath.getParentPath(),
              edits,
              state,
              source));
      return toFix(fix, edits, source);
    }

    edits.add(new Edit(start(creation), end(creation, state), accessorCall));
    Set<Tree> handled = new HashSet<>();
    for (Tree close : closes) {
      if (handled.contains(close)) {
        continue;
      }
      Optional<TreePath> finallyOf = finallyOwning(close, state);
      if (finallyOf.isPresent()) {
        TryTree tryTree = (TryTree) finallyOf.get().getLeaf();
        List<? extends StatementTree> finallyStatements = tryTree.getFinallyBlock().getStatements();
        if (closes.containsAll(finallyStatements)) {
          handled.addAll(finallyStatements);
          finallyStatements.forEach(statement -> edits.add(deletion(statement, state, source)));
          edits.add(dropFinally(tryTree, finallyOf.get(), edits, state, source));
          continue;
        }
      }
      edits.add(deletion(close, state, source));
    }
    return toFix(fix, edits, source);
  }

  /** Requires that every use of {@code variable} lies in this compilation unit. */
  private static void requireContained(Symbol variable, TreePath declarationPath) throws Unsafe {
    if (variable == null) {
      throw new Unsafe("the variable that holds the client cannot be resolved");
    }
    if (variable.getKind() == ElementKind.LOCAL_VARIABLE
        || variable.getKind() == ElementKind.RESOURCE_VARIABLE
        // A private field is visible in its top-level class, and nowhere else.
        || (variable.getKind() == ElementKind.FIELD
            && variable.getModifiers().contains(Modifier.PRIVATE))) {
      return;
    }
    throw new Unsafe(
        "the client is stored in " + variable.getSimpleName()
            + ", which other classes can reach and may close");
  }

  /**
   * Checks that {@code variable} is only called, compared with {@code null}, closed, and assigned
   * {@code null} or this creation; returns the statements that close it, which the fix removes.
   */
  private static List<Tree> checkUses(
      Symbol variable, MethodInvocationTree creation, VisitorState state)
      throws Unsafe {
    List<TreePath> uses = new ArrayList<>();
    boolean[] otherValue = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) == variable) {
          uses.add(getCurrentPath());
        }
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) == variable) {
          uses.add(getCurrentPath());
          return null;
        }
        return super.visitMemberSelect(tree, null);
      }

      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) == variable
            && tree.getInitializer() != null
            && tree.getInitializer() != creation
            && !isNullLiteral(tree.getInitializer())) {
          otherValue[0] = true;
        }
        return super.visitVariable(tree, null);
      }
    }.scan(new TreePath(state.getPath().getCompilationUnit()), null);
    if (otherValue[0]) {
      throw new Unsafe(variable.getSimpleName() + " is also given another value");
    }
    List<Tree> closes = new ArrayList<>();
    for (TreePath use : uses) {
      TreePath parentPath = skipParentheses(use.getParentPath());
      Tree parent = parentPath.getLeaf();
      Tree usage = skipParenthesesDown(use);
      if (parent instanceof MemberSelectTree select
          && parentPath.getParentPath().getLeaf() instanceof MethodInvocationTree) {
        if (select.getIdentifier().contentEquals("close")) {
          closes.add(closeStatement(variable, parentPath.getParentPath()));
        }
        continue;
      }
      if (parent instanceof BinaryTree binary
          && (binary.getKind() == Tree.Kind.EQUAL_TO || binary.getKind() == Tree.Kind.NOT_EQUAL_TO)
          && (isNullLiteral(binary.getLeftOperand()) || isNullLiteral(binary.getRightOperand()))) {
        continue;
      }
      if (parent instanceof AssignmentTree assignment && assignment.getVariable() == usage) {
        ExpressionTree value = ASTHelpers.stripParentheses(assignment.getExpression());
        if (value == creation || isNullLiteral(value)) {
          continue;
        }
        throw new Unsafe(variable.getSimpleName() + " is also given another value");
      }
      throw new Unsafe(
          "the client in " + variable.getSimpleName()
              + " is handed on (returned, passed or stored), and the code that receives it may"
              + " close it");
    }
    Set<Tree> unique = new LinkedHashSet<>(closes);
    return new ArrayList<>(unique);
  }

  /**
   * The statement to remove for {@code variable.close()} at {@code callPath}: the expression
   * statement, or an {@code if (variable != null)} that does nothing else.
   */
  private static Tree closeStatement(Symbol variable, TreePath callPath) throws Unsafe {
    TreePath statementPath = callPath.getParentPath();
    if (!(statementPath.getLeaf() instanceof ExpressionStatementTree statement)) {
      throw new Unsafe("the client is closed inside an expression");
    }
    TreePath enclosing = statementPath.getParentPath();
    Tree removed = statement;
    if (enclosing.getLeaf() instanceof BlockTree block
        && block.getStatements().size() == 1
        && enclosing.getParentPath().getLeaf() instanceof IfTree) {
      removed = block;
      enclosing = enclosing.getParentPath();
    }
    if (enclosing.getLeaf() instanceof IfTree ifTree) {
      if (ifTree.getThenStatement() != removed
          || ifTree.getElseStatement() != null
          || !isNotNullCheck(ifTree.getCondition(), variable)
          || !(enclosing.getParentPath().getLeaf() instanceof BlockTree)) {
        throw new Unsafe("the client is closed under a condition");
      }
      return ifTree;
    }
    if (!(enclosing.getLeaf() instanceof BlockTree) || removed != statement) {
      throw new Unsafe("the client is closed outside a block");
    }
    return statement;
  }

  private static boolean isNotNullCheck(ExpressionTree condition, Symbol variable) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(condition);
    if (!(stripped instanceof BinaryTree binary) || binary.getKind() != Tree.Kind.NOT_EQUAL_TO) {
      return false;
    }
    ExpressionTree left = ASTHelpers.stripParentheses(binary.getLeftOperand());
    ExpressionTree right = ASTHelpers.stripParentheses(binary.getRightOperand());
    return (isNullLiteral(right) && ASTHelpers.getSymbol(left) == variable)
        || (isNullLiteral(left) && ASTHelpers.getSymbol(right) == variable);
  }

  private static boolean isNullLiteral(ExpressionTree tree) {
    return ASTHelpers.stripParentheses(tree).getKind() == Tree.Kind.NULL_LITERAL;
  }

  /** The try statement whose finally block directly holds {@code statement}, if any. */
  private static Optional<TreePath> finallyOwning(Tree statement, VisitorState state) {
    TreePath[] found = {null};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitTry(TryTree tree, Void unused) {
        if (tree.getFinallyBlock() != null
            && tree.getFinallyBlock().getStatements().contains(statement)) {
          found[0] = getCurrentPath();
        }
        return super.visitTry(tree, null);
      }
    }.scan(new TreePath(state.getPath().getCompilationUnit()), null);
    return Optional.ofNullable(found[0]);
  }

  /**
   * Removes a {@code finally} that did nothing but close the client: the clause alone when the
   * {@code try} keeps catch clauses or resources, otherwise the whole {@code try}, leaving its
   * statements.
   */
  private static Edit dropFinally(
      TryTree tryTree,
      TreePath tryPath,
      List<Edit> edits,
      VisitorState state,
      CharSequence source) {
    if (!tryTree.getCatches().isEmpty() || !tryTree.getResources().isEmpty()) {
      Tree before =
          tryTree.getCatches().isEmpty()
              ? tryTree.getBlock()
              : tryTree.getCatches().get(tryTree.getCatches().size() - 1);
      int from = end(before, state);
      int to = end(tryTree.getFinallyBlock(), state);
      consume(edits, from, to);
      return new Edit(from, to, "");
    }
    return unwrap(tryTree, tryPath, "", edits, state, source);
  }

  /**
   * Replaces {@code try (Client c = create(uri); ...) body} by a declaration of {@code c} from the
   * accessor, keeping everything else.
   */
  private static Edit replaceTryWithResources(
      TryTree tryTree,
      VariableTree resource,
      String accessorCall,
      TreePath tryPath,
      List<Edit> edits,
      VisitorState state,
      CharSequence source)
      throws Unsafe {
    String declaration =
        source.subSequence(start(resource), start(resource.getInitializer())) + accessorCall + ";";
    List<? extends Tree> resources = tryTree.getResources();
    boolean plain = tryTree.getCatches().isEmpty() && tryTree.getFinallyBlock() == null;
    if (resources.size() == 1) {
      if (plain) {
        return unwrap(tryTree, tryPath, declaration, edits, state, source);
      }
      // try { Client c = accessor(); body } catch ...: the catch clauses still cover the body.
      BlockTree block = tryTree.getBlock();
      int from = start(tryTree);
      int to = start(block) + 1;
      return new Edit(from, to, "try {" + lineBreak(block, source) + declaration);
    }
    if (resources.get(0) != resource || !plain) {
      throw new Unsafe(
          "the client is one of several resources of a try statement with catch or finally"
              + " clauses, or not its first");
    }
    if (declaresNameUsedLater(tryPath, Set.of(resource.getName().toString()))) {
      throw new Unsafe(resource.getName() + " is declared again after the try statement");
    }
    // Client c = accessor(); try (Rest r = ...) body
    int from = start(tryTree);
    int to = start(resources.get(1));
    int open = source.toString().indexOf('(', from);
    return new Edit(
        from,
        to,
        declaration + "\n" + indentation(from, source) + source.subSequence(from, open + 1));
  }

  /**
   * Replaces {@code tryTree} by {@code declaration} followed by the statements of its block: as
   * plain statements of the enclosing block when nothing there is named like them, otherwise as a
   * nested block.
   */
  private static Edit unwrap(
      TryTree tryTree,
      TreePath tryPath,
      String declaration,
      List<Edit> edits,
      VisitorState state,
      CharSequence source) {
    BlockTree block = tryTree.getBlock();
    int from = start(tryTree);
    int to = end(tryTree, state);
    Set<String> declared = new HashSet<>();
    if (!declaration.isEmpty()) {
      tryTree.getResources().stream()
          .filter(VariableTree.class::isInstance)
          .forEach(resource -> declared.add(((VariableTree) resource).getName().toString()));
    }
    for (StatementTree statement : block.getStatements()) {
      if (statement instanceof VariableTree variable) {
        declared.add(variable.getName().toString());
      } else if (statement instanceof ClassTree classTree) {
        declared.add(classTree.getSimpleName().toString());
      }
    }
    boolean flatten =
        tryPath.getParentPath().getLeaf() instanceof BlockTree
            && !declaresNameUsedLater(tryPath, declared);
    String indent = indentation(from, source);
    String body = "";
    List<? extends StatementTree> statements = block.getStatements();
    if (!statements.isEmpty()) {
      int first = start(statements.get(0));
      int last = end(statements.get(statements.size() - 1), state);
      body = applyWithin(edits, first, last, source);
      if (flatten) {
        body = dedent(body, indentation(first, source).length() - indent.length());
      }
    }
    if (flatten) {
      if (declaration.isEmpty() && body.isEmpty()) {
        consume(edits, from, to);
        Edit line = deletion(tryTree, state, source);
        return line;
      }
      String text =
          declaration.isEmpty()
              ? body
              : declaration + (body.isEmpty() ? "" : "\n" + indent + body);
      consume(edits, from, to);
      return new Edit(from, to, text);
    }
    // A nested block keeps the scope of the try block.
    String inner =
        statements.isEmpty() ? indent + "  " : indentation(start(statements.get(0)), source);
    String text =
        "{"
            + (declaration.isEmpty() ? "" : "\n" + inner + declaration)
            + (body.isEmpty() ? "" : "\n" + inner + body)
            + "\n"
            + indent
            + "}";
    consume(edits, from, to);
    return new Edit(from, to, text);
  }

  /**
   * Whether a statement after the try statement at {@code tryPath}, in the block that holds it,
   * names one of {@code names}: moving a declaration out of the try block would then clash with
   * it or change what it refers to.
   */
  private static boolean declaresNameUsedLater(TreePath tryPath, Set<String> names) {
    if (names.isEmpty()) {
      return false;
    }
    if (!(tryPath.getParentPath().getLeaf() instanceof BlockTree block)) {
      return true;
    }
    boolean[] found = {false};
    boolean after = false;
    TreePathScanner<Void, Void> scanner =
        new TreePathScanner<>() {
          @Override
          public Void visitIdentifier(IdentifierTree tree, Void unused) {
            found[0] |= names.contains(tree.getName().toString());
            return null;
          }

          @Override
          public Void visitVariable(VariableTree tree, Void unused) {
            found[0] |= names.contains(tree.getName().toString());
            return super.visitVariable(tree, null);
          }

          @Override
          public Void visitClass(ClassTree tree, Void unused) {
            found[0] |= names.contains(tree.getSimpleName().toString());
            return super.visitClass(tree, null);
          }
        };
    for (StatementTree statement : block.getStatements()) {
      if (after) {
        scanner.scan(new TreePath(tryPath.getParentPath(), statement), null);
      }
      after |= statement == tryPath.getLeaf();
    }
    return found[0];
  }

  /** The text of {@code [from, to)} with the edits inside it applied; those edits are consumed. */
  private static String applyWithin(List<Edit> edits, int from, int to, CharSequence source) {
    StringBuilder text = new StringBuilder(source.subSequence(from, to));
    List<Edit> inside = new ArrayList<>();
    for (Edit edit : edits) {
      if (edit.start() >= from && edit.end() <= to) {
        inside.add(edit);
      }
    }
    inside.sort(Comparator.comparingInt(Edit::start).reversed());
    for (Edit edit : inside) {
      text.replace(edit.start() - from, edit.end() - from, edit.replacement());
    }
    edits.removeAll(inside);
    return text.toString();
  }

  private static void consume(List<Edit> edits, int from, int to) {
    edits.removeIf(edit -> edit.start() >= from && edit.end() <= to);
  }

  /** Removes up to {@code width} leading blanks from every line but the first. */
  private static String dedent(String text, int width) {
    if (width <= 0) {
      return text;
    }
    String[] lines = text.split("\n", -1);
    StringBuilder result = new StringBuilder(lines[0]);
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      int strip = 0;
      while (strip < width && strip < line.length() && isBlank(line.charAt(strip))) {
        strip++;
      }
      result.append('\n').append(line.substring(strip));
    }
    return result.toString();
  }

  /** Deletes {@code tree}, with its whole line when nothing else stands on it. */
  private static Edit deletion(Tree tree, VisitorState state, CharSequence source) {
    int from = start(tree);
    int to = end(tree, state);
    int lineStart = from;
    while (lineStart > 0 && isBlank(source.charAt(lineStart - 1))) {
      lineStart--;
    }
    int lineEnd = to;
    while (lineEnd < source.length() && isBlank(source.charAt(lineEnd))) {
      lineEnd++;
    }
    boolean startsLine = lineStart == 0 || source.charAt(lineStart - 1) == '\n';
    boolean endsLine = lineEnd == source.length() || source.charAt(lineEnd) == '\n';
    if (startsLine && endsLine) {
      return new Edit(lineStart, Math.min(lineEnd + 1, source.length()), "");
    }
    return new Edit(from, to, "");
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
  }

  /** The blanks that open the line of {@code position}, if only blanks precede it there. */
  private static String indentation(int position, CharSequence source) {
    int lineStart = position;
    while (lineStart > 0 && source.charAt(lineStart - 1) != '\n') {
      lineStart--;
    }
    for (int i = lineStart; i < position; i++) {
      if (!isBlank(source.charAt(i))) {
        return "";
      }
    }
    return source.subSequence(lineStart, position).toString();
  }

  /** A line break and the indentation of the first statement of {@code block}. */
  private static String lineBreak(BlockTree block, CharSequence source) {
    if (block.getStatements().isEmpty()) {
      return " ";
    }
    return "\n" + indentation(start(block.getStatements().get(0)), source);
  }

  private static SuggestedFix toFix(
      SuggestedFix.Builder fix, List<Edit> edits, CharSequence source) {
    for (Edit edit : edits) {
      fix.replace(edit.start(), edit.end(), edit.replacement());
    }
    return fix.build();
  }

  private static TreePath skipParentheses(TreePath path) {
    while (path.getLeaf() instanceof ParenthesizedTree) {
      path = path.getParentPath();
    }
    return path;
  }

  private static Tree skipParenthesesDown(TreePath use) {
    TreePath path = use;
    while (path.getParentPath().getLeaf() instanceof ParenthesizedTree) {
      path = path.getParentPath();
    }
    return path.getLeaf();
  }

  private static int start(Tree tree) {
    return ASTHelpers.getStartPosition(tree);
  }

  private static int end(Tree tree, VisitorState state) {
    return state.getEndPosition(tree);
  }
}
