package io.github.mongoguard.checks;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;

/**
 * Compiles sources with Error Prone and the checks loaded as a user's build loads them, for the
 * tests of the SARIF report and the baseline; and validates SARIF logs against the SARIF 2.1.0 JSON
 * schema.
 */
final class ReportCompiler {
  private static final String CLASS_PATH =
      System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));

  /** The schema as the SARIF model library ships it. */
  private static final Schema SARIF_SCHEMA = loadSchema();

  static final JavaFileObject DATABASE =
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

  private ReportCompiler() {}

  static Compilation compile(List<JavaFileObject> sources, String... errorProneFlags) {
    String plugin =
        Stream.concat(
                Stream.of(
                    "-Xplugin:ErrorProne",
                    "-XepDisableAllChecks",
                    "-Xep:ClosedSharedMongoClient:ERROR",
                    "-Xep:HardcodedMongoCredentials:ERROR",
                    "-Xep:MongoClientOutsideConnectionModule:ERROR",
                    "-Xep:MongoClientPerCall:ERROR",
                    "-Xep:UnclosedMongoClient:ERROR"),
                Stream.of(errorProneFlags))
            .reduce((a, b) -> a + " " + b)
            .orElseThrow();
    return javac()
        .withClasspath(Stream.of(CLASS_PATH.split(File.pathSeparator)).map(File::new).toList())
        .withOptions(
            List.of(
                "-XDcompilePolicy=simple",
                "--should-stop=ifError=FLOW",
                "-processorpath",
                CLASS_PATH,
                plugin))
        .compile(sources);
  }

  /** The schema violations of {@code json}; empty when it is a valid SARIF 2.1.0 log. */
  static List<String> sarifSchemaErrors(String json) {
    return SARIF_SCHEMA.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  private static Schema loadSchema() {
    try (InputStream schema =
        ReportCompiler.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
