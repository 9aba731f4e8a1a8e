package io.github.mongoguard.checks;

/** Where each check's documentation page lives; every diagnostic links to its page. */
final class Documentation {
  /** The project's home, which the POM declares as its URL. */
  static final String PROJECT_URL = "https://github.com/mongoguard/mongo-guard";

  /** The base of every check's {@code link}: the check's name and {@code .md} follow. */
  static final String CHECKS_BASE_URL = PROJECT_URL + "/blob/main/docs/checks/";

  private Documentation() {}
}
