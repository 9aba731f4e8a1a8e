package io.github.mongoguard.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import com.sun.tools.javac.api.BasicJavacTask;
import com.sun.tools.javac.api.ClientCodeWrapper;
import com.sun.tools.javac.util.Context;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticListener;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * What Mongo Guard adds to the compile time of a build that already runs Error Prone, on code
 * nobody here wrote.
 *
 * <p>Compiles each code base in this JVM with {@code javax.tools}, in three set-ups interleaved run
 * by run after warm-up: plain javac; javac with Error Prone's default checks; and the defaults plus
 * the five Mongo Guard checks with a connection module configured. Error Prone and Mongo Guard are
 * loaded once per set-up, in class loaders of their own, so that both are as warm as javac. Every
 * finding is a warning ({@code -XepAllErrorsAsWarnings}), so every set-up compiles all the way to
 * class files. For each code base it reports the median wall and compiling-thread CPU time of each
 * set-up, the paired ratios with their 95 % interval (or why none is printed), and the time Error
 * Prone itself records for each Mongo Guard check ({@code ErrorProneTimings}) as a share of the
 * compile.
 */
final class CompileBenchmark {
  private static final String CHECKER_SERVICE =
      "META-INF/services/com.google.errorprone.bugpatterns.BugChecker";
  private static final String JAVAC = "javac";
  private static final String ERROR_PRONE = "Error Prone";
  private static final String MONGO_GUARD = "Error Prone + Mongo Guard";
  private static final ImmutableList<String> COMMON_OPTIONS =
      ImmutableList.of(
          "-proc:none",
          "-XDcompilePolicy=simple",
          "--should-stop=ifError=FLOW",
          "-Xmaxerrs",
          "100000",
          "-Xmaxwarns",
          "1000000",
          "-encoding",
          "UTF-8");

  private final Options options;
  private final ImmutableList<String> mongoGuardChecks;
  private final ImmutableMap<String, Setup> setups;
  private final Path work;
  private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  private CompileBenchmark(Options options, Path work) throws IOException, URISyntaxException {
    this.options = options;
    this.work = work;
    URL checks = mongoGuardEntry();
    this.mongoGuardChecks = checkNames(checks);
    List<URL> everything = new ArrayList<>();
    for (String entry :
        Splitter.on(File.pathSeparatorChar)
            .omitEmptyStrings()
            .split(System.getProperty("java.class.path"))) {
      everything.add(Path.of(entry).toUri().toURL());
    }
    List<URL> errorProneOnly = new ArrayList<>(everything);
    errorProneOnly.removeIf(url -> sameEntry(url, checks));
    if (errorProneOnly.size() != everything.size() - 1) {
      throw new IllegalStateException("Cannot find the Mongo Guard checks on " + everything);
    }
    List<String> enableMongoGuard = new ArrayList<>();
    for (String check : mongoGuardChecks) {
      enableMongoGuard.add("-Xep:" + check + ":WARN");
    }
    this.setups =
        ImmutableMap.of(
            JAVAC,
            new Setup(JAVAC, null, ImmutableList.of()),
            ERROR_PRONE,
            new Setup(ERROR_PRONE, loader(errorProneOnly), ImmutableList.of()),
            MONGO_GUARD,
            new Setup(MONGO_GUARD, loader(everything), ImmutableList.copyOf(enableMongoGuard)));
  }

  static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path work =
        Files.createTempDirectory("mongo-guard-compile-benchmark").toAbsolutePath().normalize();
    try {
      new CompileBenchmark(options, work).run();
    } finally {
      deleteRecursively(work);
    }
  }

  private void run() throws IOException {
    System.out.printf(
        Locale.ROOT,
        "Compile benchmark: %d warm-up and %d measured runs per set-up and code base, interleaved;"
            + " JDK %s, %d processors, load average %s%n",
        options.warmup(),
        options.runs(),
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        Stats.loadAverage());
    System.out.println("Mongo Guard checks: " + String.join(", ", mongoGuardChecks));
    verifySetups();

    List<Measured> scaling = new ArrayList<>();
    boolean first = true;
    for (CodeBase codeBase : codeBases()) {
      CodeBase clean = compilable(codeBase);
      if (options.scaled().equals(codeBase.name())) {
        for (int factor : options.factors()) {
          CodeBase scaled =
              clean.scaled(factor, options.scalePackage(), work.resolve("scaled" + factor));
          scaling.add(measure(scaled, first));
          first = false;
        }
      } else {
        measure(clean, first);
        first = false;
      }
    }
    if (!scaling.isEmpty()) {
      reportScaling(scaling);
    }
    System.out.println("Load average at the end: " + Stats.loadAverage());
  }

  private List<CodeBase> codeBases() throws IOException {
    List<CodeBase> codeBases = new ArrayList<>();
    for (String input : options.inputs()) {
      if (input.equals("lifecycle")) {
        Path root = work.resolve("lifecycle");
        ImmutableList<Path> files = LifecycleCorpus.write(root, options.lifecycleClasses());
        codeBases.add(
            new CodeBase(
                "lifecycle",
                "generated: "
                    + options.lifecycleClasses()
                    + " classes that create, alias, close and leak clients",
                root,
                files,
                mongoDriverClassPath(),
                ImmutableSortedSet.of()));
      } else {
        codeBases.add(
            CodeBase.resolved(input, options.inputsDirectory().resolve(input).resolve("target")));
      }
    }
    return codeBases;
  }

  /** The driver's sync module and its dependencies, for the generated code base. */
  private String mongoDriverClassPath() throws IOException {
    String dependencies =
        Files.readString(
                options.inputsDirectory().resolve("mongodb-driver/target/classpath.txt"), UTF_8)
            .trim();
    String sync =
        Splitter.on(File.pathSeparatorChar)
            .splitToStream(System.getProperty("java.class.path"))
            .filter(
                entry -> Path.of(entry).getFileName().toString().startsWith("mongodb-driver-sync-"))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("mongodb-driver-sync is not on the class path"));
    return dependencies + File.pathSeparator + sync;
  }

  /**
   * Leaves out the files that plain javac cannot compile against the input's own dependencies, and
   * then those that only compiled with them, until the rest compiles cleanly.
   */
  private CodeBase compilable(CodeBase codeBase) throws IOException {
    CodeBase current = codeBase;
    for (int attempt = 0; attempt < 10; attempt++) {
      Compilation compilation = compile(current, setups.get(JAVAC));
      if (compilation.errorFiles().isEmpty() && compilation.errors() == 0) {
        return current;
      }
      if (compilation.errorFiles().isEmpty()) {
        throw new IllegalStateException(
            codeBase.name() + " does not compile: " + compilation.firstError());
      }
      current = current.without(compilation.errorFiles());
    }
    throw new IllegalStateException(codeBase.name() + " still does not compile after 10 rounds");
  }

  /** Fails unless Mongo Guard reports a stray client in its set-up, and only there. */
  private void verifySetups() throws IOException {
    Path root = work.resolve("sanity");
    Path stray = root.resolve("bench/web/Stray.java");
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
    CodeBase sanity =
        new CodeBase(
            "sanity",
            "",
            root,
            ImmutableList.of(stray),
            mongoDriverClassPath(),
            ImmutableSortedSet.of());
    for (Setup setup : setups.values()) {
      boolean expected = setup.name().equals(MONGO_GUARD);
      boolean reported =
          compile(sanity, setup).findings().getOrDefault("MongoClientOutsideConnectionModule", 0)
              > 0;
      if (reported != expected) {
        throw new IllegalStateException(
            "Set-up '" + setup.name() + (expected ? "' did not run" : "' ran") + " Mongo Guard");
      }
    }
  }

  /** Runs and reports one code base; the first one measured gets an extra warm-up run. */
  private Measured measure(CodeBase codeBase, boolean first) throws IOException {
    System.out.printf(
        Locale.ROOT,
        "%nCode base: %s: %d files, %d lines%s%n",
        codeBase.name(),
        codeBase.sources().size(),
        codeBase.lines(),
        codeBase.excluded().isEmpty()
            ? ""
            : String.format(
                Locale.ROOT,
                " (%d left out that do not compile standalone: %s)",
                codeBase.excluded().size(),
                String.join(", ", codeBase.excluded())));
    System.out.println("  from " + codeBase.description());
    if (!codeBase.classPathNames().isEmpty()) {
      System.out.println("  class path: " + String.join(", ", codeBase.classPathNames()));
    }
    Map<String, List<Compilation>> runs = new LinkedHashMap<>();
    setups.keySet().forEach(name -> runs.put(name, new ArrayList<>()));
    List<Setup> order = new ArrayList<>(setups.values());
    int warmup = first ? options.warmup() + 1 : options.warmup();
    for (int round = 0; round < warmup + options.runs(); round++) {
      for (Setup setup : order) {
        Compilation compilation = compile(codeBase, setup);
        if (compilation.errors() > 0) {
          throw new IllegalStateException(
              setup.name() + " failed on " + codeBase.name() + ": " + compilation.firstError());
        }
        if (round >= warmup) {
          runs.get(setup.name()).add(compilation);
        }
      }
      Collections.rotate(order, 1);
      System.err.printf(
          Locale.ROOT, "  %s: run %d of %d%n", codeBase.name(), round + 1, warmup + options.runs());
    }
    Measured measured = new Measured(codeBase, runs);
    report(measured);
    return measured;
  }

  private Compilation compile(CodeBase codeBase, Setup setup) throws IOException {
    Path output = Files.createTempDirectory(work, "classes");
    List<String> arguments = new ArrayList<>(COMMON_OPTIONS);
    arguments.addAll(List.of("-d", output.toString()));
    if (!codeBase.classPath().isEmpty()) {
      arguments.addAll(List.of("-classpath", codeBase.classPath()));
    }
    if (setup.loader() != null) {
      // The path is only a marker that makes javac ask the file manager for the loader below.
      arguments.addAll(List.of("-processorpath", output.toString()));
      List<String> plugin = new ArrayList<>();
      plugin.add("-Xplugin:ErrorProne");
      plugin.add("-XepAllErrorsAsWarnings");
      plugin.add("-XepOpt:MongoGuard:ConnectionModule=" + LifecycleCorpus.CONNECTION_MODULE);
      plugin.addAll(setup.checks());
      arguments.add(String.join(" ", plugin));
    }
    Counter counter = new Counter(mongoGuardChecks);
    System.gc();
    long wallStart = System.nanoTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    Map<String, Duration> checkTimings;
    try (StandardJavaFileManager standard =
            compiler.getStandardFileManager(counter, Locale.ROOT, UTF_8);
        ProcessorLoader files = new ProcessorLoader(standard, setup.loader())) {
      BasicJavacTask task =
          (BasicJavacTask)
              compiler.getTask(
                  null,
                  files,
                  counter,
                  arguments,
                  null,
                  standard.getJavaFileObjectsFromPaths(codeBase.sources()));
      Context context = task.getContext(); // javac drops its reference when the task ends
      task.call();
      checkTimings = setup.loader() == null ? Map.of() : checkTimings(setup.loader(), context);
    }
    long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
    long wall = System.nanoTime() - wallStart;
    deleteRecursively(output);
    return new Compilation(
        wall / 1e6,
        cpu / 1e6,
        checkTimings,
        counter.errors,
        counter.firstError,
        counter.errorFiles,
        ImmutableSortedMap.copyOf(counter.findings));
  }

  /** The time Error Prone spent in each check of the compilation that used {@code context}. */
  private static Map<String, Duration> checkTimings(ClassLoader loader, Context context) {
    try {
      Class<?> timings = Class.forName("com.google.errorprone.ErrorProneTimings", true, loader);
      Object instance = timings.getMethod("instance", Context.class).invoke(null, context);
      @SuppressWarnings("unchecked")
      Map<String, Duration> byCheck =
          (Map<String, Duration>) timings.getMethod("timings").invoke(instance);
      return Map.copyOf(byCheck);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot read Error Prone's check timings", e);
    }
  }

  private void report(Measured measured) {
    Map<String, List<Compilation>> runs = measured.runs();
    System.out.printf(
        Locale.ROOT,
        "  %-26s %11s %11s %13s %13s%n",
        "set-up",
        "median wall",
        "median CPU",
        "CPU min",
        "CPU max");
    for (Map.Entry<String, List<Compilation>> setup : runs.entrySet()) {
      List<Double> cpu = values(setup.getValue(), Compilation::cpuMillis);
      System.out.printf(
          Locale.ROOT,
          "  %-26s %9.0f ms %8.0f ms %10.0f ms %10.0f ms%n",
          setup.getKey(),
          Stats.median(values(setup.getValue(), Compilation::wallMillis)),
          Stats.median(cpu),
          Collections.min(cpu),
          Collections.max(cpu));
    }
    List<Compilation> javac = runs.get(JAVAC);
    List<Compilation> errorProne = runs.get(ERROR_PRONE);
    List<Compilation> mongoGuard = runs.get(MONGO_GUARD);
    System.out.println("  Ratios of paired runs, median and 95 % interval:");
    printRatio("Error Prone / javac, CPU", paired(errorProne, javac, Compilation::cpuMillis));
    printRatio("Error Prone / javac, wall", paired(errorProne, javac, Compilation::wallMillis));
    printRatio(
        "(EP + Mongo Guard) / EP, CPU", paired(mongoGuard, errorProne, Compilation::cpuMillis));
    printRatio(
        "(EP + Mongo Guard) / EP, wall", paired(mongoGuard, errorProne, Compilation::wallMillis));

    System.out.println(
        "  Error Prone's own timings in the Mongo Guard set-up (ErrorProneTimings), median per"
            + " compile:");
    System.out.printf(
        Locale.ROOT, "    %-38s %9s %16s %9s%n", "check", "time", "share of compile", "findings");
    for (String check : mongoGuardChecks) {
      System.out.printf(
          Locale.ROOT,
          "    %-38s %6.1f ms %14.3f %% %9d%n",
          check,
          Stats.median(values(mongoGuard, run -> run.checkMillis(check))),
          100 * Stats.median(values(mongoGuard, run -> run.checkMillis(check) / run.wallMillis())),
          mongoGuard.get(0).findings().getOrDefault(check, 0));
    }
    List<Double> shares =
        values(mongoGuard, run -> run.checksMillis(mongoGuardChecks) / run.wallMillis());
    Stats.Interval shareInterval = Stats.medianInterval(shares);
    System.out.printf(
        Locale.ROOT,
        "    %-38s %6.1f ms %14.3f %% (95 %% interval %.3f to %.3f %%)%n",
        "all five",
        Stats.median(values(mongoGuard, run -> run.checksMillis(mongoGuardChecks))),
        100 * Stats.median(shares),
        100 * shareInterval.low(),
        100 * shareInterval.high());
    System.out.printf(
        Locale.ROOT,
        "    %-38s %6.0f ms %14.1f %%%n",
        "every Error Prone check",
        Stats.median(values(mongoGuard, Compilation::allChecksMillis)),
        100 * Stats.median(values(mongoGuard, run -> run.allChecksMillis() / run.wallMillis())));
  }

  private void reportScaling(List<Measured> scaling) {
    System.out.printf(Locale.ROOT, "%nScaling (%s):%n", scaling.get(0).codeBase().name());
    System.out.printf(
        Locale.ROOT,
        "  %-34s %7s %12s %12s %12s %14s %14s%n",
        "code base",
        "files",
        "javac CPU",
        "EP CPU",
        "EP + MG CPU",
        "MG checks",
        "MG per file");
    for (Measured measured : scaling) {
      double checks =
          Stats.median(
              values(measured.runs().get(MONGO_GUARD), run -> run.checksMillis(mongoGuardChecks)));
      int files = measured.codeBase().sources().size();
      System.out.printf(
          Locale.ROOT,
          "  %-34s %7d %9.0f ms %9.0f ms %9.0f ms %11.1f ms %11.3f ms%n",
          measured.codeBase().name(),
          files,
          Stats.median(values(measured.runs().get(JAVAC), Compilation::cpuMillis)),
          Stats.median(values(measured.runs().get(ERROR_PRONE), Compilation::cpuMillis)),
          Stats.median(values(measured.runs().get(MONGO_GUARD), Compilation::cpuMillis)),
          checks,
          checks / files);
    }
  }

  private static void printRatio(String label, List<Double> ratios) {
    System.out.printf(Locale.ROOT, "    %-32s %s%n", label + ":", Stats.describeRatio(ratios));
  }

  private static List<Double> paired(
      List<Compilation> numerators,
      List<Compilation> denominators,
      ToDoubleFunction<Compilation> value) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < numerators.size(); i++) {
      ratios.add(value.applyAsDouble(numerators.get(i)) / value.applyAsDouble(denominators.get(i)));
    }
    return ratios;
  }

  private static List<Double> values(List<Compilation> runs, ToDoubleFunction<Compilation> value) {
    return runs.stream().map(run -> value.applyAsDouble(run)).toList();
  }

  /** The class path entry that registers the Mongo Guard checks. */
  private static URL mongoGuardEntry() throws IOException {
    for (URL service : Collections.list(ClassLoader.getSystemResources(CHECKER_SERVICE))) {
      if (services(service).stream().anyMatch(name -> name.startsWith("io.github.mongoguard."))) {
        String text = service.toString();
        String entry = text.substring(0, text.length() - CHECKER_SERVICE.length());
        if (entry.startsWith("jar:")) {
          entry = entry.substring("jar:".length(), entry.length() - "!/".length());
        }
        return new URL(entry);
      }
    }
    throw new IllegalStateException("The Mongo Guard checks are not on the class path");
  }

  private static ImmutableList<String> checkNames(URL checks) throws IOException {
    URL service =
        checks.toString().endsWith(".jar")
            ? new URL("jar:" + checks + "!/" + CHECKER_SERVICE)
            : new URL(checks, CHECKER_SERVICE);
    return services(service).stream()
        .map(name -> name.substring(name.lastIndexOf('.') + 1))
        .sorted()
        .collect(ImmutableList.toImmutableList());
  }

  private static List<String> services(URL service) throws IOException {
    try (InputStream in = service.openStream()) {
      return Splitter.on('\n')
          .trimResults()
          .omitEmptyStrings()
          .splitToStream(new String(in.readAllBytes(), UTF_8))
          .filter(line -> !line.startsWith("#"))
          .toList();
    }
  }

  private static boolean sameEntry(URL url, URL entry) {
    try {
      return Path.of(url.toURI()).equals(Path.of(entry.toURI()));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static URLClassLoader loader(List<URL> urls) {
    return new URLClassLoader(urls.toArray(URL[]::new), new CompilerOnlyClassLoader());
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** A compiler set-up; {@code loader} is null for plain javac. */
  private record Setup(String name, URLClassLoader loader, ImmutableList<String> checks) {}

  /** A code base's runs, by set-up. */
  private record Measured(CodeBase codeBase, Map<String, List<Compilation>> runs) {}

  /** One compilation: its times, Error Prone's check timings, and its diagnostics. */
  private record Compilation(
      double wallMillis,
      double cpuMillis,
      Map<String, Duration> checkTimings,
      int errors,
      String firstError,
      Set<Path> errorFiles,
      ImmutableSortedMap<String, Integer> findings) {
    double checkMillis(String check) {
      Duration time = checkTimings.get(check);
      return time == null ? 0 : time.toNanos() / 1e6;
    }

    double checksMillis(List<String> checks) {
      return checks.stream().mapToDouble(this::checkMillis).sum();
    }

    double allChecksMillis() {
      return checkTimings.values().stream().mapToDouble(time -> time.toNanos() / 1e6).sum();
    }
  }

  /** Counts errors, and the findings of each Mongo Guard check, without keeping diagnostics. */
  private static final class Counter implements DiagnosticListener<JavaFileObject> {
    private final List<String> checks;
    private final Set<Path> errorFiles = new HashSet<>();
    private final Map<String, Integer> findings = new TreeMap<>();
    private int errors;
    private String firstError = "";

    Counter(List<String> checks) {
      this.checks = checks;
    }

    @Override
    public void report(Diagnostic<? extends JavaFileObject> diagnostic) {
      if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
        if (errors++ == 0) {
          firstError = diagnostic.toString();
        }
        if (diagnostic.getSource() != null) {
          errorFiles.add(Path.of(diagnostic.getSource().toUri()).toAbsolutePath().normalize());
        }
        return;
      }
      String message = rawMessage(diagnostic);
      if (message.startsWith("[")) {
        String check = message.substring(1, Math.max(1, message.indexOf(']')));
        if (checks.contains(check)) {
          findings.merge(check, 1, Integer::sum);
        }
      }
    }

    /**
     * Error Prone's message, "[Check] text", read from the diagnostic's argument where possible:
     * formatting every warning would be time spent inside the check that reported it.
     */
    private static String rawMessage(Diagnostic<? extends JavaFileObject> diagnostic) {
      if (diagnostic instanceof ClientCodeWrapper.DiagnosticSourceUnwrapper unwrapper) {
        Object[] arguments = unwrapper.d.getArgs();
        if (arguments.length > 0 && arguments[0] instanceof String message) {
          return message;
        }
      }
      return diagnostic.getMessage(Locale.ROOT);
    }
  }

  /**
   * Hands javac the set-up's long-lived processor loader, wrapped so that javac cannot close it at
   * the end of the compilation: Error Prone and Mongo Guard stay loaded and JIT-compiled from run
   * to run, as javac's own classes do.
   */
  private static final class ProcessorLoader
      extends ForwardingJavaFileManager<StandardJavaFileManager> {
    private final ClassLoader loader;

    ProcessorLoader(StandardJavaFileManager fileManager, ClassLoader loader) {
      super(fileManager);
      this.loader = loader;
    }

    @Override
    public ClassLoader getClassLoader(Location location) {
      if (location == StandardLocation.ANNOTATION_PROCESSOR_PATH && loader != null) {
        return new ClassLoader(loader) {};
      }
      return super.getClassLoader(location);
    }
  }

  /**
   * Resolves the JDK and javac's internals and hides the application class path, which holds Mongo
   * Guard: with the default parent, Error Prone would find the checks in every set-up.
   */
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

  /** The command line. */
  record Options(
      Path inputsDirectory,
      ImmutableList<String> inputs,
      int runs,
      int warmup,
      int lifecycleClasses,
      String scaled,
      String scalePackage,
      ImmutableList<Integer> factors) {
    private static final String USAGE =
        "options: --inputs DIR, --only a,b (of mongodb-driver, spring-data-mongodb, guava,"
            + " lifecycle), --runs N, --warmup N, --lifecycle-classes N, --scale INPUT=PACKAGE,"
            + " --factors 1,2,4";

    static Options parse(String[] args) {
      Path inputs = Path.of("benchmarks/inputs");
      ImmutableList<String> only =
          ImmutableList.of("mongodb-driver", "spring-data-mongodb", "lifecycle", "guava");
      int runs = 7;
      int warmup = 1;
      int lifecycleClasses = 300;
      String scale = "lifecycle=bench.app";
      ImmutableList<Integer> factors = ImmutableList.of(1, 2, 4);
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (!name.startsWith("--")) {
          throw new IllegalArgumentException("Unexpected '" + name + "'; " + USAGE);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Missing value after " + name + "; " + USAGE);
        }
        String value = args[++i];
        switch (name) {
          case "--inputs" -> inputs = Path.of(value);
          case "--only" -> only = ImmutableList.copyOf(Splitter.on(',').trimResults().split(value));
          case "--runs" -> runs = Benchmarks.positive(name, value);
          case "--warmup" -> warmup = Benchmarks.positive(name, value);
          case "--lifecycle-classes" -> lifecycleClasses = Benchmarks.positive(name, value);
          case "--scale" -> scale = value;
          case "--factors" ->
              factors =
                  Splitter.on(',')
                      .trimResults()
                      .splitToStream(value)
                      .map(factor -> Benchmarks.positive(name, factor))
                      .collect(ImmutableList.toImmutableList());
          case "--requests", "--levels", "--time-limit", "--pool-size" -> {
            // Options of the connection benchmark, when both run.
          }
          default -> throw new IllegalArgumentException("Unknown option " + name + "; " + USAGE);
        }
      }
      if (runs < 7) {
        System.out.println(
            "Note: with fewer than 7 runs even the whole range covers the median with less than"
                + " 95 % confidence.");
      }
      int equals = scale.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("--scale needs INPUT=PACKAGE, not '" + scale + "'");
      }
      return new Options(
          inputs,
          only,
          runs,
          warmup,
          lifecycleClasses,
          scale.substring(0, equals),
          scale.substring(equals + 1),
          factors);
    }
  }
}
