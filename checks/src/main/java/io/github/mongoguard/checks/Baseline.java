package io.github.mongoguard.checks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.base.CharMatcher;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * The findings a codebase already has and does not want reported: one entry per finding, keyed by
 * its {@link Finding#fingerprint fingerprint}.
 *
 * <p>Each line holds the fingerprint, the check, the file and, after {@code #}, a comment naming
 * the line and message the finding had when it was written; lines starting with {@code #} and blank
 * lines are comments. The fields are separated by tabs.
 */
final class Baseline {
  private static final String HEADER =
      "# Mongo Guard baseline: the findings below are not reported. Entries that match nothing any"
          + " more are named in a note; rewrite the file with -XepOpt:"
          + MongoGuardFlags.WRITE_BASELINE
          + "=true.";
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
  private static final Splitter FIELDS = Splitter.on('\t').limit(4);
  private static final CharMatcher LINE_BREAKS = CharMatcher.anyOf("\r\n");
  private static final Pattern LINE_NUMBER = Pattern.compile("^ line (\\d+):");

  /**
   * One recorded finding.
   *
   * @param fingerprint the finding's fingerprint
   * @param check the check that reported it
   * @param path its file, as {@link Finding#path}
   * @param comment the readable rest of the line, without the leading {@code #}
   */
  record Entry(String fingerprint, String check, String path, String comment) {
    static Entry of(Finding finding) {
      return new Entry(
          finding.fingerprint(),
          finding.check(),
          finding.path(),
          String.format(
              " line %d: %s",
              finding.region().startLine(), LINE_BREAKS.replaceFrom(finding.message(), ' ')));
    }

    String line() {
      return String.join("\t", fingerprint, check, path, "#" + comment);
    }

    /** The file, line and message, for a note. */
    String describe() {
      return path + comment.replaceFirst("^ line (\\d+):", ":$1:");
    }
  }

  /** A baseline file that cannot be read; the message names the flag and the file. */
  static final class BaselineException extends Exception {
    private static final long serialVersionUID = 1L;

    BaselineException(String message) {
      super(message);
    }
  }

  private final ImmutableMap<String, Entry> entries;

  private Baseline(ImmutableMap<String, Entry> entries) {
    this.entries = entries;
  }

  static Baseline empty() {
    return new Baseline(ImmutableMap.of());
  }

  /** The entries, by fingerprint. */
  ImmutableMap<String, Entry> entries() {
    return entries;
  }

  /** Reads the baseline at {@code file}; a missing file is an error unless {@code mayBeMissing}. */
  static Baseline read(Path file, boolean mayBeMissing) throws BaselineException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, UTF_8);
    } catch (NoSuchFileException e) {
      if (mayBeMissing) {
        return empty();
      }
      throw new BaselineException(
          String.format(
              "-XepOpt:%s=%s names a file that does not exist; write it with -XepOpt:%s=true",
              MongoGuardFlags.BASELINE, file, MongoGuardFlags.WRITE_BASELINE));
    } catch (IOException e) {
      throw new BaselineException(
          String.format(
              "-XepOpt:%s=%s cannot be read: %s", MongoGuardFlags.BASELINE, file, e.getMessage()));
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> fields = FIELDS.splitToList(line);
      if (fields.size() < 3
          || !FINGERPRINT.matcher(fields.get(0)).matches()
          || !SourceVersion.isIdentifier(fields.get(1))
          || fields.get(2).isEmpty()
          || (fields.size() == 4 && !fields.get(3).startsWith("#"))) {
        throw new BaselineException(
            String.format(
                "-XepOpt:%s=%s: line %d is not a baseline entry (expected <fingerprint>, <check>"
                    + " and <file>, separated by tabs, and an optional # comment); rewrite the"
                    + " file with -XepOpt:%s=true",
                MongoGuardFlags.BASELINE, file, i + 1, MongoGuardFlags.WRITE_BASELINE));
      }
      String comment = fields.size() == 4 ? fields.get(3).substring(1) : "";
      entries.put(fields.get(0), new Entry(fields.get(0), fields.get(1), fields.get(2), comment));
    }
    return new Baseline(ImmutableMap.copyOf(entries));
  }

  /**
   * Writes {@code findings} to {@code file}, keeping the entries of this baseline for files that
   * were not compiled in this run (another compilation, such as the test sources', may own them).
   */
  void write(Path file, Collection<Finding> findings, Set<String> compiledPaths)
      throws IOException {
    List<Entry> kept = new ArrayList<>();
    for (Entry entry : entries.values()) {
      if (!compiledPaths.contains(entry.path())) {
        kept.add(entry);
      }
    }
    findings.stream().sorted(Finding.ORDER).map(Entry::of).forEach(kept::add);
    kept.sort(Comparator.comparing(Entry::path).thenComparing(Baseline::lineOf));
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    kept.stream().map(Entry::line).distinct().forEach(lines::add);
    Path parent = file.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, lines, UTF_8);
  }

  private static int lineOf(Entry entry) {
    java.util.regex.Matcher line = LINE_NUMBER.matcher(entry.comment());
    return line.find() ? Integer.parseInt(line.group(1)) : 0;
  }

  /** The entries that are not among {@code matched} and whose file was compiled in this run. */
  ImmutableList<Entry> stale(Set<String> matched, Set<String> compiledPaths) {
    return entries.values().stream()
        .filter(e -> !matched.contains(e.fingerprint()) && compiledPaths.contains(e.path()))
        .collect(ImmutableList.toImmutableList());
  }
}
