package io.github.mongoguard.checks;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.tools.javac.util.Context;
import java.util.Optional;
import javax.lang.model.SourceVersion;

/**
 * The flags every Mongo Guard check reads, parsed in one place.
 *
 * <p>Parsing never throws: a malformed flag would otherwise surface as a javac crash with a stack
 * trace. Instead each problem is kept, and the first Mongo Guard check to see a compilation unit
 * reports it there once per compilation, as an error that names the flag and the bad value.
 */
public final class MongoGuardFlags {
  /** The classes and packages that form the connection module. */
  public static final String CONNECTION_MODULE = "MongoGuard:ConnectionModule";

  private static final String EXAMPLE_MODULE = "com.example.db.Database";
  private static final Splitter ENTRY_SPLITTER = Splitter.on(',').trimResults();
  private static final Context.Key<Boolean> PROBLEMS_REPORTED = new Context.Key<>();

  private final ConnectionModule connectionModule;
  private final ImmutableList<String> problems;

  private MongoGuardFlags(ConnectionModule connectionModule, ImmutableList<String> problems) {
    this.connectionModule = connectionModule;
    this.problems = problems;
  }

  /** Parses the Mongo Guard flags out of the flags Error Prone was given. */
  public static MongoGuardFlags parse(ErrorProneFlags flags) {
    ImmutableList.Builder<String> problems = ImmutableList.builder();
    ConnectionModule module = parseConnectionModule(flags.get(CONNECTION_MODULE), problems);
    return new MongoGuardFlags(module, problems.build());
  }

  private static ConnectionModule parseConnectionModule(
      Optional<String> value, ImmutableList.Builder<String> problems) {
    if (value.isEmpty()) {
      return ConnectionModule.of(ImmutableList.of());
    }
    ImmutableList.Builder<String> entries = ImmutableList.builder();
    boolean valid = true;
    for (String entry : ENTRY_SPLITTER.split(value.get())) {
      if (entry.isEmpty()) {
        problems.add(
            String.format(
                "-XepOpt:%s=%s has an empty entry; %s",
                CONNECTION_MODULE, value.get(), connectionModuleSyntax()));
        valid = false;
      } else if (!SourceVersion.isName(entry)) {
        problems.add(
            String.format(
                "-XepOpt:%s has the entry '%s', which is not a fully qualified Java class or"
                    + " package name; %s",
                CONNECTION_MODULE, entry, connectionModuleSyntax()));
        valid = false;
      } else {
        entries.add(entry);
      }
    }
    return valid ? ConnectionModule.of(entries.build()) : ConnectionModule.of(ImmutableList.of());
  }

  private static String connectionModuleSyntax() {
    return String.format(
        "expected a comma-separated list of fully qualified class or package names, such as"
            + " -XepOpt:%s=%s",
        CONNECTION_MODULE, EXAMPLE_MODULE);
  }

  /** The declared connection module; not {@link ConnectionModule#isDeclared declared} if unset. */
  public ConnectionModule connectionModule() {
    return connectionModule;
  }

  /** What is wrong with the flags, one message per problem; empty when they are well formed. */
  public ImmutableList<String> problems() {
    return problems;
  }

  /**
   * The flag line a user adds to declare {@code className} (or its package) as the connection
   * module.
   */
  static String connectionModuleFlag(String className) {
    return String.format("-XepOpt:%s=%s", CONNECTION_MODULE, className);
  }

  /**
   * Reports the flags' problems on {@code unit} if no Mongo Guard check has reported them yet in
   * this compilation; otherwise returns {@link Description#NO_MATCH}.
   */
  Description reportProblemsOnce(BugChecker checker, CompilationUnitTree unit, VisitorState state) {
    if (problems.isEmpty() || state.context.get(PROBLEMS_REPORTED) != null) {
      return Description.NO_MATCH;
    }
    state.context.put(PROBLEMS_REPORTED, Boolean.TRUE);
    return checker
        .buildDescription(unit)
        .setMessage("Invalid Mongo Guard configuration: " + String.join("; ", problems))
        .build();
  }
}
