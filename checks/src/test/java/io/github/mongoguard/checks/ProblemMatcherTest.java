package io.github.mongoguard.checks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Applies the GitHub Actions problem matcher that the CI guide ships to the log of a failing
 * end-to-end build, the way the Actions runner does: each pattern must match the next line.
 */
final class ProblemMatcherTest {
  private static final Path MATCHER = Path.of("../docs/setup/mongo-guard-problem-matcher.json");

  /** One annotation, as the runner would create it. */
  private record Annotation(
      String severity, String file, int line, int column, String code, String message) {}

  @Test
  void annotatesEachFindingOfAFailingBuildOnce() throws IOException {
    List<Annotation> annotations = annotate(log("failing-build.log"));

    assertEquals(2, annotations.size(), annotations.toString());
    Annotation password = annotations.get(0);
    assertEquals("ERROR", password.severity());
    assertEquals(
        "/home/runner/work/shop/shop/src/main/java/com/acme/db/Settings.java", password.file());
    assertEquals(4, password.line());
    assertEquals(29, password.column());
    assertEquals("HardcodedMongoCredentials", password.code());
    assertTrue(
        password
            .message()
            .startsWith(
                "This constant holds a MongoDB connection string with a password written into the"
                    + " source: \"mongodb://shop:****@db.acme.example/shop\"."));
    Annotation creation = annotations.get(1);
    assertEquals("ERROR", creation.severity());
    assertEquals(
        "/home/runner/work/shop/shop/src/main/java/com/acme/web/OrderHandler.java",
        creation.file());
    assertEquals(9, creation.line());
    assertEquals(50, creation.column());
    assertEquals("MongoClientOutsideConnectionModule", creation.code());
  }

  @Test
  void annotatesWarnings() throws IOException {
    List<Annotation> annotations =
        annotate(
            List.of(
                "[WARNING] /home/runner/work/shop/shop/src/main/java/com/acme/Job.java:[12,40]"
                    + " [UnclosedMongoClient] MongoClients.create creates a"
                    + " com.mongodb.client.MongoClient and keeps it in the local variable client,"
                    + " which is never closed.",
                "    (see"
                    + " https://github.com/mongoguard/mongo-guard/blob/main/docs/checks/UnclosedMongoClient.md)"));

    assertEquals(
        List.of(
            new Annotation(
                "WARNING",
                "/home/runner/work/shop/shop/src/main/java/com/acme/Job.java",
                12,
                40,
                "UnclosedMongoClient",
                "MongoClients.create creates a com.mongodb.client.MongoClient and keeps it in the"
                    + " local variable client, which is never closed.")),
        annotations);
  }

  @Test
  void leavesOtherDiagnosticsAlone() throws IOException {
    List<Annotation> annotations =
        annotate(
            List.of(
                "[ERROR] /src/main/java/com/acme/Job.java:[3,8] cannot find symbol",
                "[WARNING] /src/main/java/com/acme/Job.java:[5,9] [DoubleBraceInitialization]"
                    + " Prefer collection factory methods",
                "    (see https://errorprone.info/bugpattern/DoubleBraceInitialization)"));

    assertEquals(List.of(), annotations);
  }

  private static List<Annotation> annotate(List<String> lines) throws IOException {
    JsonNode patterns =
        new ObjectMapper().readTree(MATCHER.toFile()).at("/problemMatcher/0/pattern");
    assertEquals(2, patterns.size());
    JsonNode first = patterns.get(0);
    Pattern diagnostic = Pattern.compile(first.get("regexp").asText());
    Pattern link = Pattern.compile(patterns.get(1).get("regexp").asText());
    List<Annotation> annotations = new ArrayList<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      Matcher m = diagnostic.matcher(lines.get(i));
      if (m.matches() && link.matcher(lines.get(i + 1)).matches()) {
        annotations.add(
            new Annotation(
                m.group(first.get("severity").asInt()),
                m.group(first.get("file").asInt()),
                Integer.parseInt(m.group(first.get("line").asInt())),
                Integer.parseInt(m.group(first.get("column").asInt())),
                m.group(first.get("code").asInt()),
                m.group(first.get("message").asInt())));
      }
    }
    return annotations;
  }

  private static List<String> log(String name) throws IOException {
    try (InputStream in = ProblemMatcherTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), UTF_8).lines().toList();
    }
  }
}
