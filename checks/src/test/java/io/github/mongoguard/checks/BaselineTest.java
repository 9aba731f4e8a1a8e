package io.github.mongoguard.checks;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.github.mongoguard.checks.ReportCompiler.DATABASE;
import static io.github.mongoguard.checks.ReportCompiler.compile;
import static io.github.mongoguard.checks.ReportCompiler.sarifSchemaErrors;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class BaselineTest {
  private static final String MODULE = "-XepOpt:MongoGuard:ConnectionModule=com.acme.db";

  private static final JavaFileObject HANDLER =
      handler(
          "  public String firstDatabase(String uri) {",
          "    try (MongoClient client = MongoClients.create(uri)) {",
          "      return client.listDatabaseNames().first();",
          "    }",
          "  }");

  private static final JavaFileObject SETTINGS =
      JavaFileObjects.forSourceLines(
          "com.acme.db.Settings",
          "package com.acme.db;",
          "",
          "final class Settings {",
          "  static final String URI = \"mongodb://app:s3cr3t-Pa55@db.acme.com/shop\";",
          "}");

  @Test
  void writeBaselineRecordsEveryFindingAndPasses(@TempDir Path dir) throws IOException {
    Path baseline = dir.resolve("mongo-guard-baseline.txt");

    Compilation compilation =
        compile(
            List.of(DATABASE, HANDLER, SETTINGS),
            MODULE,
            "-XepOpt:MongoGuard:Baseline=" + baseline,
            "-XepOpt:MongoGuard:WriteBaseline=true");

    assertThat(compilation).succeeded();
    assertThat(compilation).hadNoteContaining("Mongo Guard wrote 2 findings to the baseline");
    List<String> lines = Files.readAllLines(baseline, UTF_8);
    assertEquals(3, lines.size());
    assertTrue(lines.get(0).startsWith("# Mongo Guard baseline"));
    List<String> settings = List.of(lines.get(1).split("\t"));
    assertEquals("HardcodedMongoCredentials", settings.get(1));
    assertEquals("com/acme/db/Settings.java", settings.get(2));
    assertTrue(settings.get(3).startsWith("# line 4: [HardcodedMongoCredentials] This constant"));
    List<String> handler = List.of(lines.get(2).split("\t"));
    assertEquals("MongoClientOutsideConnectionModule", handler.get(1));
    assertEquals("com/acme/web/Handler.java", handler.get(2));
    assertTrue(handler.get(3).startsWith("# line 8: [MongoClientOutsideConnectionModule]"));
    assertFalse(String.join("\n", lines).contains("s3cr3t-Pa55"));
  }

  @Test
  void baselinedFindingsAreNotReported(@TempDir Path dir) throws IOException {
    Path baseline = writeBaseline(dir, HANDLER, SETTINGS);

    Compilation compilation =
        compile(
            List.of(DATABASE, HANDLER, SETTINGS),
            MODULE,
            "-XepOpt:MongoGuard:Baseline=" + baseline);

    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(0);
  }

  @Test
  void baselinedFindingIsSuppressedInSarif(@TempDir Path dir) throws IOException {
    Path baseline = writeBaseline(dir, HANDLER);
    Path sarif = dir.resolve("mongo-guard.sarif");

    compile(
        List.of(DATABASE, HANDLER),
        MODULE,
        "-XepOpt:MongoGuard:Baseline=" + baseline,
        "-XepOpt:MongoGuard:SarifFile=" + sarif);

    String text = Files.readString(sarif, UTF_8);
    assertEquals(List.of(), sarifSchemaErrors(text));
    JsonNode suppression = new ObjectMapper().readTree(text).at("/runs/0/results/0/suppressions/0");
    assertEquals("external", suppression.get("kind").asText());
    assertEquals("accepted", suppression.get("status").asText());
  }

  @Test
  void newFindingInAnotherMethodStillFails(@TempDir Path dir) throws IOException {
    Path baseline = writeBaseline(dir, HANDLER);
    JavaFileObject twice =
        handler(
            "  public String firstDatabase(String uri) {",
            "    try (MongoClient client = MongoClients.create(uri)) {",
            "      return client.listDatabaseNames().first();",
            "    }",
            "  }",
            "",
            "  public String secondDatabase(String uri) {",
            "    try (MongoClient client = MongoClients.create(uri)) {",
            "      return client.listDatabaseNames().first();",
            "    }",
            "  }");

    Compilation compilation =
        compile(List.of(DATABASE, twice), MODULE, "-XepOpt:MongoGuard:Baseline=" + baseline);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[MongoClientOutsideConnectionModule]")
        .inFile(twice)
        .onLine(14);
  }

  @Test
  void secondIdenticalFindingInTheSameMemberIsNew(@TempDir Path dir) throws IOException {
    Path baseline = writeBaseline(dir, HANDLER);
    JavaFileObject twice =
        handler(
            "  public String firstDatabase(String uri) {",
            "    try (MongoClient client = MongoClients.create(uri)) {",
            "      try (MongoClient other = MongoClients.create(uri)) {",
            "        return client.listDatabaseNames().first();",
            "      }",
            "    }",
            "  }");

    Compilation compilation =
        compile(List.of(DATABASE, twice), MODULE, "-XepOpt:MongoGuard:Baseline=" + baseline);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[MongoClientOutsideConnectionModule]")
        .inFile(twice)
        .onLine(9);
  }

  @Test
  void findingInAnAnonymousClassKeepsItsEntryWhenAnotherIsAddedBefore(@TempDir Path dir)
      throws IOException {
    JavaFileObject before =
        handler(
            "  public java.util.function.Supplier<String> first(String uri) {",
            "    return new java.util.function.Supplier<String>() {",
            "      @Override",
            "      public String get() {",
            "        try (MongoClient client = MongoClients.create(uri)) {",
            "          return client.listDatabaseNames().first();",
            "        }",
            "      }",
            "    };",
            "  }");
    JavaFileObject after =
        handler(
            "  private final Runnable ping = new Runnable() {",
            "    @Override",
            "    public void run() {}",
            "  };",
            "",
            "  public java.util.function.Supplier<String> first(String uri) {",
            "    return new java.util.function.Supplier<String>() {",
            "      @Override",
            "      public String get() {",
            "        try (MongoClient client = MongoClients.create(uri)) {",
            "          return client.listDatabaseNames().first();",
            "        }",
            "      }",
            "    };",
            "  }");
    Path baseline = writeBaseline(dir, before);
    assertEquals(2, Files.readAllLines(baseline, UTF_8).size());

    Compilation compilation =
        compile(List.of(DATABASE, after), MODULE, "-XepOpt:MongoGuard:Baseline=" + baseline);

    // The anonymous class is now Handler$2, not Handler$1; the entry names Handler#first(String).
    assertThat(compilation).succeeded();
    assertEquals(0, compilation.notes().size(), compilation.notes().toString());
  }

  @Test
  void methodReferenceFindingIsBaselined(@TempDir Path dir) throws IOException {
    JavaFileObject reference =
        handler(
            "  public java.util.function.Function<String, MongoClient> factory() {",
            "    return MongoClients::create;",
            "  }");
    Path baseline = writeBaseline(dir, reference);
    assertEquals(2, Files.readAllLines(baseline, UTF_8).size());

    Compilation compilation =
        compile(List.of(DATABASE, reference), MODULE, "-XepOpt:MongoGuard:Baseline=" + baseline);

    assertThat(compilation).succeeded();
    assertEquals(0, compilation.notes().size(), compilation.notes().toString());
  }

  @Test
  void entryNeverHidesAnotherFileOrCheck(@TempDir Path dir) throws IOException {
    Path baseline = writeBaseline(dir, HANDLER);
    JavaFileObject copy =
        JavaFileObjects.forSourceLines(
            "com.acme.web.Copy",
            "package com.acme.web;",
            "",
            "import com.mongodb.client.MongoClient;",
            "import com.mongodb.client.MongoClients;",
            "",
            "public final class Copy {",
            "  public String firstDatabase(String uri) {",
            "    try (MongoClient client = MongoClients.create(uri)) {",
            "      return client.listDatabaseNames().first();",
            "    }",
            "  }",
            "}");

    Compilation compilation =
        compile(
            List.of(DATABASE, HANDLER, copy, SETTINGS),
            MODULE,
            "-XepOpt:MongoGuard:Baseline=" + baseline);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[MongoClientOutsideConnectionModule]")
        .inFile(copy)
        .onLine(8);
    assertThat(compilation)
        .hadErrorContaining("[HardcodedMongoCredentials]")
        .inFile(SETTINGS)
        .onLine(4);
  }

  @Test
  void fixedFindingTurnsItsEntryIntoANote(@TempDir Path dir) throws IOException {
    Path baseline = writeBaseline(dir, HANDLER);
    JavaFileObject fixed =
        handler(
            "  public String firstDatabase() {",
            "    return com.acme.db.Database.client().listDatabaseNames().first();",
            "  }");

    Compilation compilation =
        compile(List.of(DATABASE, fixed), MODULE, "-XepOpt:MongoGuard:Baseline=" + baseline);

    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadNoteContaining(
            "Mongo Guard: 1 entry of the baseline " + baseline + " matches no finding any more");
    assertThat(compilation)
        .hadNoteContaining(
            "MongoClientOutsideConnectionModule in com/acme/web/Handler.java:8:"
                + " [MongoClientOutsideConnectionModule]");
  }

  @Test
  void entryOfAFileNotCompiledIsNotStale(@TempDir Path dir) throws IOException {
    Path baseline = writeBaseline(dir, HANDLER);

    Compilation compilation =
        compile(List.of(DATABASE), MODULE, "-XepOpt:MongoGuard:Baseline=" + baseline);

    assertThat(compilation).succeeded();
    assertEquals(0, compilation.notes().size(), compilation.notes().toString());
  }

  @Test
  void rewritingKeepsEntriesOfFilesNotCompiled(@TempDir Path dir) throws IOException {
    Path baseline = writeBaseline(dir, HANDLER, SETTINGS);

    compile(
        List.of(DATABASE),
        MODULE,
        "-XepOpt:MongoGuard:Baseline=" + baseline,
        "-XepOpt:MongoGuard:WriteBaseline=true");

    assertEquals(3, Files.readAllLines(baseline, UTF_8).size());
  }

  @Test
  void missingBaselineStopsTheBuild(@TempDir Path dir) {
    Path missing = dir.resolve("nowhere.txt");

    Compilation compilation =
        compile(List.of(DATABASE, HANDLER), MODULE, "-XepOpt:MongoGuard:Baseline=" + missing);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "Invalid Mongo Guard configuration: -XepOpt:MongoGuard:Baseline="
                + missing
                + " names a file that does not exist");
  }

  @Test
  void malformedBaselineStopsTheBuild(@TempDir Path dir) throws IOException {
    Path baseline = dir.resolve("baseline.txt");
    Files.writeString(baseline, "# comment\n\nnot an entry\n", UTF_8);

    Compilation compilation =
        compile(List.of(DATABASE, HANDLER), MODULE, "-XepOpt:MongoGuard:Baseline=" + baseline);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "-XepOpt:MongoGuard:Baseline=" + baseline + ": line 3 is not a baseline entry");
  }

  @Test
  void writeBaselineNeedsAFile() {
    Compilation compilation =
        compile(List.of(DATABASE), MODULE, "-XepOpt:MongoGuard:WriteBaseline=true");

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "-XepOpt:MongoGuard:WriteBaseline=true needs the file to write: add"
                + " -XepOpt:MongoGuard:Baseline=<file>");
  }

  @Test
  void writeBaselineTakesOnlyBooleans(@TempDir Path dir) {
    Compilation compilation =
        compile(
            List.of(DATABASE),
            MODULE,
            "-XepOpt:MongoGuard:Baseline=" + dir.resolve("b.txt"),
            "-XepOpt:MongoGuard:WriteBaseline=yes");

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("-XepOpt:MongoGuard:WriteBaseline=yes is neither true nor false");
  }

  private static Path writeBaseline(Path dir, JavaFileObject... sources) {
    Path baseline = dir.resolve("mongo-guard-baseline.txt");
    List<JavaFileObject> all = new java.util.ArrayList<>(List.of(DATABASE));
    all.addAll(List.of(sources));
    assertThat(
            compile(
                all,
                MODULE,
                "-XepOpt:MongoGuard:Baseline=" + baseline,
                "-XepOpt:MongoGuard:WriteBaseline=true"))
        .succeeded();
    return baseline;
  }

  private static JavaFileObject handler(String... members) {
    List<String> lines =
        new java.util.ArrayList<>(
            List.of(
                "package com.acme.web;",
                "",
                "import com.mongodb.client.MongoClient;",
                "import com.mongodb.client.MongoClients;",
                "",
                "public final class Handler {"));
    lines.addAll(List.of(members));
    lines.add("}");
    return JavaFileObjects.forSourceLines("com.acme.web.Handler", lines);
  }
}
