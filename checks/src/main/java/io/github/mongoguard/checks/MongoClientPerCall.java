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
import com.google.errorprone.bugpatterns.BugChecker.NewClassTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import io.github.mongoguard.checks.MongoDriver.ClientKind;
import java.util.Optional;
import javax.inject.Inject;

/** A {@link BugChecker} that flags MongoDB clients the connection module creates more than once. */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "Create the MongoDB client once per process, not per call",
    severity = ERROR,
    tags = StandardTags.PERFORMANCE,
    linkType = CUSTOM,
    link = Documentation.CHECKS_BASE_URL + "MongoClientPerCall.md")
public final class MongoClientPerCall extends BugChecker
    implements CompilationUnitTreeMatcher,
        MethodInvocationTreeMatcher,
        NewClassTreeMatcher,
        MemberReferenceTreeMatcher {
  private static final long serialVersionUID = 1L;

  private final MongoGuardFlags flags;

  /** Instantiates a new {@link MongoClientPerCall} without flags. */
  public MongoClientPerCall() {
    this(ErrorProneFlags.empty());
  }

  /**
   * Instantiates a new {@link MongoClientPerCall}.
   *
   * @param flags Any provided command line flags.
   */
  @Inject
  MongoClientPerCall(ErrorProneFlags flags) {
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

  @Override
  public Description matchMemberReference(MemberReferenceTree tree, VisitorState state) {
    return matchCreation(tree, state);
  }

  private Description matchCreation(ExpressionTree tree, VisitorState state) {
    if (!MongoDriver.mayCreateClient(state) || !flags.connectionModule().encloses(state)) {
      return Description.NO_MATCH;
    }
    Optional<ClientKind> kind = MongoDriver.createdClient(tree, state);
    if (kind.isEmpty()) {
      return Description.NO_MATCH;
    }
    Optional<String> repeated =
        tree instanceof MemberReferenceTree
            ? Optional.of("as a method reference, which creates a client on every call")
            : OncePerProcess.repeatedContext(state.getPath(), state);
    return repeated
        .map(where -> buildDescription(tree).setMessage(message(kind.get(), where)).build())
        .orElse(Description.NO_MATCH);
  }

  private static String message(ClientKind kind, String where) {
    return String.format(
        "%s creates a new %s %s: each call opens a new connection pool with its own"
            + " monitoring connections and threads. Create the client once per"
            + " process and share it: keep it in a static field (a static holder class, such as"
            + " `private static final class Holder { static final MongoClient CLIENT ="
            + " MongoClients.create(uri); }`), or return it from a singleton-scoped provider (a"
            + " Spring @Bean, a Guice or Dagger @Provides @Singleton method, a CDI @Produces"
            + " @ApplicationScoped method).",
        kind.creation(),
        kind.description(),
        where);
  }
}
