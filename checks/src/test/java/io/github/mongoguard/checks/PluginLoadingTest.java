package io.github.mongoguard.checks;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

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
    Compilation compilation =
        compile("-XepOpt:MongoGuard:ConnectionModule=com.acme.db,com.acme.web.Handler");

    assertThat(compilation).succeeded();
  }

  @Test
  void reportsEveryCreationWithoutFlag() {
    Compilation compilation = compile();

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("-XepOpt:MongoGuard:ConnectionModule=com.acme.db.Database")
        .inFile(DATABASE)
        .onLine(7);
    assertThat(compilation)
        .hadErrorContaining("-XepOpt:MongoGuard:ConnectionModule=com.acme.web.Handler")
        .inFile(HANDLER)
        .onLine(8);
  }

  @Test
  void stopsOnMalformedFlagWithoutCrash() {
    Compilation compilation = compile("-XepOpt:MongoGuard:ConnectionModule=com.acme.db;");

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "-XepOpt:MongoGuard:ConnectionModule has the entry 'com.acme.db;', which is not a"
                + " fully qualified Java class or package name");
  }

  @Test
  void honoursSeverityOverride() {
    Compilation compilation =
        compile(
            "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
            "-Xep:MongoClientOutsideConnectionModule:WARN");

    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining("[MongoClientOutsideConnectionModule]")
        .inFile(HANDLER)
        .onLine(8);
  }

  private static Compilation compile(String... errorProneFlags) {
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
        .compile(DATABASE, HANDLER);
  }
}
