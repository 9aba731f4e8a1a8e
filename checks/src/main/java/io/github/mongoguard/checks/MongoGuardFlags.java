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
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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

  /** The SARIF 2.1.0 file each javac run writes its Mongo Guard findings to. */
  public static final String SARIF_FILE = "MongoGuard:SarifFile";

  /**
   * The directory that file paths in the SARIF report and the baseline are relative to; the working
   * directory if unset.
   */
  public static final String SARIF_ROOT = "MongoGuard:SarifRoot";

  /** The baseline file: findings recorded in it are not reported. */
  public static final String BASELINE = "MongoGuard:Baseline";

  /** When {@code true}, every current finding is written to the baseline instead of reported. */
  public static final String WRITE_BASELINE = "MongoGuard:WriteBaseline";

  private static final String EXAMPLE_MODULE = "com.example.db.Database";
  private static final Splitter ENTRY_SPLITTER = Splitter.on(',').trimResults();
  private static final Context.Key<Boolean> PROBLEMS_REPORTED = new Context.Key<>();

  private final ConnectionModule connectionModule;
  private final Optional<SharedClientAccessor> sharedClient;
  private final Optional<SharedClientAccessor> sharedReactiveClient;
  private final boolean connectionModuleInvalid;
  private final ReportSettings reports;
  private final ImmutableList<String> problems;

  private MongoGuardFlags(
      ConnectionModule connectionModule,
      boolean connectionModuleInvalid,
      Optional<SharedClientAccessor> sharedClient,
      Optional<SharedClientAccessor> sharedReactiveClient,
      ReportSettings reports,
      ImmutableList<String> problems) {
    this.connectionModule = connectionModule;
    this.connectionModuleInvalid = connectionModuleInvalid;
    this.sharedClient = sharedClient;
    this.sharedReactiveClient = sharedReactiveClient;
    this.reports = reports;
    this.problems = problems;
  }

  /** Parses the Mongo Guard flags out of the flags Error Prone was given. */
  public static MongoGuardFlags parse(ErrorProneFlags flags) {
    ImmutableList.Builder<String> problems = ImmutableList.builder();
    ImmutableList.Builder<String> moduleProblems = ImmutableList.builder();
    ConnectionModule module = parseConnectionModule(flags.get(CONNECTION_MODULE), moduleProblems);
    ImmutableList<String> connectionModuleProblems = moduleProblems.build();
    problems.addAll(connectionModuleProblems);
    Optional<SharedClientAccessor> sharedClient =
        parseAccessor(SHARED_CLIENT, flags.get(SHARED_CLIENT), problems);
    Optional<SharedClientAccessor> sharedReactiveClient =
        parseAccessor(SHARED_REACTIVE_CLIENT, flags.get(SHARED_REACTIVE_CLIENT), problems);
    ReportSettings reports = parseReports(flags, problems);
    return new MongoGuardFlags(
        module,
        !connectionModuleProblems.isEmpty(),
        sharedClient,
        sharedReactiveClient,
        reports,
        problems.build());
  }

  /**
   * Where the findings of a javac run are reported besides the compiler output.
   *
   * @param sarifFile the SARIF file to write, if any ({@link #SARIF_FILE})
   * @param root the absolute directory that reported paths are relative to ({@link #SARIF_ROOT})
   * @param baseline the baseline file, if any ({@link #BASELINE})
   * @param writeBaseline whether to write the baseline instead of reading it ({@link
   *     #WRITE_BASELINE})
   */
  public record ReportSettings(
      Optional<Path> sarifFile, Path root, Optional<Path> baseline, boolean writeBaseline) {
    /** Whether any report besides the compiler output is asked for. */
    public boolean isActive() {
      return sarifFile.isPresent() || baseline.isPresent();
    }
  }

  private static ReportSettings parseReports(
      ErrorProneFlags flags, ImmutableList.Builder<String> problems) {
    Optional<Path> sarifFile = parsePath(SARIF_FILE, flags.get(SARIF_FILE), problems);
    Path root = Path.of("").toAbsolutePath();
    Optional<Path> rootFlag = parsePath(SARIF_ROOT, flags.get(SARIF_ROOT), problems);
    if (rootFlag.isPresent()) {
      if (Files.isDirectory(rootFlag.get())) {
        root = rootFlag.get();
      } else {
        problems.add(
            String.format(
                "-XepOpt:%s=%s names no directory; expected the directory that reported file paths"
                    + " are relative to, such as -XepOpt:%s=${maven.multiModuleProjectDirectory}",
                SARIF_ROOT, flags.get(SARIF_ROOT).orElseThrow(), SARIF_ROOT));
      }
    }
    Optional<Path> baseline = parsePath(BASELINE, flags.get(BASELINE), problems);
    boolean writeBaseline = false;
    Optional<String> write = flags.get(WRITE_BASELINE);
    if (write.isPresent()) {
      String value = write.get().trim();
      if (value.equalsIgnoreCase("true")) {
        writeBaseline = true;
      } else if (!value.equalsIgnoreCase("false")) {
        problems.add(
            String.format("-XepOpt:%s=%s is neither true nor false", WRITE_BASELINE, write.get()));
      }
      if (writeBaseline && baseline.isEmpty()) {
        problems.add(
            String.format(
                "-XepOpt:%s=true needs the file to write: add -XepOpt:%s=<file>",
                WRITE_BASELINE, BASELINE));
        writeBaseline = false;
      }
    }
    return new ReportSettings(
        sarifFile, root.toAbsolutePath().normalize(), baseline, writeBaseline);
  }

  private static Optional<Path> parsePath(
      String flag, Optional<String> value, ImmutableList.Builder<String> problems) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String path = value.get().trim();
    try {
      if (!path.isEmpty()) {
        return Optional.of(Path.of(path).toAbsolutePath().normalize());
      }
    } catch (InvalidPathException e) {
      // Reported below.
    }
    problems.add(String.format("-XepOpt:%s=%s is not a file path", flag, value.get()));
    return Optional.empty();
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

  /**
   * Whether {@link #CONNECTION_MODULE} was given but is malformed: the checks that depend on it
   * then report nothing, since the configuration error already stands for them.
   */
  public boolean connectionModuleInvalid() {
    return connectionModuleInvalid;
  }

  /** The SARIF report and baseline settings. */
  public ReportSettings reports() {
    return reports;
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
    if (problems.isEmpty() && !reports.isActive()) {
      // The common case, once per unit and check: nothing to look up.
      return Description.NO_MATCH;
    }
    boolean patching = isPatching(state);
    ImmutableList<String> problems = this.problems;
    if (reports.isActive() && !patching) {
      // Every check calls this first on every unit: the one place that sees them all.
      ImmutableList<String> reportProblems = Findings.observe(reports, unit, state);
      if (!reportProblems.isEmpty()) {
        problems = ImmutableList.<String>builder().addAll(problems).addAll(reportProblems).build();
      }
    }
    if (problems.isEmpty() || state.context.get(PROBLEMS_REPORTED) != null) {
      return Description.NO_MATCH;
    }
    state.context.put(PROBLEMS_REPORTED, Boolean.TRUE);
    String message =
        String.format(
            "[%s] %s: %s",
            checker.canonicalName(), Findings.CONFIGURATION_PROBLEM, String.join("; ", problems));
    if (patching && unit instanceof JCTree.JCCompilationUnit compilationUnit) {
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
        .setMessage(Findings.CONFIGURATION_PROBLEM + ": " + String.join("; ", problems))
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
