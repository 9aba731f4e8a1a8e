package io.github.mongoguard.checks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.errorprone.BugCheckerInfo;
import com.google.errorprone.bugpatterns.BugChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class MongoGuardChecksTest {
  @Test
  void namesEveryRegisteredCheck() {
    assertEquals(
        ServiceLoader.load(BugChecker.class).stream()
            .map(ServiceLoader.Provider::type)
            .filter(type -> type.getPackageName().equals(MongoGuardChecks.class.getPackageName()))
            .map(type -> type.getSimpleName())
            .sorted()
            .collect(Collectors.toList()),
        MongoGuardChecks.all().stream()
            .map(BugCheckerInfo::canonicalName)
            .collect(Collectors.toList()));
  }

  @Test
  void everyLinkIsAPageOfThisRepositoryAtThePomUrl() throws IOException {
    Matcher url =
        Pattern.compile("<url>([^<]+)</url>")
            .matcher(Files.readString(Path.of("../pom.xml"), UTF_8));
    assertTrue(url.find());
    assertEquals(Documentation.PROJECT_URL, url.group(1));
    for (BugCheckerInfo check : MongoGuardChecks.all()) {
      String page = "docs/checks/" + check.canonicalName() + ".md";
      assertEquals(Documentation.PROJECT_URL + "/blob/main/" + page, check.linkUrl());
      assertTrue(Files.isRegularFile(Path.of("..").resolve(page)), page);
    }
  }
}
