package io.github.mongoguard.checks.benchmark;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.errorprone.bugpatterns.BugChecker;
import com.sun.tools.javac.api.BasicJavacTask;
import com.sun.tools.javac.util.Context;
import io.github.mongoguard.checks.MongoDriver;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Measures what Mongo Guard adds to the compile time of a build that already runs Error Prone.
 *
 * <p>Compiles two generated code bases (one that never touches the MongoDB driver, one whose
 * every class uses the shared client) with three compiler set-ups, side by side in the same JVM:
 * plain javac, javac with Error Prone's default checks, and javac with Error Prone plus every
 * Mongo Guard check. Rounds interleave the set-ups so that they share the machine's state, and
 * the report gives the medians and the ratios of each round's paired timings. It also reads the
 * time Error Prone itself records for each check, which isolates the Mongo Guard checks from the
 * noise of whole compilations. Before measuring, it proves that Mongo Guard really runs in the
 * third set-up and not in the second.
 *
 * <p>Run it with {@code mvn -B -q -pl checks -Pcompile-benchmark -DskipTests package}; pass
 * {@code -Dbenchmark.args="--classes 300 --rounds 7 --warmup 3"} to change its size.
 */
public final class CompileOverheadBenchmark {
  private static final String CONNECTION_MODULE = "bench.db";
  private static final ImmutableList<String> COMMON_OPTIONS =
      ImmutableList.of("-proc:none", "-XDcompilePolicy=simple", "--should-stop=ifError=FLOW");

  private static final ImmutableList<String> MONGO_GUARD_CHECKS = mongoGuardChecks();

  private final Path workDirectory;
  private final String classPath;
  private final String errorProneProcessorPath;
  private final String mongoGuardProcessorPath;
  private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  private CompileOverheadBenchmark(Path workDirectory) throws URISyntaxException {
    this.workDirectory = workDirectory;
    this.classPath = System.getProperty("java.class.path");
    String checksClasses =
        Path.of(MongoDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    List<String> entries = Arrays.asList(classPath.split(File.pathSeparator));
    this.errorProneProcessorPath =
        entries.stream()
            .filter(entry -> !Path.of(entry).toString().equals(checksClasses))
            .collect(Collectors.joining(File.pathSeparator));
    this.mongoGuardProcessorPath = classPath;
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path work = Files.createTempDirectory("mongo-guard-benchmark");
    try {
      new CompileOverheadBenchmark(work).run(options);
    } finally {
      deleteRecursively(work);
    }
  }

  private void run(Options options) throws IOException {
    ImmutableMap<String, ImmutableList<String>> setups = setups();
    System.out.printf(
        Locale.ROOT,
        "Mongo Guard compile overhead: %d classes per code base, %d warm-up and %d measured"
            + " rounds, JDK %s%n",
        options.classes(),
        options.warmup(),
        options.rounds(),
        Runtime.version());
    System.out.println("Mongo Guard checks loaded: " + String.join(", ", MONGO_GUARD_CHECKS));
    verifySetups(setups);

    Map<String, List<Path>> codeBases = new LinkedHashMap<>();
    codeBases.put("no driver use", Corpus.writePlain(workDirectory.resolve("plain"), options.classes()));
    codeBases.put(
        "every class uses the client",
        Corpus.writeDriver(workDirectory.resolve("driver"), options.classes()));

    for (Map.Entry<String, List<Path>> codeBase : codeBases.entrySet()) {
      System.out.printf(Locale.ROOT, "%nCode base: %s (%d files)%n", codeBase.getKey(), codeBase.getValue().size());
      Map<String, List<Timing>> timings = new LinkedHashMap<>();
      setups.keySet().forEach(name -> timings.put(name, new ArrayList<>()));
      List<String> order = new ArrayList<>(setups.keySet());
      for (int round = 0; round < options.warmup() + options.rounds(); round++) {
        for (String setup : order) {
          Timing timing = compile(codeBase.getValue(), setups.get(setup), /* expectClean= */ true);
          if (round >= options.warmup()) {
            timings.get(setup).add(timing);
          }
        }
        System.err.printf(Locale.ROOT, "  round %d of %d done%n", round + 1, options.warmup() + options.rounds());
        order.add(order.remove(0));
      }
      report(timings);
    }
  }

  private ImmutableMap<String, ImmutableList<String>> setups() {
    String moduleFlag = "-XepOpt:MongoGuard:ConnectionModule=" + CONNECTION_MODULE;
    return ImmutableMap.of(
        "javac",
        ImmutableList.of(),
        "javac + Error Prone",
        ImmutableList.of("-processorpath", errorProneProcessorPath, "-Xplugin:ErrorProne " + moduleFlag),
        "javac + Error Prone + Mongo Guard",
        ImmutableList.of("-processorpath", mongoGuardProcessorPath, "-Xplugin:ErrorProne " + moduleFlag));
  }

  /** Fails unless Mongo Guard reports a stray client in its set-up, and only there. */
  private void verifySetups(ImmutableMap<String, ImmutableList<String>> setups) throws IOException {
    Path stray = workDirectory.resolve("sanity/bench/web/Stray.java");
    Files.createDirectories(stray.getParent());
    Files.writeString(
        stray,
        """
        package bench.web;

        public final class Stray {
          public long count(String uri) {
            try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(uri)) {
              return client.getDatabase("app").getCollection("c").countDocuments();
            }
          }
        }
        """,
        UTF_8);
    for (Map.Entry<String, ImmutableList<String>> setup : setups.entrySet()) {
      boolean expected = setup.getKey().contains("Mongo Guard");
      boolean reported =
          diagnostics(List.of(stray), setup.getValue()).stream()
              .anyMatch(message -> message.contains("[MongoClientOutsideConnectionModule]"));
      if (reported != expected) {
        throw new IllegalStateException(
            "Set-up '" + setup.getKey() + (expected ? "' did not run" : "' ran") + " Mongo Guard");
      }
    }
  }

  private Timing compile(List<Path> sources, ImmutableList<String> setup, boolean expectClean)
      throws IOException {
    System.gc();
    long wallStart = System.nanoTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    Compilation compilation = run(sources, setup);
    long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
    long wall = System.nanoTime() - wallStart;
    if (expectClean && !compilation.errors().isEmpty()) {
      throw new IllegalStateException(
          "The generated code did not compile cleanly: " + compilation.errors().get(0));
    }
    double allChecks = 0;
    double mongoGuardChecks = 0;
    for (Map.Entry<String, Duration> check : compilation.checkTimings().entrySet()) {
      double millis = check.getValue().toNanos() / 1_000_000.0;
      allChecks += millis;
      if (MONGO_GUARD_CHECKS.contains(check.getKey())) {
        mongoGuardChecks += millis;
      }
    }
    return new Timing(wall / 1_000_000.0, cpu / 1_000_000.0, allChecks, mongoGuardChecks);
  }

  private List<String> diagnostics(List<Path> sources, ImmutableList<String> setup)
      throws IOException {
    return run(sources, setup).errors();
  }

  private Compilation run(List<Path> sources, ImmutableList<String> setup) throws IOException {
    Path output = Files.createTempDirectory(workDirectory, "classes");
    DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
    Map<String, Duration> checkTimings;
    try (StandardJavaFileManager standard =
            compiler.getStandardFileManager(collector, Locale.ROOT, UTF_8);
        IsolatedProcessorPath files = new IsolatedProcessorPath(standard)) {
      List<String> options = new ArrayList<>(COMMON_OPTIONS);
      options.addAll(List.of("-classpath", classPath, "-d", output.toString()));
      options.addAll(setup);
      BasicJavacTask task =
          (BasicJavacTask)
              compiler.getTask(
                  null, files, collector, options, null, standard.getJavaFileObjectsFromPaths(sources));
      Context context = task.getContext(); // javac drops its reference when the task ends
      task.call();
      checkTimings = files.checkTimings(context);
    } finally {
      deleteRecursively(output);
    }
    List<String> errors =
        collector.getDiagnostics().stream()
            .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
            .map(diagnostic -> diagnostic.getMessage(Locale.ROOT))
            .collect(Collectors.toList());
    return new Compilation(errors, checkTimings);
  }

  /**
   * Loads the processor path (Error Prone and, in one set-up, Mongo Guard) in a class loader that
   * sees javac's own classes but not this benchmark's class path, which holds the checks too: with
   * the default loader, Error Prone would find Mongo Guard in every set-up.
   */
  private static final class IsolatedProcessorPath
      extends ForwardingJavaFileManager<StandardJavaFileManager> {
    private final List<URLClassLoader> loaders = new ArrayList<>();

    IsolatedProcessorPath(StandardJavaFileManager fileManager) {
      super(fileManager);
    }

    @Override
    public ClassLoader getClassLoader(Location location) {
      if (location != StandardLocation.ANNOTATION_PROCESSOR_PATH) {
        return super.getClassLoader(location);
      }
      List<URL> urls = new ArrayList<>();
      for (File entry : fileManager.getLocation(location)) {
        try {
          urls.add(entry.toURI().toURL());
        } catch (MalformedURLException e) {
          throw new UncheckedIOException(e);
        }
      }
      URLClassLoader loader =
          new URLClassLoader(urls.toArray(URL[]::new), new CompilerOnlyClassLoader());
      loaders.add(loader);
      return loader;
    }

    /**
     * The time Error Prone spent in each check during the compilation that used {@code context}, by
     * check name, as Error Prone itself records it; empty when Error Prone did not run.
     */
    Map<String, Duration> checkTimings(Context context) {
      if (loaders.isEmpty()) {
        return Map.of();
      }
      try {
        Class<?> timings =
            Class.forName("com.google.errorprone.ErrorProneTimings", true, loaders.get(loaders.size() - 1));
        Object instance = timings.getMethod("instance", Context.class).invoke(null, context);
        @SuppressWarnings("unchecked")
        Map<String, Duration> byCheck = (Map<String, Duration>) timings.getMethod("timings").invoke(instance);
        if (byCheck.isEmpty()) {
          throw new IllegalStateException("Error Prone recorded no check timings");
        }
        return byCheck;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Cannot read Error Prone's check timings", e);
      }
    }

    @Override
    public void close() throws IOException {
      for (URLClassLoader loader : loaders) {
        loader.close();
      }
      super.close();
    }
  }

  /** Resolves the JDK and javac's internals; hides the application class path. */
  private static final class CompilerOnlyClassLoader extends ClassLoader {
    private static final ClassLoader APPLICATION = ClassLoader.getSystemClassLoader();

    CompilerOnlyClassLoader() {
      super(ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("com.sun.tools.javac.")
          || name.startsWith("com.sun.source.")
          || name.startsWith("com.sun.tools.doclint.")
          || name.startsWith("jdk.internal.")) {
        return APPLICATION.loadClass(name);
      }
      return super.loadClass(name, resolve);
    }
  }

  private static void report(Map<String, List<Timing>> timings) {
    List<String> names = new ArrayList<>(timings.keySet());
    System.out.printf(
        Locale.ROOT,
        "  %-36s %14s %14s %16s %16s%n",
        "set-up",
        "median wall ms",
        "median CPU ms",
        "all checks ms",
        "Mongo Guard ms");
    for (String name : names) {
      List<Timing> runs = timings.get(name);
      System.out.printf(
          Locale.ROOT,
          "  %-36s %14.0f %14.0f %16.0f %16.1f%n",
          name,
          median(runs.stream().map(Timing::wallMillis).collect(Collectors.toList())),
          median(runs.stream().map(Timing::cpuMillis).collect(Collectors.toList())),
          median(runs.stream().map(Timing::allChecksMillis).collect(Collectors.toList())),
          median(runs.stream().map(Timing::mongoGuardMillis).collect(Collectors.toList())));
    }
    List<Timing> withMongoGuard = timings.get(names.get(2));
    printRatio(
        "Error Prone / javac, CPU:",
        paired(timings.get(names.get(1)), timings.get(names.get(0)), Timing::cpuMillis, Timing::cpuMillis));
    printRatio(
        "Error Prone + Mongo Guard / Error Prone, CPU:",
        paired(withMongoGuard, timings.get(names.get(1)), Timing::cpuMillis, Timing::cpuMillis));
    printRatio(
        "Mongo Guard checks / whole compile, wall:",
        paired(withMongoGuard, withMongoGuard, Timing::mongoGuardMillis, Timing::wallMillis));
    printRatio(
        "Mongo Guard checks / all Error Prone checks:",
        paired(withMongoGuard, withMongoGuard, Timing::mongoGuardMillis, Timing::allChecksMillis));
  }

  /** The ratio of each round's two timings. */
  private static List<Double> paired(
      List<Timing> numerators,
      List<Timing> denominators,
      ToDoubleFunction<Timing> numerator,
      ToDoubleFunction<Timing> denominator) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < numerators.size(); i++) {
      ratios.add(
          numerator.applyAsDouble(numerators.get(i)) / denominator.applyAsDouble(denominators.get(i)));
    }
    return ratios;
  }

  /** Prints the median and the range of per-round ratios. */
  private static void printRatio(String label, List<Double> ratios) {
    System.out.printf(
        Locale.ROOT,
        "  %-46s %7.4f (rounds: %.4f to %.4f)%n",
        label,
        median(ratios),
        ratios.stream().min(Comparator.naturalOrder()).orElseThrow(),
        ratios.stream().max(Comparator.naturalOrder()).orElseThrow());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().collect(Collectors.toList());
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static ImmutableList<String> mongoGuardChecks() {
    ImmutableList.Builder<String> names = ImmutableList.builder();
    for (BugChecker checker : ServiceLoader.load(BugChecker.class)) {
      if (checker.getClass().getPackageName().startsWith("io.github.mongoguard")) {
        names.add(checker.canonicalName());
      }
    }
    return names.build();
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(path);
      }
    }
  }

  /** One compilation: wall and CPU time, and the time Error Prone spent in checks. */
  private record Timing(
      double wallMillis, double cpuMillis, double allChecksMillis, double mongoGuardMillis) {}

  private record Compilation(List<String> errors, Map<String, Duration> checkTimings) {}

  private record Options(int classes, int rounds, int warmup) {
    static Options parse(String[] args) {
      int classes = 300;
      int rounds = 7;
      int warmup = 3;
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Missing value after " + name);
        }
        int value = parsePositive(name, args[++i]);
        switch (name) {
          case "--classes" -> classes = value;
          case "--rounds" -> rounds = value;
          case "--warmup" -> warmup = value;
          default ->
              throw new IllegalArgumentException(
                  "Unknown option " + name + "; expected --classes, --rounds or --warmup");
        }
      }
      return new Options(classes, rounds, warmup);
    }

    private static int parsePositive(String name, String text) {
      try {
        int value = Integer.parseInt(text);
        if (value > 0) {
          return value;
        }
      } catch (NumberFormatException e) {
        // Reported below.
      }
      throw new IllegalArgumentException(name + " needs a positive whole number, not '" + text + "'");
    }
  }
}
