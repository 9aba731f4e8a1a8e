package io.github.mongoguard.checks;

import static com.google.common.collect.ImmutableList.toImmutableList;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.BugCheckerInfo;
import com.google.errorprone.BugPattern.SeverityLevel;
import java.util.stream.Stream;

/** The checks Mongo Guard ships, as the SARIF report and the baseline name them. */
final class MongoGuardChecks {
  private static final ImmutableList<BugCheckerInfo> ALL =
      Stream.of(
              ClosedSharedMongoClient.class,
              HardcodedMongoCredentials.class,
              MongoClientOutsideConnectionModule.class,
              MongoClientPerCall.class,
              UnclosedMongoClient.class)
          .map(BugCheckerInfo::create)
          .collect(toImmutableList());

  private static final ImmutableSet<String> NAMES =
      ALL.stream().map(BugCheckerInfo::canonicalName).collect(ImmutableSet.toImmutableSet());

  private MongoGuardChecks() {}

  /** Every check, by name. */
  static ImmutableList<BugCheckerInfo> all() {
    return ALL;
  }

  /** Whether {@code name} is a Mongo Guard check. */
  static boolean isCheck(String name) {
    return NAMES.contains(name);
  }

  /** The SARIF level of a severity. */
  static String level(SeverityLevel severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case SUGGESTION -> "note";
    };
  }
}
