package io.github.mongoguard.checks;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.tools.javac.tree.JCTree;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.JCDiagnostic;
import com.sun.tools.javac.util.Log;
import com.sun.tools.javac.util.Options;
import io.github.mongoguard.checks.MongoDriver.ClientKind;
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

  /** The static method of the connection module that returns the shared synchronous client. */
  public static final String SHARED_CLIENT = "MongoGuard:SharedClient";

  /** The static method of the connection module that returns the shared reactive client. */
  public static final String SHARED_REACTIVE_CLIENT = "MongoGuard:SharedReactiveClient";

  private static final String EXAMPLE_MODULE = "com.example.db.Database";
  private static final Splitter ENTRY_SPLITTER = Splitter.on(',').trimResults();
  private static final Context.Key<Boolean> PROBLEMS_REPORTED = new Context.Key<>();

  private final ConnectionModule connectionModule;
  private final Optional<SharedClientAccessor> sharedClient;
  private final Optional<SharedClientAccessor> sharedReactiveClient;
  private final ImmutableList<String> problems;

  private MongoGuardFlags(
      ConnectionModule connectionModule,
      Optional<SharedClientAccessor> sharedClient,
      Optional<SharedClientAccessor> sharedReactiveClient,
      ImmutableList<String> problems) {
    this.connectionModule = connectionModule;
    this.sharedClient = sharedClient;
    this.sharedReactiveClient = sharedReactiveClient;
    this.problems = problems;
  }

  /** Parses the Mongo Guard flags out of the flags Error Prone was given. */
  public static MongoGuardFlags parse(ErrorProneFlags flags) {
    ImmutableList.Builder<String> problems = ImmutableList.builder();
    ConnectionModule module = parseConnectionModule(flags.get(CONNECTION_MODULE), problems);
    Optional<SharedClientAccessor> sharedClient =
        parseAccessor(SHARED_CLIENT, flags.get(SHARED_CLIENT), problems);
    Optional<SharedClientAccessor> sharedReactiveClient =
        parseAccessor(SHARED_REACTIVE_CLIENT, flags.get(SHARED_REACTIVE_CLIENT), problems);
    return new MongoGuardFlags(module, sharedClient, sharedReactiveClient, problems.build());
  }

  /**
   * The connection module's static method that returns a shared client, as named by {@link
   * #SHARED_CLIENT} or {@link #SHARED_REACTIVE_CLIENT}.
   *
   * @param flag the flag that named it, for messages
   * @param className the fully qualified name of the class that declares the method
   * @param methodName the name of the static method, which takes no arguments
   */
  public record SharedClientAccessor(String flag, String className, String methodName) {
    @Override
    public String toString() {
      return className + "." + methodName + "()";
    }
  }

  private static Optional<SharedClientAccessor> parseAccessor(
      String flag, Optional<String> value, ImmutableList.Builder<String> problems) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String accessor = value.get().trim();
    int lastDot = accessor.lastIndexOf('.');
    if (lastDot > 0
        && SourceVersion.isName(accessor)
        && Character.isJavaIdentifierStart(accessor.charAt(lastDot + 1))) {
      return Optional.of(
          new SharedClientAccessor(
              flag, accessor.substring(0, lastDot), accessor.substring(lastDot + 1)));
    }
    problems.add(
        String.format(
            "-XepOpt:%s has the value '%s', which is not a fully qualified class name followed by"
                + " the name of a static method; expected <fully.qualified.Class>.<staticMethod>,"
                + " such as -XepOpt:%s=%s.client",
            flag, value.get(), flag, EXAMPLE_MODULE));
    return Optional.empty();
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

  /**
   * The accessor of the shared client of {@code kind}, if the build names one: {@link
   * #SHARED_CLIENT} for the synchronous driver, {@link #SHARED_REACTIVE_CLIENT} for the reactive
   * one; never one for the legacy client.
   */
  public Optional<SharedClientAccessor> sharedClient(ClientKind kind) {
    return switch (kind) {
      case SYNC -> sharedClient;
      case REACTIVE -> sharedReactiveClient;
      case LEGACY -> Optional.empty();
    };
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
   *
   * <p>When Error Prone patches code ({@code -XepPatchChecks}) it turns every finding into a
   * warning; the problems are then logged as a compiler error directly, so that a migration with a
   * malformed flag stops instead of silently patching nothing.
   */
  Description reportProblemsOnce(BugChecker checker, CompilationUnitTree unit, VisitorState state) {
    if (problems.isEmpty() || state.context.get(PROBLEMS_REPORTED) != null) {
      return Description.NO_MATCH;
    }
    state.context.put(PROBLEMS_REPORTED, Boolean.TRUE);
    String message =
        String.format(
            "[%s] Invalid Mongo Guard configuration: %s",
            checker.canonicalName(), String.join("; ", problems));
    if (isPatching(state) && unit instanceof JCTree.JCCompilationUnit compilationUnit) {
      Log log = Log.instance(state.context);
      var previousSource = log.useSource(compilationUnit.getSourceFile());
      try {
        log.error(
            compilationUnit.pos(), new JCDiagnostic.Error("compiler", "proc.messager", message));
      } finally {
        log.useSource(previousSource);
      }
      return Description.NO_MATCH;
    }
    return checker
        .buildDescription(unit)
        .setMessage("Invalid Mongo Guard configuration: " + String.join("; ", problems))
        .build();
  }

  /**
   * Whether Error Prone was asked to patch the code ({@code -XepPatchLocation} inside the {@code
   * -Xplugin:ErrorProne} argument, which javac keeps under the option {@code -Xplugin:}).
   */
  private static boolean isPatching(VisitorState state) {
    String plugins = Options.instance(state.context).get("-Xplugin:");
    return plugins != null && plugins.contains("-XepPatchLocation:");
  }
}
