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

/**
 * A {@link BugChecker} that flags MongoDB clients created outside the connection module, and, when
 * the build names the module's accessor of the shared client, replaces them with it.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "Create MongoDB clients only in the connection module; use its shared client",
    severity = ERROR,
    tags = StandardTags.PERFORMANCE,
    linkType = CUSTOM,
    link = Documentation.CHECKS_BASE_URL + "MongoClientOutsideConnectionModule.md")
public final class MongoClientOutsideConnectionModule extends BugChecker
    implements CompilationUnitTreeMatcher,
        MethodInvocationTreeMatcher,
        NewClassTreeMatcher,
        MemberReferenceTreeMatcher {
  private static final long serialVersionUID = 1L;

  private final MongoGuardFlags flags;

  /** Instantiates a new {@link MongoClientOutsideConnectionModule} without flags. */
  public MongoClientOutsideConnectionModule() {
    this(ErrorProneFlags.empty());
  }

  /**
   * Instantiates a new {@link MongoClientOutsideConnectionModule}.
   *
   * @param flags Any provided command line flags.
   */
  @Inject
  MongoClientOutsideConnectionModule(ErrorProneFlags flags) {
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
    // A malformed connection module flag is reported once as a configuration error instead.
    if (flags.connectionModuleInvalid() || !MongoDriver.mayCreateClient(state)) {
      return Description.NO_MATCH;
    }
    ConnectionModule module = flags.connectionModule();
    Optional<ClientKind> kind = MongoDriver.createdClient(tree, state);
    if (kind.isEmpty() || module.encloses(state)) {
      return Description.NO_MATCH;
    }
    SharedClientMigration.Outcome migration =
        SharedClientMigration.migrate(tree, kind.get(), flags, state);
    String message =
        message(kind.get(), tree, module, state)
            + migration.whyNoFix().map(why -> " No automatic fix: " + why + ".").orElse("");
    Description.Builder description = buildDescription(tree).setMessage(message);
    migration.fix().ifPresent(description::addFix);
    return Findings.withFixes(description.build(), state);
  }

  private static String message(
      ClientKind kind, ExpressionTree tree, ConnectionModule module, VisitorState state) {
    String created =
        String.format(
            "%s%s creates a new %s outside the connection module.",
            kind.creation(),
            tree instanceof MemberReferenceTree ? " (as a method reference)" : "",
            kind.description());
    String cost =
        " Each client opens its own connection pool and monitoring connections to every server;"
            + " on MongoDB Atlas every one of them counts against the cluster's connection limit.";
    if (module.isDeclared()) {
      return created
          + cost
          + String.format(
              " Use the shared client of the connection module (%s) instead.", module);
    }
    String thisClass = ConnectionModule.topLevelClassName(state).orElse("com.example.db.Database");
    return created
        + cost
        + " No connection module is declared, so every creation is reported: create the client"
        + " in one class that shares it and declare that class or its package inside the"
        + " -Xplugin:ErrorProne compiler argument, for this class: "
        + MongoGuardFlags.connectionModuleFlag(thisClass);
  }
}
