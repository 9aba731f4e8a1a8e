package io.github.mongoguard.checks;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the checks the way a user's build does: javac finds Error Prone and the checks on the
 * annotation processor path, Error Prone finds the checks through their {@code ServiceLoader}
 * registration, and the flags arrive inside the {@code -Xplugin:ErrorProne} argument.
 */
final class PluginLoadingTest {
  /** The test class path: Error Prone, the drivers and this module's compiled checks. */
  private static final String CLASS_PATH =
      System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));

  private static final JavaFileObject DATABASE =
      JavaFileObjects.forSourceLines(
          "com.acme.db.Database",
          "package com.acme.db;",
          "",
          "import com.mongodb.client.MongoClient;",
          "import com.mongodb.client.MongoClients;",
          "",
          "public final class Database {",
          "  private static final MongoClient CLIENT = MongoClients.create();",
          "",
          "  private Database() {}",
          "",
          "  public static MongoClient client() {",
          "    return CLIENT;",
          "  }",
          "}");

  private static final JavaFileObject HANDLER =
      JavaFileObjects.forSourceLines(
          "com.acme.web.Handler",
          "package com.acme.web;",
          "",
          "import com.mongodb.client.MongoClient;",
          "import com.mongodb.client.MongoClients;",
          "",
          "public final class Handler {",
          "  public String firstDatabase(String uri) {",
          "    try (MongoClient client = MongoClients.create(uri)) {",
          "      return client.listDatabaseNames().first();",
          "    }",
          "  }",
          "}");

  @Test
  void reportsCreationOutsideDeclaredModule() {
    Compilation compilation = compile("-XepOpt:MongoGuard:ConnectionModule=com.acme.db");

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("[MongoClientOutsideConnectionModule] MongoClients.create creates")
        .inFile(HANDLER)
        .onLine(8);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void acceptsModuleThatOwnsTheClient() {
    // The handler's client is still one per call, which MongoClientPerCall reports (below).
    Compilation compilation =
        compile(
            "-XepOpt:MongoGuard:ConnectionModule=com.acme.db,com.acme.web.Handler",
            "-Xep:MongoClientPerCall:OFF");

    assertThat(compilation).succeeded();
  }

  @Test
  void reportsClientPerCallInsideModule() {
    Compilation compilation =
        compile("-XepOpt:MongoGuard:ConnectionModule=com.acme.db,com.acme.web.Handler");

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "[MongoClientPerCall] `MongoClients.create` runs on every call of"
                + " `Handler.firstDatabase()`: `Handler.firstDatabase()` opens and closes a client"
                + " each time it runs")
        .inFile(HANDLER)
        .onLine(8);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void reportsHardcodedPasswordMasked() {
    JavaFileObject settings =
        JavaFileObjects.forSourceLines(
            "com.acme.db.Settings",
            "package com.acme.db;",
            "",
            "final class Settings {",
            "  static final String URI = \"mongodb://app:s3cr3t-Pa55@db.acme.com/shop\";",
            "}");

    Compilation compilation =
        compile(List.of(DATABASE, settings), "-XepOpt:MongoGuard:ConnectionModule=com.acme.db");

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "[HardcodedMongoCredentials] This constant holds a MongoDB connection string with a"
                + " password written into the source: \"mongodb://app:****@db.acme.com/shop\"")
        .inFile(settings)
        .onLine(4);
    assertThat(compilation).hadErrorCount(1);
    // The message never repeats the password (javac's own rendering may quote the source line).
    compilation
        .diagnostics()
        .forEach(d -> assertFalse(d.getMessage(Locale.ROOT).contains("s3cr3t-Pa55")));
  }

  @Test
  void reportsMalformedAccessorFlagOnceForAllChecks() {
    Compilation compilation =
        compile(
            "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
            "-XepOpt:MongoGuard:SharedClient=client");

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "Invalid Mongo Guard configuration: -XepOpt:MongoGuard:SharedClient has the value"
                + " 'client'");
    // The flag problem once, plus the handler's own client.
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void reportsMalformedConnectionModuleOnceAndNothingElse() {
    Compilation compilation = compile("-XepOpt:MongoGuard:ConnectionModule=com/acme/db");

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "Invalid Mongo Guard configuration: -XepOpt:MongoGuard:ConnectionModule has the entry"
                + " 'com/acme/db'");
    // Once, at one location, by one check; no check claims that no module is declared.
    assertThat(compilation).hadErrorCount(1);
    compilation
        .diagnostics()
        .forEach(
            d -> assertFalse(d.getMessage(Locale.ROOT).contains("No connection module is declared")));
  }

  @Test
  void stopsPatchingOnMalformedAccessorFlag(@TempDir Path patches) {
    Compilation compilation =
        compile(
            "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
            "-XepOpt:MongoGuard:SharedClient=com.acme.db.Database.client()",
            "-XepPatchChecks:MongoClientOutsideConnectionModule",
            "-XepPatchLocation:" + patches);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "Invalid Mongo Guard configuration: -XepOpt:MongoGuard:SharedClient has the value"
                + " 'com.acme.db.Database.client()', which is not a fully qualified class name"
                + " followed by the name of a static method");
  }

  private static Compilation compile(String... errorProneFlags) {
    return compile(List.of(DATABASE, HANDLER), errorProneFlags);
  }

  private static Compilation compile(List<JavaFileObject> sources, String... errorProneFlags) {
    String plugin =
        Stream.concat(
                // PackageInfo crashes on in-memory sources; it is no part of Mongo Guard.
                Stream.of("-Xplugin:ErrorProne", "-Xep:PackageInfo:OFF"),
                Stream.of(errorProneFlags))
            .reduce((a, b) -> a + " " + b)
            .orElseThrow();
    return javac()
        .withClasspath(
            Stream.of(CLASS_PATH.split(File.pathSeparator)).map(File::new).toList())
        .withOptions(
            List.of(
                "-XDcompilePolicy=simple",
                "--should-stop=ifError=FLOW",
                "-processorpath",
                CLASS_PATH,
                plugin))
        .compile(sources);
  }
}
