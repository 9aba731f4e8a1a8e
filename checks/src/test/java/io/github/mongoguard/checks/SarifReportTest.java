package io.github.mongoguard.checks;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.github.mongoguard.checks.ReportCompiler.DATABASE;
import static io.github.mongoguard.checks.ReportCompiler.compile;
import static io.github.mongoguard.checks.ReportCompiler.sarifSchemaErrors;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SarifReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

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

  private static final JavaFileObject SETTINGS =
      JavaFileObjects.forSourceLines(
          "com.acme.db.Settings",
          "package com.acme.db;",
          "",
          "final class Settings {",
          "  static final String URI = \"mongodb://app:s3cr3t-Pa55@db.acme.com/shop\";",
          "}");

  @Test
  void failingBuildWritesEveryFindingWithRulesLevelsAndLocations(@TempDir Path dir)
      throws IOException {
    Path sarif = dir.resolve("target/mongo-guard.sarif");

    Compilation compilation =
        compile(
            List.of(DATABASE, HANDLER, SETTINGS),
            "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
            "-XepOpt:MongoGuard:SarifRoot=" + dir,
            "-XepOpt:MongoGuard:SarifFile=" + sarif);

    assertThat(compilation).failed();
    String text = Files.readString(sarif, UTF_8);
    assertEquals(List.of(), sarifSchemaErrors(text));
    assertFalse(text.contains("s3cr3t-Pa55"), "the password never reaches the report");
    JsonNode run = JSON.readTree(text).get("runs").get(0);
    assertEquals("mongo-guard/target/", run.at("/automationDetails/id").asText());
    JsonNode driver = run.get("tool").get("driver");
    assertEquals("Mongo Guard", driver.get("name").asText());
    assertEquals(
        "https://github.com/mongoguard/mongo-guard", driver.get("informationUri").asText());
    assertTrue(driver.has("version"));
    List<String> ruleIds = new ArrayList<>();
    driver.get("rules").forEach(rule -> ruleIds.add(rule.get("id").asText()));
    assertEquals(
        List.of(
            "ClosedSharedMongoClient",
            "HardcodedMongoCredentials",
            "MongoClientOutsideConnectionModule",
            "MongoClientPerCall",
            "UnclosedMongoClient"),
        ruleIds);
    JsonNode outside = driver.get("rules").get(2);
    assertEquals(
        "https://github.com/mongoguard/mongo-guard/blob/main/docs/checks/MongoClientOutsideConnectionModule.md",
        outside.get("helpUri").asText());
    assertEquals(
        "Create MongoDB clients only in the connection module; use its shared client",
        outside.get("shortDescription").get("text").asText());
    assertEquals("error", outside.get("defaultConfiguration").get("level").asText());

    JsonNode results = run.get("results");
    assertEquals(2, results.size());
    JsonNode credentials = results.get(0);
    assertEquals("HardcodedMongoCredentials", credentials.get("ruleId").asText());
    assertEquals(1, credentials.get("ruleIndex").asInt());
    assertEquals("error", credentials.get("level").asText());
    assertTrue(
        credentials
            .get("message")
            .get("text")
            .asText()
            .startsWith(
                "[HardcodedMongoCredentials] This constant holds a MongoDB connection string with a"
                    + " password written into the source:"
                    + " \"mongodb://app:****@db.acme.com/shop\""));
    JsonNode location = credentials.get("locations").get(0).get("physicalLocation");
    assertEquals("com/acme/db/Settings.java", location.get("artifactLocation").get("uri").asText());
    assertEquals("%SRCROOT%", location.get("artifactLocation").get("uriBaseId").asText());
    JsonNode region = location.get("region");
    assertEquals(4, region.get("startLine").asInt());
    assertEquals(29, region.get("startColumn").asInt());
    assertEquals(4, region.get("endLine").asInt());
    assertEquals(73, region.get("endColumn").asInt());
    assertTrue(credentials.get("partialFingerprints").has(SarifReport.FINGERPRINT_KEY));

    JsonNode creation = results.get(1);
    assertEquals("MongoClientOutsideConnectionModule", creation.get("ruleId").asText());
    JsonNode creationLocation = creation.get("locations").get(0).get("physicalLocation");
    assertEquals(
        "com/acme/web/Handler.java", creationLocation.get("artifactLocation").get("uri").asText());
    assertEquals(8, creationLocation.get("region").get("startLine").asInt());
    assertEquals(31, creationLocation.get("region").get("startColumn").asInt());
    assertEquals(55, creationLocation.get("region").get("endColumn").asInt());
    assertFalse(creation.get("message").get("text").asText().contains("(see "));
  }

  @Test
  void warningLevelWritesWarningsAndTheBuildPasses(@TempDir Path dir) throws IOException {
    Path sarif = dir.resolve("mongo-guard.sarif");

    Compilation compilation =
        compile(
            List.of(DATABASE, HANDLER),
            "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
            "-Xep:MongoClientOutsideConnectionModule:WARN",
            "-XepOpt:MongoGuard:SarifFile=" + sarif);

    assertThat(compilation).succeeded();
    String text = Files.readString(sarif, UTF_8);
    assertEquals(List.of(), sarifSchemaErrors(text));
    JsonNode results = JSON.readTree(text).get("runs").get(0).get("results");
    assertEquals(1, results.size());
    assertEquals("warning", results.get(0).get("level").asText());
  }

  @Test
  void checkTurnedOffOrSuppressedWritesNothing(@TempDir Path dir) throws IOException {
    Path sarif = dir.resolve("mongo-guard.sarif");
    JavaFileObject suppressed =
        JavaFileObjects.forSourceLines(
            "com.acme.web.Report",
            "package com.acme.web;",
            "",
            "import com.mongodb.client.MongoClient;",
            "import com.mongodb.client.MongoClients;",
            "",
            "public final class Report {",
            "  @SuppressWarnings(\"MongoClientOutsideConnectionModule\")",
            "  public String first(String uri) {",
            "    try (MongoClient client = MongoClients.create(uri)) {",
            "      return client.listDatabaseNames().first();",
            "    }",
            "  }",
            "}");

    Compilation compilation =
        compile(
            List.of(DATABASE, HANDLER, SETTINGS, suppressed),
            "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
            "-Xep:HardcodedMongoCredentials:OFF",
            "-XepOpt:MongoGuard:SarifFile=" + sarif);

    assertThat(compilation).failed();
    JsonNode results = JSON.readTree(sarif.toFile()).get("runs").get(0).get("results");
    assertEquals(1, results.size());
    assertEquals(
        "com/acme/web/Handler.java",
        results
            .get(0)
            .get("locations")
            .get(0)
            .get("physicalLocation")
            .get("artifactLocation")
            .get("uri")
            .asText());
  }

  @Test
  void cleanBuildWritesValidLogWithNoResults(@TempDir Path dir) throws IOException {
    Path sarif = dir.resolve("mongo-guard.sarif");

    Compilation compilation =
        compile(
            List.of(DATABASE),
            "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
            "-XepOpt:MongoGuard:SarifFile=" + sarif);

    assertThat(compilation).succeeded();
    String text = Files.readString(sarif, UTF_8);
    assertEquals(List.of(), sarifSchemaErrors(text));
    JsonNode run = JSON.readTree(text).get("runs").get(0);
    assertTrue(run.get("results").isArray());
    assertEquals(0, run.get("results").size());
    assertTrue(run.get("invocations").get(0).get("executionSuccessful").asBoolean());
  }

  @Test
  void fingerprintStaysWhenUnrelatedLinesChange(@TempDir Path dir) throws IOException {
    JavaFileObject edited =
        JavaFileObjects.forSourceLines(
            "com.acme.web.Handler",
            "package com.acme.web;",
            "",
            "import com.mongodb.client.MongoClient;",
            "import com.mongodb.client.MongoClients;",
            "",
            "/** Handles requests. */",
            "public final class Handler {",
            "  private static final int LIMIT = 10;",
            "",
            "  public String firstDatabase(String uri) {",
            "    try (MongoClient client =",
            "        MongoClients.create( uri )) {",
            "      return client.listDatabaseNames().first();",
            "    }",
            "  }",
            "}");

    JsonNode before = onlyResult(dir.resolve("before.sarif"), HANDLER);
    JsonNode after = onlyResult(dir.resolve("after.sarif"), edited);

    assertNotEquals(
        before.at("/locations/0/physicalLocation/region/startLine").asInt(),
        after.at("/locations/0/physicalLocation/region/startLine").asInt());
    assertEquals(before.get("partialFingerprints"), after.get("partialFingerprints"));
  }

  @Test
  void methodReferenceRegionIsTheWholeReference(@TempDir Path dir) throws IOException {
    JavaFileObject reference =
        JavaFileObjects.forSourceLines(
            "com.acme.web.Factory",
            "package com.acme.web;",
            "",
            "import com.mongodb.client.MongoClient;",
            "import com.mongodb.client.MongoClients;",
            "import java.util.function.Function;",
            "",
            "public final class Factory {",
            "  public Function<String, MongoClient> factory() {",
            "    return MongoClients::create;",
            "  }",
            "}");

    JsonNode region =
        onlyResult(dir.resolve("mongo-guard.sarif"), reference)
            .at("/locations/0/physicalLocation/region");

    assertEquals(9, region.get("startLine").asInt());
    assertEquals(12, region.get("startColumn").asInt());
    assertEquals(9, region.get("endLine").asInt());
    assertEquals(32, region.get("endColumn").asInt());
  }

  @Test
  void suggestedFixBecomesSarifFix(@TempDir Path dir) throws IOException {
    Path sarif = dir.resolve("mongo-guard.sarif");

    compile(
        List.of(DATABASE, HANDLER),
        "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
        "-XepOpt:MongoGuard:SharedClient=com.acme.db.Database.client",
        "-Xep:MongoClientOutsideConnectionModule:WARN",
        "-XepOpt:MongoGuard:SarifFile=" + sarif);

    String text = Files.readString(sarif, UTF_8);
    assertEquals(List.of(), sarifSchemaErrors(text));
    JsonNode result = JSON.readTree(text).at("/runs/0/results/0");
    JsonNode change = result.at("/fixes/0/artifactChanges/0");
    assertEquals("com/acme/web/Handler.java", change.at("/artifactLocation/uri").asText());
    assertTrue(change.at("/replacements/0/insertedContent").has("text"));
    assertTrue(change.at("/replacements/0/deletedRegion").has("charOffset"));
  }

  @Test
  void patchingRunWritesNoReport(@TempDir Path dir) {
    Path sarif = dir.resolve("mongo-guard.sarif");

    compile(
        List.of(DATABASE),
        "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
        "-XepOpt:MongoGuard:SarifFile=" + sarif,
        "-XepPatchChecks:MongoClientOutsideConnectionModule",
        "-XepPatchLocation:" + dir.resolve("patches"));

    // A patching run rewrites the code; it is not the run whose findings are reported.
    assertFalse(Files.exists(sarif));
  }

  @Test
  void rootThatIsNoDirectoryStopsTheBuild(@TempDir Path dir) {
    Compilation compilation =
        compile(
            List.of(DATABASE),
            "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
            "-XepOpt:MongoGuard:SarifRoot=" + dir.resolve("missing"),
            "-XepOpt:MongoGuard:SarifFile=" + dir.resolve("mongo-guard.sarif"));

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "Invalid Mongo Guard configuration: -XepOpt:MongoGuard:SarifRoot="
                + dir.resolve("missing")
                + " names no directory");
  }

  @Test
  void configurationProblemIsAToolNotification(@TempDir Path dir) throws IOException {
    Path sarif = dir.resolve("mongo-guard.sarif");

    compile(
        List.of(DATABASE),
        "-XepOpt:MongoGuard:ConnectionModule=com/acme/db",
        "-XepOpt:MongoGuard:SarifFile=" + sarif);

    String text = Files.readString(sarif, UTF_8);
    assertEquals(List.of(), sarifSchemaErrors(text));
    JsonNode invocation = JSON.readTree(text).at("/runs/0/invocations/0");
    assertFalse(invocation.get("executionSuccessful").asBoolean());
    assertTrue(
        invocation
            .at("/toolConfigurationNotifications/0/message/text")
            .asText()
            .contains("-XepOpt:MongoGuard:ConnectionModule has the entry 'com/acme/db'"));
    assertEquals(0, JSON.readTree(text).at("/runs/0/results").size());
  }

  private static JsonNode onlyResult(Path sarif, JavaFileObject handler) throws IOException {
    compile(
        List.of(DATABASE, handler),
        "-XepOpt:MongoGuard:ConnectionModule=com.acme.db",
        "-XepOpt:MongoGuard:SarifFile=" + sarif);
    JsonNode results = JSON.readTree(sarif.toFile()).at("/runs/0/results");
    assertEquals(1, results.size());
    return results.get(0);
  }
}
