package io.github.mongoguard.checks;

import com.google.common.collect.ImmutableList;
import java.util.Comparator;

/**
 * One Mongo Guard diagnostic as Error Prone reported it, after {@code @SuppressWarnings} and
 * severity overrides.
 *
 * @param check the name of the check that reported it
 * @param level the SARIF level: {@code error}, {@code warning} or {@code note}
 * @param message the diagnostic's message, {@code [Check]} prefix included, without the link to the
 *     check's page that follows it and with every password masked
 * @param path the file, relative to the report root with {@code /} separators, or its absolute URI
 *     if it lies outside the root
 * @param insideRoot whether {@link #path} is relative to the report root
 * @param region where in the file
 * @param fingerprint what identifies the finding across edits elsewhere in the file
 * @param fixes the check's suggested fixes, each a set of replacements
 * @param baselined whether the baseline holds it, so that it was not reported
 */
record Finding(
    String check,
    String level,
    String message,
    String path,
    boolean insideRoot,
    Region region,
    String fingerprint,
    ImmutableList<ImmutableList<Edit>> fixes,
    boolean baselined) {

  /** The order findings are written in: by file, then position, then check. */
  static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::path)
          .thenComparingInt(f -> f.region().startOffset())
          .thenComparing(Finding::check)
          .thenComparing(Finding::fingerprint);

  /** This finding, marked as held by the baseline. */
  Finding asBaselined() {
    return new Finding(check, level, message, path, insideRoot, region, fingerprint, fixes, true);
  }

  /**
   * A span of source text, as character offsets and 1-based lines and columns; columns count UTF-16
   * code units and the end column is that of the first character after the span.
   */
  record Region(
      int startOffset, int endOffset, int startLine, int startColumn, int endLine, int endColumn) {}

  /**
   * One replacement of a suggested fix: the characters {@code [start, end)} become {@code text}.
   */
  record Edit(int start, int end, String text) {}
}
