package io.github.mongoguard.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;
import static java.util.stream.Collectors.joining;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.StandardTags;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.ClassTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.CompilationUnitTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MemberReferenceTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.NewClassTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import io.github.mongoguard.checks.MongoDriver.ClientKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeKind;
import org.jspecify.annotations.Nullable;

/** A {@link BugChecker} that flags MongoDB clients that nobody closes. */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "Close every MongoDB client you create, or hand it to an owner that closes it",
    severity = ERROR,
    tags = StandardTags.LIKELY_ERROR,
    linkType = CUSTOM,
    link = Documentation.CHECKS_BASE_URL + "UnclosedMongoClient.md")
public final class UnclosedMongoClient extends BugChecker
    implements ClassTreeMatcher,
        CompilationUnitTreeMatcher,
        MethodInvocationTreeMatcher,
        NewClassTreeMatcher,
        MemberReferenceTreeMatcher {
  private static final long serialVersionUID = 1L;

  private static final String COST =
      " An unclosed client keeps its connection pool, its monitoring connections and their threads"
          + " until the process exits.";

  private final MongoGuardFlags flags;

  /** Instantiates a new {@link UnclosedMongoClient} without flags. */
  public UnclosedMongoClient() {
    this(ErrorProneFlags.empty());
  }

  /**
   * Instantiates a new {@link UnclosedMongoClient}.
   *
   * @param flags Any provided command line flags.
   */
  @Inject
  UnclosedMongoClient(ErrorProneFlags flags) {
    this.flags = MongoGuardFlags.parse(flags);
  }

  @Override
  public Description matchCompilationUnit(CompilationUnitTree tree, VisitorState state) {
    return flags.reportProblemsOnce(this, tree, state);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    return matchCreation(tree, state);
  }

  @Override
  public Description matchNewClass(NewClassTree tree, VisitorState state) {
    return matchCreation(tree, state);
  }

  /**
   * A method reference to a creation hands the client to whoever calls the functional interface,
   * unless that interface returns nothing ({@code uris.forEach(MongoClients::create)}): then every
   * call discards a client.
   */
  @Override
  public Description matchMemberReference(MemberReferenceTree tree, VisitorState state) {
    if (!MongoDriver.mayCreateClient(state)) {
      return Description.NO_MATCH;
    }
    Optional<ClientKind> kind = MongoDriver.createdClient(tree, state);
    if (kind.isEmpty()) {
      return Description.NO_MATCH;
    }
    Type descriptor;
    try {
      descriptor = state.getTypes().findDescriptorType(ASTHelpers.getType(tree));
    } catch (RuntimeException unexpected) {
      return Description.NO_MATCH;
    }
    if (descriptor == null || descriptor.getReturnType().getKind() != TypeKind.VOID) {
      return Description.NO_MATCH;
    }
    return report(
        tree,
        kind.get().creation()
            + " (as a method reference to a functional interface that returns nothing) creates a "
            + kind.get().description()
            + " on every call and discards it, so nothing can ever close it."
            + COST
            + " Create the client in a lambda that closes it (try-with-resources), or use the"
            + " shared client of the connection module.");
  }

  private Description matchCreation(ExpressionTree tree, VisitorState state) {
    if (!MongoDriver.mayCreateClient(state)
        || !FreshClients.isCreation(tree, state)
        || Lifecycle.inStaticInitializer(state.getPath())) {
      return Description.NO_MATCH;
    }
    String created = describeCreation(tree, state);
    ValueFlow flow = ValueFlow.of(state.getPath());
    if (flow.kind() == ValueFlow.Kind.INSTANCE_FIELD
        || flow.kind() == ValueFlow.Kind.STATIC_FIELD) {
      // A client stored right away in a field: the owner of the field answers for it, checked once
      // per class in matchClass.
      return Description.NO_MATCH;
    }
    TreePath code = ClientObligations.enclosingCode(state.getPath());
    if (code == null) {
      return matchInitializer(tree, created, flow, state);
    }
    if (Frameworks.isExpectedToThrow(code)) {
      // assertThrows(..., () -> factory.create(bad)): the client exists only if the test fails.
      return Description.NO_MATCH;
    }
    Optional<ClientObligations.Leak> leak = ClientObligations.leakOf(state.getPath(), state);
    if (leak.isEmpty()
        || (leak.get().reason() == ClientObligations.Reason.EXCEPTION && isMain(code))) {
      // An exception that leaves main ends the program, and the client with it.
      return Description.NO_MATCH;
    }
    if (!leak.get().closes().isEmpty() && createdWhenEmpty(tree, state)) {
      // A value that is the new client only on some paths, closed on some: the close is likely
      // guarded by a test of which one it is (client != cached), which the analysis cannot see.
      return Description.NO_MATCH;
    }
    return describeLeak(tree, created, leak.get(), code, state);
  }

  private static boolean isMain(TreePath code) {
    if (!(code.getLeaf() instanceof MethodTree method)) {
      return false;
    }
    MethodSymbol symbol = ASTHelpers.getSymbol(method);
    return symbol != null
        && symbol.isStatic()
        && symbol.getSimpleName().contentEquals("main")
        && symbol.getReturnType().getKind() == TypeKind.VOID
        && symbol.getParameters().size() == 1;
  }

  private static String describeCreation(ExpressionTree tree, VisitorState state) {
    Optional<ClientKind> kind = MongoDriver.createdClient(tree, state);
    if (kind.isPresent()) {
      return kind.get().creation() + " creates a " + kind.get().description();
    }
    Type type = ASTHelpers.getType(tree);
    String client =
        MongoDriver.clientKind(type, state).map(ClientKind::description).orElse("MongoDB client");
    if (tree instanceof NewClassTree newClass
        && type != null
        && OwnedFields.wrapperKind(type.tsym, state) == OwnedFields.Wrapper.CREATES) {
      String name = state.getSourceForNode(newClass.getIdentifier());
      return "new "
          + name
          + " creates a "
          + name
          + ", which opens a MongoDB client of its own and closes it only in its close(),";
    }
    if (tree instanceof NewClassTree) {
      return "new "
          + state.getSourceForNode(((NewClassTree) tree).getIdentifier())
          + " creates a "
          + client;
    }
    Symbol method = ASTHelpers.getSymbol(tree);
    if (tree instanceof MethodInvocationTree
        && method instanceof MethodSymbol factory
        && !MongoDriver.isClientType(type, state)
        && FreshClients.returnsFreshOwner(factory, state)) {
      String name = factory.getReturnType().tsym.getSimpleName().toString();
      return factory.getSimpleName()
          + "() returns a new "
          + name
          + ", which opens a MongoDB client of its own and closes it only in its close(),";
    }
    if (method instanceof MethodSymbol step && createdWhenEmpty(tree, state)) {
      return step.getSimpleName()
          + "() returns, when the Optional is empty, a new "
          + client
          + " that its function creates,";
    }
    if (method instanceof MethodSymbol step
        && OwnershipSummaries.functionStep(step) != OwnershipSummaries.FunctionStep.NONE
        && !MongoDriver.isClientType(type, state)) {
      // A pipeline step: its result (an Optional, a future) holds the client its function creates.
      String held =
          type == null || type.getTypeArguments().isEmpty()
              ? "MongoDB client"
              : MongoDriver.clientKind(type.getTypeArguments().get(0), state)
                  .map(ClientKind::description)
                  .orElse("MongoDB client");
      return step.getSimpleName() + "() yields a new " + held + " that its function creates";
    }
    if (FreshClients.isOptionalOfClient(type, state)) {
      return (method == null ? "This call" : method.getSimpleName() + "()")
          + " returns an Optional that holds a new "
          + MongoDriver.clientKind(type.getTypeArguments().get(0), state)
              .map(ClientKind::description)
              .orElse("MongoDB client")
          + " (or nothing),";
    }
    return (method == null ? "This call" : method.getSimpleName() + "()")
        + " returns a new "
        + client;
  }


  /** A creation in a field initializer or an initializer block, outside any method. */
  private Description matchInitializer(
      ExpressionTree tree, String created, ValueFlow flow, VisitorState state) {
    if (flow.kind() == ValueFlow.Kind.DISCARDED) {
      return report(tree, created + DISCARDED);
    }
    if (flow.kind() != ValueFlow.Kind.CHAINED || closedAtOnce(state.getPath())) {
      return Description.NO_MATCH;
    }
    ValueFlow result = ValueFlow.of(flow.where());
    VarSymbol field = result.variable();
    if (result.kind() == ValueFlow.Kind.STATIC_FIELD
        || (result.kind() == ValueFlow.Kind.INSTANCE_FIELD
            && field != null
            && field.owner instanceof ClassSymbol owner
            && Frameworks.isProcessLived(owner, state))) {
      return Description.NO_MATCH;
    }
    return report(tree, created + CHAIN);
  }

  private static final String DISCARDED =
      " and discards it, so nothing can ever close it."
          + COST
          + " Keep the client in a variable and close it (try-with-resources), or use the"
          + " shared client of the connection module.";

  private static final String DISCARDED_OPTIONAL =
      " and discards it, so nothing can ever close the client it holds."
          + COST
          + " Close the client it holds (ifPresent(MongoClient::close)) when the call is made only"
          + " for its outcome, or keep it and close it when done.";

  private static final String CHAIN =
      " and uses it only in a call chain, so nothing keeps a reference to close it."
          + COST
          + " Keep the client in a variable and close it (try-with-resources), store the chain's"
          + " result in a static field if the client must live as long as the process, or use"
          + " the shared client of the connection module.";

  private Description report(ExpressionTree tree, String message) {
    return buildDescription(tree).setMessage(message).build();
  }

  /** Whether the first call on the created client is its {@code close()}. */
  private static boolean closedAtOnce(TreePath creation) {
    TreePath call = firstCall(creation);
    return call != null && Lifecycle.isCloseCall(call.getLeaf());
  }

  /**
   * The method call whose receiver is the expression at {@code path} (through parentheses and
   * casts), or null.
   */
  private static @Nullable TreePath firstCall(TreePath path) {
    TreePath current = path.getParentPath();
    while (current != null
        && (current.getLeaf() instanceof ParenthesizedTree
            || current.getLeaf() instanceof TypeCastTree)) {
      current = current.getParentPath();
    }
    return current != null && current.getParentPath() != null ? current.getParentPath() : null;
  }

  // Leaks from methods and lambdas -------------------------------------------------------------

  private Description describeLeak(
      ExpressionTree tree,
      String created,
      ClientObligations.Leak leak,
      TreePath code,
      VisitorState state) {
    String local = leak.local();
    String kept =
        local == null ? "" : String.format(" and keeps it in the local variable %s", local);
    if (leak.wrapper() != null) {
      kept =
          String.format(
                  " and hands it to %s, which owns it and closes it in its close()", leak.wrapper())
              + (local == null ? "" : String.format(", kept in the local variable %s", local));
    }
    String closedElsewhere = closedAt(leak, state);
    switch (leak.reason()) {
      case DISCARDED:
        return report(
            tree,
            created
                + (FreshClients.isOptionalOfClient(ASTHelpers.getType(tree), state)
                    ? DISCARDED_OPTIONAL
                    : DISCARDED));
      case CHAIN:
        return report(tree, created + CHAIN);
      case PROVIDER:
        {
          MethodSymbol provider =
              code.getLeaf() instanceof MethodTree method ? ASTHelpers.getSymbol(method) : null;
          return report(
              tree,
              created
                  + String.format(
                      " in the provider %s() but returns only an object made from it: the"
                          + " container manages (and closes) what the provider returns, not the"
                          + " client behind it.",
                      provider == null ? "" : provider.getSimpleName())
                  + COST
                  + " Provide the client itself as its own bean and inject it where the database"
                  + " or collection is built.");
        }
      case DERIVED_FIELD:
        {
          Symbol field = leak.field();
          return report(
              tree,
              created
                  + String.format(
                      " and uses it only in a call chain whose result is kept in the instance"
                          + " field %s of %s, which does not live as long as the process, so"
                          + " nothing keeps a reference to close the client.",
                      field == null ? "?" : field.getSimpleName(),
                      field == null ? "?" : field.owner.getSimpleName())
                  + COST
                  + " Keep the client itself in the field and close it with its owner, or use"
                  + " the shared client of the connection module.");
        }
      case OVERWRITTEN:
        return report(
            tree,
            created
                + String.format(
                    " and assigns it to the local variable %s, which gets another value at line %s"
                        + " while the client is still open: that client is never closed.",
                    local == null ? "?" : local, line(leak.where(), state))
                + COST
                + " Close the client before the variable is reassigned (try-with-resources inside"
                + " the loop), or create it once.");
      case LOST:
        return report(
            tree,
            created
                + kept
                + " and hands it only to code that neither closes nor keeps it, so nothing can"
                + " close it afterwards."
                + COST
                + " Keep the client in a variable and close it (try-with-resources), or use the"
                + " shared client of the connection module.");
      case COLLECTED:
        {
          String collection = leak.field() == null ? "?" : leak.field().getSimpleName().toString();
          boolean collected = collection.equals(local);
          return report(
              tree,
              created
                  + (collected ? "" : kept)
                  + String.format(
                      (collected
                              ? " and collects it into the collection in the local variable %s,"
                              : " and adds it to the collection in the local variable %s,")
                          + " which the method"
                          + " %s without closing its clients or handing the collection on, so"
                          + " nothing can close them afterwards.",
                      collection,
                      leak.where() == null
                          ? "drops at its end"
                          : "drops when it returns at line " + line(leak.where(), state))
                  + COST
                  + String.format(
                      " Close them before the collection goes (%s.forEach(MongoClient::close) in a"
                          + " finally block), or hand the collection to an owner that closes them.",
                      collection));
        }
      case STORED_IN_FIELD:
        return storedInField(tree, created, kept, leak, state);
      case EXCEPTION:
      case RETURN:
      case END:
        return describeExit(tree, created, kept, closedElsewhere, leak, state);
    }
    return Description.NO_MATCH;
  }

  /**
   * A client that a method stores in an instance field: the field's owner answers for it. This is
   * the one place where the analysis of a method hands over to the judgement of owned fields.
   */
  private Description storedInField(
      ExpressionTree tree,
      String created,
      String kept,
      ClientObligations.Leak leak,
      VisitorState state) {
    if (!(leak.field() instanceof VarSymbol field)
        || !(field.owner instanceof ClassSymbol owner)
        || MongoDriver.createdClient(tree, state).isEmpty()) {
      return Description.NO_MATCH;
    }
    return fieldOwnerProblem(field, owner, state)
        .map(
            problem ->
                report(
                    tree,
                    created + kept + problem.replaceFirst("^ and", ",") + COST + FIELD_ADVICE))
        .orElse(Description.NO_MATCH);
  }

  private Description describeExit(
      ExpressionTree tree,
      String created,
      String kept,
      String closedElsewhere,
      ClientObligations.Leak leak,
      VisitorState state) {
    String path;
    Tree where = leak.where();
    ClientObligations.Reason reason = leak.reason();
    if (reason == ClientObligations.Reason.END) {
      // A return without a value has no node of its own: name the first one after the creation.
      Tree early = voidReturnAfter(tree, state);
      if (early != null) {
        reason = ClientObligations.Reason.RETURN;
        where = early;
      }
    }
    if (reason == ClientObligations.Reason.EXCEPTION) {
      String thrower = where == null ? "a call" : callName(where, state);
      path =
          leak.closes().isEmpty()
              ? String.format(
                  ": the exception %s at line %s can throw leaves the method with the client"
                      + " open, and no path closes it.",
                  thrower, line(where, state))
              : closesFollow(where, leak)
                  ? String.format(
                      ", which is closed only on the normal path or in some branches: the exception"
                          + " %s at line %s can throw skips the close() at %s.",
                      thrower, line(where, state), closedElsewhere)
                  : String.format(
                      ", which is closed only in some branches: on a path where it is still open,"
                          + " the exception %s at line %s can throw leaves the method (closed at %s"
                          + " on other paths).",
                      thrower, line(where, state), closedElsewhere);
    } else if (reason == ClientObligations.Reason.RETURN) {
      path =
          leak.closes().isEmpty()
              ? String.format(
                  ", which is never closed: the method returns at line %s" + " without closing it.",
                  line(where, state))
              : String.format(
                  ", which is closed only in some branches: the method returns at line %s"
                      + " without closing it (closed at %s).",
                  line(where, state), closedElsewhere);
    } else {
      path =
          leak.closes().isEmpty()
              ? ", which is never closed."
              : String.format(
                  ", which is closed only on the normal path or in some branches: another branch"
                      + " reaches the end of the method without closing it (closed at %s).",
                  closedElsewhere);
    }
    if (kept.isEmpty()) {
      kept = " and never closes it";
      if (path.startsWith(", which is never closed")) {
        path = path.substring(", which is never closed".length());
        path = path.isEmpty() || path.equals(".") ? "." : path;
      } else if (path.startsWith(", which")) {
        path = path.replaceFirst(", which is", ": it is");
      }
    }
    if (createdWhenEmpty(tree, state)) {
      // The value may also be a client someone else holds: closing it always is no fix.
      return report(
          tree,
          created
              + kept
              + path
              + COST
              + " Keep the new client where the Optional's value comes from (the cache), or close"
              + " it in a finally block when it is the new one.");
    }
    Optional<SuggestedFix> fix;
    try {
      fix = leak.wrapper() != null ? Optional.empty() : tryWithResourcesFix(tree, leak, state);
    } catch (RuntimeException unexpected) {
      // A code shape the rewrite does not know: report without a fix rather than crash javac.
      fix = Optional.empty();
    }
    String message =
        created
            + kept
            + path
            + COST
            + (fix.isPresent()
                ? " Declare it in try-with-resources, as the suggested fix does."
                : FreshClients.isOptionalOfClient(ASTHelpers.getType(tree), state)
                        && !(state.getPath().getParentPath().getLeaf() instanceof MemberSelectTree)
                    ? " Close the client it holds in a finally block"
                        + " (ifPresent(MongoClient::close)), or hand the Optional on."
                    : " Declare it in try-with-resources, or close it in a finally block.");
    Description.Builder description = buildDescription(tree).setMessage(message);
    fix.ifPresent(description::addFix);
    return Findings.withFixes(description.build(), state);
  }

  /** Whether {@code tree} is an {@code orElseGet} that creates a client only when it is empty. */
  private static boolean createdWhenEmpty(ExpressionTree tree, VisitorState state) {
    return ASTHelpers.getSymbol(tree) instanceof MethodSymbol step
        && OwnershipSummaries.functionStep(step) == OwnershipSummaries.FunctionStep.WHEN_EMPTY
        && !FreshClients.isFresh(tree, state);
  }

  private static @Nullable Tree voidReturnAfter(ExpressionTree creation, VisitorState state) {
    TreePath code = ClientObligations.enclosingCode(state.getPath());
    if (code == null) {
      return null;
    }
    int start = ASTHelpers.getStartPosition(creation);
    Tree[] found = {null};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitReturn(com.sun.source.tree.ReturnTree tree, Void unused) {
        if (found[0] == null
            && tree.getExpression() == null
            && ASTHelpers.getStartPosition(tree) > start) {
          found[0] = tree;
        }
        return null;
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
        return tree == code.getLeaf() ? super.visitLambdaExpression(tree, null) : null;
      }

      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        return null;
      }
    }.scan(code.getLeaf(), null);
    return found[0];
  }

  private static String closedAt(ClientObligations.Leak leak, VisitorState state) {
    return leak.closes().stream()
        .map(close -> line(close, state))
        .distinct()
        .sorted()
        .map(line -> "line " + line)
        .collect(joining(", "));
  }

  /**
   * Whether a close lies after the call that throws, so that the exception skips it; otherwise the
   * closes are on other branches only, and the exception leaves the method after them.
   */
  private static boolean closesFollow(@Nullable Tree where, ClientObligations.Leak leak) {
    if (where == null) {
      return true;
    }
    int thrown = ASTHelpers.getStartPosition(where);
    return leak.closes().stream().anyMatch(close -> ASTHelpers.getStartPosition(close) > thrown);
  }

  private static String callName(Tree where, VisitorState state) {
    if (where instanceof MethodInvocationTree || where instanceof NewClassTree) {
      Symbol symbol = ASTHelpers.getSymbol(where);
      if (symbol != null) {
        return "that "
            + (symbol.isConstructor()
                ? "new " + symbol.owner.getSimpleName()
                : symbol.getSimpleName())
            + "()";
      }
    }
    return where.getKind() == Tree.Kind.THROW ? "thrown" : "that a call";
  }

  private static long line(@Nullable Tree tree, VisitorState state) {
    if (tree == null) {
      return 0;
    }
    int position = ASTHelpers.getStartPosition(tree);
    return position < 0
        ? 0
        : state.getPath().getCompilationUnit().getLineMap().getLineNumber(position);
  }

  // The try-with-resources fix -----------------------------------------------------------------

  /**
   * The try-with-resources rewrite of a local declared with the creation as its initializer, when
   * it keeps behaviour: the declaration is a statement of a block, the variable is a client type
   * and never reassigned, every {@code close()} of it is a statement of that same block, and
   * neither the client nor anything derived from it (a database, a collection, a cursor, a session)
   * is returned, stored, captured or handed to code that may keep it.
   */
  private Optional<SuggestedFix> tryWithResourcesFix(
      ExpressionTree creation, ClientObligations.Leak leak, VisitorState state) {
    TreePath where = state.getPath().getParentPath();
    if (!(where.getLeaf() instanceof VariableTree declaration)
        || declaration.getInitializer() != creation
        || !(where.getParentPath().getLeaf() instanceof BlockTree block)
        || migrationFixApplies(creation, state)) {
      return Optional.empty();
    }
    VarSymbol variable = ASTHelpers.getSymbol(declaration);
    if (variable == null
        || variable.getKind() != ElementKind.LOCAL_VARIABLE
        || !MongoDriver.isClientType(variable.type, state)) {
      return Optional.empty();
    }
    TreePath code = ClientObligations.enclosingCode(where);
    if (code == null) {
      return Optional.empty();
    }
    Set<Symbol> derived = DerivedValues.of(variable, code, state);
    if (derived == null) {
      return Optional.empty();
    }
    List<TreePath> closes = new ArrayList<>();
    if (!closesAreStatements(variable, code, block, closes)) {
      return Optional.empty();
    }
    String source = state.getSourceForNode(declaration);
    if (source == null || !source.trim().endsWith(";")) {
      return Optional.empty();
    }
    List<? extends StatementTree> statements = block.getStatements();
    int start = statements.indexOf(declaration);
    int end = start;
    for (int i = start + 1; i < statements.size(); i++) {
      if (references(statements.get(i), Set.of(variable))) {
        end = i;
      }
    }
    Set<Symbol> declaredInside = new HashSet<>();
    for (int i = start + 1; i <= end; i++) {
      if (statements.get(i) instanceof VariableTree local) {
        declaredInside.add(ASTHelpers.getSymbol(local));
      } else if (statements.get(i) instanceof ClassTree local) {
        declaredInside.add(ASTHelpers.getSymbol(local));
      }
    }
    declaredInside.addAll(derived);
    for (int i = end + 1; i < statements.size(); i++) {
      if (references(statements.get(i), declaredInside)) {
        end = statements.size() - 1;
        break;
      }
    }
    if (endsWithJump(statements, start, end, block, code)) {
      return Optional.empty();
    }
    String resource = source.trim();
    resource = resource.substring(0, resource.length() - 1).trim();
    SuggestedFix.Builder fix = SuggestedFix.builder();
    if (end == start) {
      fix.replace(declaration, "try (" + resource + ") {}");
      return Optional.of(fix.build());
    }
    fix.replace(declaration, "try (" + resource + ") {");
    for (TreePath close : closes) {
      fix.delete(close.getLeaf());
    }
    fix.postfixWith(statements.get(end), "\n}");
    return Optional.of(fix.build());
  }

  /**
   * Whether a statement after the declaration leaves the enclosing code early in a way that the
   * wrapped block would change: never, since try-with-resources closes on every exit; kept as a
   * hook for shapes where the rewrite would move a label.
   */
  private static boolean endsWithJump(
      List<? extends StatementTree> statements,
      int start,
      int end,
      BlockTree block,
      TreePath code) {
    for (int i = start + 1; i <= end; i++) {
      if (statements.get(i) instanceof com.sun.source.tree.LabeledStatementTree) {
        return true;
      }
    }
    return false;
  }

  /** Whether the migration to the shared client rewrites this creation: its fix wins. */
  private boolean migrationFixApplies(ExpressionTree creation, VisitorState state) {
    Optional<ClientKind> kind = MongoDriver.createdClient(creation, state);
    return kind.isPresent()
        && !flags.connectionModule().encloses(state)
        && SharedClientMigration.migrate(creation, kind.get(), flags, state).fix().isPresent();
  }

  /**
   * Collects the {@code close()} calls of {@code variable} into {@code closes}; false when one of
   * them is not a statement of {@code block}, or the variable is reassigned.
   */
  private static boolean closesAreStatements(
      VarSymbol variable, TreePath code, BlockTree block, List<TreePath> closes) {
    boolean[] ok = {true};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
        if (ValueFlow.refersTo(Lifecycle.closeReceiver(invocation), variable)) {
          TreePath statement = getCurrentPath().getParentPath();
          if (statement.getParentPath().getLeaf() == block
              && Lifecycle.isCloseStatement(statement.getLeaf(), variable)) {
            closes.add(statement);
          } else {
            ok[0] = false;
          }
        }
        return super.visitMethodInvocation(invocation, null);
      }

      @Override
      public Void visitAssignment(AssignmentTree assignment, Void unused) {
        if (ASTHelpers.getSymbol(assignment.getVariable()) == variable) {
          ok[0] = false;
        }
        return super.visitAssignment(assignment, null);
      }
    }.scan(code, null);
    return ok[0];
  }

  private static boolean references(Tree tree, Set<Symbol> symbols) {
    Boolean found =
        new TreeScanner<Boolean, Void>() {
          @Override
          public Boolean visitIdentifier(IdentifierTree identifier, Void unused) {
            return symbols.contains(ASTHelpers.getSymbol(identifier));
          }

          @Override
          public Boolean reduce(Boolean left, Boolean right) {
            return Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right);
          }
        }.scan(tree, null);
    return Boolean.TRUE.equals(found);
  }

  // Fields -----------------------------------------------------------------------------------

  /** Each field that receives a client is checked once, in its class, by {@link OwnedFields}. */
  @Override
  public Description matchClass(ClassTree tree, VisitorState state) {
    for (OwnedFields.Leak leak : OwnedFields.leaks(tree, state)) {
      state.reportMatch(buildDescription(leak.at()).setMessage(leak.message()).build());
    }
    return Description.NO_MATCH;
  }

  private static final String FIELD_ADVICE = OwnedFields.FIELD_ADVICE;

  /**
   * Why a client in the instance {@code field} of {@code owner} leaks, or empty when the owner
   * closes it or lives as long as the process (or its source is not in this compilation).
   */
  static Optional<String> fieldOwnerProblem(
      VarSymbol field, ClassSymbol owner, VisitorState state) {
    return OwnedFields.ownerProblem(field, owner, state);
  }
}
