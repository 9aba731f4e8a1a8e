package io.github.mongoguard.checks;

/** Where each check's documentation page lives; every diagnostic links to its page. */
final class Documentation {
  /** The base of every check's {@code link}: the check's name and {@code .md} follow. */
  static final String CHECKS_BASE_URL =
      "https://github.com/mongoguard/mongo-guard/blob/main/docs/checks/";

  private Documentation() {}
}
