package io.github.mongoguard.checks;

import static com.google.common.collect.ImmutableList.toImmutableList;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.Fix;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.tools.javac.api.MultiTaskListener;
import com.sun.tools.javac.tree.JCTree.JCCompilationUnit;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.JCDiagnostic;
import com.sun.tools.javac.util.Log;
import io.github.mongoguard.checks.Baseline.BaselineException;
import io.github.mongoguard.checks.Finding.Edit;
import io.github.mongoguard.checks.MongoGuardFlags.ReportSettings;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * The Mongo Guard findings of one javac run, for the SARIF report and the baseline.
 *
 * <p>Installed once per compilation, from the first compilation unit any Mongo Guard check sees. It
 * sits in javac's chain of diagnostic handlers, so it sees each Mongo Guard diagnostic exactly as
 * Error Prone reports it, after {@code @SuppressWarnings} and severity overrides: it records the
 * diagnostic and, if the baseline holds it, drops it so that it neither prints nor counts as an
 * error. Every other diagnostic passes on untouched. When the compilation ends it writes the SARIF
 * report and the baseline, and notes the baseline entries that match nothing any more.
 */
final class Findings {
  private static final Context.Key<Findings> KEY = new Context.Key<>();

  /** The start of the message with which {@link MongoGuardFlags} reports malformed flags. */
  static final String CONFIGURATION_PROBLEM = "Invalid Mongo Guard configuration";

  /** The line with the link to the check's page, and the fix preview, that follow a message. */
  private static final Pattern TRAILER = Pattern.compile("\n\\s*\\(see \\S+\\)|\nDid you mean ");

  private final ReportSettings settings;
  private final Log log;
  private final Baseline baseline;
  private final ImmutableList<String> problems;
  private final List<String> configurationProblems = new ArrayList<>();
  private final List<Finding> findings = new ArrayList<>();
  private final Set<String> matched = new HashSet<>();
  private final Set<String> compiledPaths = new HashSet<>();
  private final Map<FixKey, ImmutableList<ImmutableList<Edit>>> fixes = new HashMap<>();
  private FindingLocator current;

  private Findings(ReportSettings settings, Context context) {
    this.settings = settings;
    this.log = Log.instance(context);
    Baseline loaded = Baseline.empty();
    ImmutableList<String> loadProblems = ImmutableList.of();
    if (settings.baseline().isPresent()) {
      try {
        loaded = Baseline.read(settings.baseline().get(), settings.writeBaseline());
      } catch (BaselineException e) {
        loadProblems = ImmutableList.of(e.getMessage());
      }
    }
    this.baseline = loaded;
    this.problems = loadProblems;
    new Handler(log);
    MultiTaskListener.instance(context).add(new Listener());
  }

  /**
   * Records that a Mongo Guard check is about to scan {@code unit}, installing the collector for
   * this compilation first if needed; returns what is wrong with the baseline file, if anything.
   */
  static ImmutableList<String> observe(
      ReportSettings settings, CompilationUnitTree unit, VisitorState state) {
    Findings findings = state.context.get(KEY);
    if (findings == null) {
      findings = new Findings(settings, state.context);
      state.context.put(KEY, findings);
    }
    findings.enter(unit, state);
    return findings.problems;
  }

  /**
   * Keeps the suggested fixes of {@code description} for the SARIF report, and returns it
   * unchanged: a check that offers fixes returns {@code Findings.withFixes(description, state)}.
   * Costs nothing when no SARIF report is asked for.
   */
  static Description withFixes(Description description, VisitorState state) {
    Findings findings = state.context.get(KEY);
    if (findings == null
        || findings.settings.sarifFile().isEmpty()
        || description == Description.NO_MATCH
        || description.fixes.isEmpty()) {
      return description;
    }
    CompilationUnitTree unit = state.getPath().getCompilationUnit();
    if (!(unit instanceof JCCompilationUnit compilationUnit)) {
      return description;
    }
    ImmutableList<ImmutableList<Edit>> edits =
        description.fixes.stream()
            .map(fix -> edits(fix, compilationUnit))
            .flatMap(Optional::stream)
            .filter(e -> !e.isEmpty())
            .collect(toImmutableList());
    OptionalInt position = EndPositions.preferredPosition(description);
    if (!edits.isEmpty() && position.isPresent()) {
      findings.fixes.put(
          new FixKey(unit.getSourceFile().toUri(), position.getAsInt(), description.checkName),
          edits);
    }
    return description;
  }

  /**
   * The replacements of {@code fix}. Error Prone changed the type of the end-position table that
   * {@link Fix#getReplacements} takes; the one this Error Prone has is found once, by reflection.
   */
  private static Optional<ImmutableList<Edit>> edits(Fix fix, JCCompilationUnit unit) {
    try {
      Object endPositions = EndPositions.table(unit);
      Collection<?> replacements =
          (Collection<?>) EndPositions.GET_REPLACEMENTS.invoke(fix, endPositions);
      List<Edit> edits = new ArrayList<>();
      for (Object replacement : replacements) {
        com.google.errorprone.fixes.Replacement r =
            (com.google.errorprone.fixes.Replacement) replacement;
        edits.add(new Edit(r.startPosition(), r.endPosition(), r.replaceWith()));
      }
      edits.sort((a, b) -> Integer.compare(a.start(), b.start()));
      return Optional.of(ImmutableList.copyOf(edits));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // A fix this Error Prone cannot render is left out of the report; the finding stays.
      return Optional.empty();
    }
  }

  private void enter(CompilationUnitTree unit, VisitorState state) {
    if (current != null && current.unit() == unit) {
      return;
    }
    current = new FindingLocator(unit, state, settings.root());
    compiledPaths.add(current.path());
  }

  /** Handles a Mongo Guard diagnostic; returns whether it is dropped. */
  private boolean accept(JCDiagnostic diagnostic) {
    if (!diagnostic.getCode().endsWith(".error.prone")
        || diagnostic.getArgs().length == 0
        || !(diagnostic.getArgs()[0] instanceof String text)
        || !text.startsWith("[")) {
      return false;
    }
    int close = text.indexOf(']');
    if (close < 0) {
      return false;
    }
    String check = text.substring(1, close);
    if (!MongoGuardChecks.isCheck(check)) {
      return false;
    }
    String message = message(text);
    if (message.startsWith("[" + check + "] " + CONFIGURATION_PROBLEM)) {
      configurationProblems.add(message);
      return false;
    }
    JavaFileObject source = diagnostic.getSource();
    if (current == null || source == null || !current.isFor(source)) {
      return false;
    }
    int position = (int) diagnostic.getPosition();
    Finding finding =
        current.locate(
            check,
            level(diagnostic.getKind()),
            message,
            position,
            fixes.getOrDefault(new FixKey(source.toUri(), position, check), ImmutableList.of()));
    if (settings.writeBaseline()) {
      findings.add(finding.asBaselined());
      return true;
    }
    if (baseline.entries().containsKey(finding.fingerprint())) {
      matched.add(finding.fingerprint());
      findings.add(finding.asBaselined());
      return true;
    }
    findings.add(finding);
    return false;
  }

  /** The diagnostic's text without the link and the fix preview that follow the message. */
  private static String message(String text) {
    java.util.regex.Matcher trailer = TRAILER.matcher(text);
    String message = trailer.find() ? text.substring(0, trailer.start()) : text;
    return HardcodedMongoCredentials.maskPasswords(message).orElse(message);
  }

  private static String level(Diagnostic.Kind kind) {
    return switch (kind) {
      case ERROR -> "error";
      case WARNING, MANDATORY_WARNING -> "warning";
      default -> "note";
    };
  }

  private void finish() {
    String baselineName = settings.baseline().map(Path::toString).orElse("");
    if (settings.baseline().isPresent() && problems.isEmpty()) {
      if (settings.writeBaseline()) {
        try {
          baseline.write(settings.baseline().get(), findings, compiledPaths);
          note(
              String.format(
                  "Mongo Guard wrote %d finding%s to the baseline %s (-XepOpt:%s); remove"
                      + " -XepOpt:%s=true so that new findings fail the build",
                  findings.size(),
                  findings.size() == 1 ? "" : "s",
                  baselineName,
                  MongoGuardFlags.BASELINE,
                  MongoGuardFlags.WRITE_BASELINE));
        } catch (IOException e) {
          error(
              String.format(
                  "-XepOpt:%s=%s cannot be written: %s",
                  MongoGuardFlags.BASELINE, baselineName, e.getMessage()));
        }
      } else {
        ImmutableList<Baseline.Entry> stale = baseline.stale(matched, compiledPaths);
        if (!stale.isEmpty()) {
          note(
              String.format(
                  "Mongo Guard: %d entr%s of the baseline %s match%s no finding any more; remove"
                      + " %s: %s",
                  stale.size(),
                  stale.size() == 1 ? "y" : "ies",
                  baselineName,
                  stale.size() == 1 ? "es" : "",
                  stale.size() == 1 ? "it" : "them",
                  stale.stream()
                      .map(e -> e.check() + " in " + e.describe())
                      .collect(java.util.stream.Collectors.joining("; "))));
        }
      }
    }
    if (settings.sarifFile().isPresent()) {
      List<String> allProblems = new ArrayList<>(configurationProblems);
      try {
        SarifReport.write(
            settings.sarifFile().get(), settings.root(), findings, baselineName, allProblems);
      } catch (IOException | RuntimeException e) {
        error(
            String.format(
                "-XepOpt:%s=%s cannot be written: %s",
                MongoGuardFlags.SARIF_FILE, settings.sarifFile().get(), e.getMessage()));
      }
    }
  }

  private void note(String message) {
    log.note(new JCDiagnostic.Note("compiler", "proc.messager", message));
  }

  private void error(String message) {
    log.error(new JCDiagnostic.Error("compiler", "proc.messager", message));
  }

  /** Where a check's suggested fixes were kept: the file, position and check of the finding. */
  private record FixKey(URI file, int position, String check) {}

  /** Sees every diagnostic before javac's own handlers do. */
  private final class Handler extends Log.DiscardDiagnosticHandler {
    Handler(Log log) {
      super(log);
    }

    @Override
    public void report(JCDiagnostic diagnostic) {
      if (!accept(diagnostic)) {
        prev.report(diagnostic);
      }
    }
  }

  /** Writes the reports when the compilation ends. */
  private final class Listener implements TaskListener {
    private boolean finished;

    @Override
    public void finished(TaskEvent event) {
      if (event.getKind() == TaskEvent.Kind.COMPILATION && !finished) {
        finished = true;
        finish();
      }
    }
  }

  /**
   * Error Prone's {@code Fix.getReplacements} and the end-position table it takes, and the position
   * of a {@code Description}, whose types changed between the supported Error Prone versions.
   */
  private static final class EndPositions {
    static final Method GET_REPLACEMENTS = getReplacements();

    static OptionalInt preferredPosition(Description description) {
      try {
        Field field = Description.class.getField("position");
        Method preferred = field.getType().getMethod("getPreferredPosition");
        return OptionalInt.of((Integer) preferred.invoke(field.get(description)));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return OptionalInt.empty();
      }
    }

    private static Method getReplacements() {
      for (Method method : Fix.class.getMethods()) {
        if (method.getName().equals("getReplacements") && method.getParameterCount() == 1) {
          return method;
        }
      }
      throw new LinkageError("Fix.getReplacements not found");
    }

    static Object table(JCCompilationUnit unit) throws ReflectiveOperationException {
      Class<?> type = GET_REPLACEMENTS.getParameterTypes()[0];
      if (type.getName().equals("com.sun.tools.javac.tree.EndPosTable")) {
        return JCCompilationUnit.class.getField("endPositions").get(unit);
      }
      return type.getMethod("create", CompilationUnitTree.class).invoke(null, unit);
    }
  }
}
