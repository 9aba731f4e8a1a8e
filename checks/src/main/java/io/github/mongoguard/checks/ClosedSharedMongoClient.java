package io.github.mongoguard.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.StandardTags;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.CompilationUnitTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MemberReferenceTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.TryTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.util.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.jspecify.annotations.Nullable;

/** A {@link BugChecker} that flags code outside the connection module closing its shared client. */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "Do not close a borrowed MongoDB client: the connection module's shared client or an"
            + " injected one",
    severity = ERROR,
    tags = StandardTags.LIKELY_ERROR,
    linkType = CUSTOM,
    link = Documentation.CHECKS_BASE_URL + "ClosedSharedMongoClient.md")
public final class ClosedSharedMongoClient extends BugChecker
    implements CompilationUnitTreeMatcher,
        MethodInvocationTreeMatcher,
        MemberReferenceTreeMatcher,
        TryTreeMatcher {
  private static final long serialVersionUID = 1L;

  private static final String MUST_BE_CLOSED = "com.google.errorprone.annotations.MustBeClosed";

  private static final Context.Key<Map<MethodSymbol, CloseHelper>> CLOSE_HELPERS =
      new Context.Key<>();

  private final MongoGuardFlags flags;

  /** Instantiates a new {@link ClosedSharedMongoClient} without flags. */
  public ClosedSharedMongoClient() {
    this(ErrorProneFlags.empty());
  }

  /**
   * Instantiates a new {@link ClosedSharedMongoClient}.
   *
   * @param flags Any provided command line flags.
   */
  @Inject
  ClosedSharedMongoClient(ErrorProneFlags flags) {
    this.flags = MongoGuardFlags.parse(flags);
  }

  @Override
  public Description matchCompilationUnit(CompilationUnitTree tree, VisitorState state) {
    return flags.reportProblemsOnce(this, tree, state);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    ExpressionTree receiver = Lifecycle.closeReceiver(tree);
    if (receiver != null) {
      return flags.connectionModule().encloses(state)
          ? Description.NO_MATCH
          : matchClosed(tree, receiver, "close()", false, state);
    }
    MethodSymbol callee = ASTHelpers.getSymbol(tree);
    if (callee == null) {
      return Description.NO_MATCH;
    }
    List<? extends ExpressionTree> arguments = tree.getArguments();
    if (tree.getMethodSelect() instanceof MemberSelectTree select
        && arguments.size() == 1
        && closesWhatItIsGiven(arguments.get(0))
        && !flags.connectionModule().encloses(state)) {
      // holders.forEach(MongoClient::close), Optional.of(client).ifPresent(c -> c.close())
      Description description =
          matchClosed(
              tree,
              select.getExpression(),
              "the bulk close " + select.getIdentifier() + "(...)",
              true,
              state);
      if (description != Description.NO_MATCH) {
        return description;
      }
    }
    for (int i = 0; i < arguments.size(); i++) {
      if (MongoDriver.isClientType(ASTHelpers.getType(arguments.get(i)), state)
          && isCloseHelper(callee, i, state)
          && !flags.connectionModule().encloses(state)) {
        Description description =
            matchClosed(
                tree,
                arguments.get(i),
                "the close helper " + callee.getSimpleName() + "(...)",
                false,
                state);
        if (description != Description.NO_MATCH) {
          return description;
        }
      }
    }
    return Description.NO_MATCH;
  }

  @Override
  public Description matchMemberReference(MemberReferenceTree tree, VisitorState state) {
    if (!tree.getName().contentEquals("close")
        || ASTHelpers.getSymbol(tree.getQualifierExpression()) instanceof ClassSymbol
        || flags.connectionModule().encloses(state)) {
      return Description.NO_MATCH;
    }
    return matchClosed(
        tree, tree.getQualifierExpression(), "the method reference ::close", false, state);
  }

  @Override
  public Description matchTry(TryTree tree, VisitorState state) {
    if (tree.getResources().isEmpty() || flags.connectionModule().encloses(state)) {
      return Description.NO_MATCH;
    }
    for (Tree resource : tree.getResources()) {
      TreePath resourcePath = new TreePath(state.getPath(), resource);
      if (resource instanceof VariableTree variable && variable.getInitializer() != null) {
        report(
            matchClosed(
                resource,
                new TreePath(resourcePath, variable.getInitializer()),
                "try-with-resources",
                false,
                state),
            state);
      } else if (resource instanceof ExpressionTree) {
        report(matchClosed(resource, resourcePath, "try-with-resources", false, state), state);
      }
    }
    return Description.NO_MATCH;
  }

  private static void report(Description description, VisitorState state) {
    if (description != Description.NO_MATCH) {
      state.reportMatch(description);
    }
  }

  /** Whether a functional argument closes what it is given: {@code MongoClient::close}. */
  private static boolean closesWhatItIsGiven(ExpressionTree argument) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(argument);
    if (stripped instanceof MemberReferenceTree reference) {
      return reference.getName().contentEquals("close")
          && ASTHelpers.getSymbol(reference.getQualifierExpression()) instanceof ClassSymbol;
    }
    if (stripped instanceof LambdaExpressionTree lambda && lambda.getParameters().size() == 1) {
      Symbol parameter = ASTHelpers.getSymbol(lambda.getParameters().get(0));
      return closes(lambda.getBody(), parameter, null);
    }
    return false;
  }

  private static boolean closes(
      @Nullable Tree body, @Nullable Symbol variable, @Nullable VisitorState state) {
    if (body == null || variable == null) {
      return false;
    }
    Boolean found =
        new TreeScanner<Boolean, Void>() {
          @Override
          public Boolean visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
            if (ValueFlow.refersTo(Lifecycle.closeReceiver(invocation), variable)) {
              return true;
            }
            MethodSymbol callee = state == null ? null : ASTHelpers.getSymbol(invocation);
            if (callee != null) {
              // Handed to a helper that closes it: release(o) -> quietly((AutoCloseable) o).
              List<? extends ExpressionTree> arguments = invocation.getArguments();
              for (int i = 0; i < arguments.size(); i++) {
                if (ValueFlow.refersTo(arguments.get(i), variable)
                    && isCloseHelper(callee, i, state)) {
                  return true;
                }
              }
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
   * it, or, for a library method, its name says so ({@code closeQuietly}, {@code
   * Closeables.close}).
   */
  private static boolean isCloseHelper(MethodSymbol callee, int index, VisitorState state) {
    Map<MethodSymbol, CloseHelper> helpers = state.context.get(CLOSE_HELPERS);
    if (helpers == null) {
      helpers = new HashMap<>();
      state.context.put(CLOSE_HELPERS, helpers);
    }
    CloseHelper helper = helpers.get(callee);
    if (helper == null) {
      // A helper that calls itself closes nothing by that call.
      helpers.put(callee, new CloseHelper(false, new boolean[0]));
      helper = CloseHelper.of(callee, state);
      helpers.put(callee, helper);
    }
    return helper.closesParameter(index);
  }

  /**
   * Which parameters a method closes: by its body in the compilation, or, for a library method, by
   * its name ({@code closeQuietly}, {@code Closeables.close}), any of them.
   */
  private record CloseHelper(boolean byName, boolean[] closedParameters) {
    static CloseHelper of(MethodSymbol callee, VisitorState state) {
      TreePath declaration = CompilationIndex.instance(state).declaration(callee);
      if (declaration == null) {
        String name = callee.getSimpleName().toString().toLowerCase(Locale.ROOT);
        return new CloseHelper(name.contains("close") || name.contains("shutdown"), new boolean[0]);
      }
      if (!(declaration.getLeaf() instanceof MethodTree method) || method.getBody() == null) {
        return new CloseHelper(false, new boolean[0]);
      }
      boolean[] closed = new boolean[method.getParameters().size()];
      for (int i = 0; i < closed.length; i++) {
        closed[i] =
            closes(method.getBody(), ASTHelpers.getSymbol(method.getParameters().get(i)), state);
      }
      return new CloseHelper(false, closed);
    }

    boolean closesParameter(int index) {
      return byName || (index < closedParameters.length && closedParameters[index]);
    }
  }

  /**
   * Matches {@code closed}, the receiver or an argument of the call at {@code state}'s path, or the
   * qualifier of the method reference there.
   */
  private Description matchClosed(
      Tree tree, ExpressionTree closed, String how, boolean holder, VisitorState state) {
    TreePath path = state.getPath();
    if (path.getLeaf() instanceof MethodInvocationTree invocation
        && invocation.getMethodSelect() instanceof MemberSelectTree select
        && select.getExpression() == closed) {
      path = new TreePath(path, select);
    }
    return matchClosed(tree, new TreePath(path, closed), how, holder, state);
  }

  private Description matchClosed(
      Tree tree, TreePath closed, String how, boolean holder, VisitorState state) {
    ExpressionTree expression = (ExpressionTree) closed.getLeaf();
    while (expression instanceof ParenthesizedTree parenthesized) {
      closed = new TreePath(closed, parenthesized.getExpression());
      expression = parenthesized.getExpression();
    }
    if (!holder && !FreshClients.mayHoldClient(ASTHelpers.getType(expression), state)) {
      // A close of something that cannot be a client. One typed as a supertype (AutoCloseable,
      // in a loop over mixed resources) is one when the analysis finds the shared client in it.
      return Description.NO_MATCH;
    }
    SharedClients shared = SharedClients.instance(flags.connectionModule(), state);
    Optional<SharedClients.Source> source =
        holder ? shared.heldSourceOf(closed) : shared.sourceOf(closed);
    if (source.isEmpty()) {
      return Description.NO_MATCH;
    }
    return buildDescription(tree).setMessage(message(how, source.get())).build();
  }

  private String message(String how, SharedClients.Source source) {
    String owner =
        source.origin() == SharedClients.Origin.MODULE
            ? String.format(
                "the shared MongoDB client of the connection module (%s), obtained from %s.",
                flags.connectionModule(), source.description())
            : String.format(
                "the shared MongoDB client obtained from %s, which the container injects, owns"
                    + " and closes at shutdown.",
                source.description());
    String compiled =
        source.compiledAccessor() == null
            ? ""
            : String.format(
                " %s.%s() is compiled in another module, so its body cannot be seen and it is"
                    + " taken to return the shared client; if it returns a new client that the"
                    + " caller must close, annotate it @%s.",
                source.compiledAccessor().owner.getSimpleName(),
                source.compiledAccessor().getSimpleName(),
                MUST_BE_CLOSED);
    String closer =
        source.origin() == SharedClients.Origin.MODULE
            ? " The connection module closes its client at shutdown: use the client without"
                + " closing it."
            : " Use the client without closing it.";
    return how
        + " closes "
        + owner
        + " Closing it breaks every other user of its connection pool, who then fail with"
        + " \"state should be: open\" or start creating clients of their own."
        + closer
        + compiled;
  }
}
