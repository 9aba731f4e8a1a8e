package io.github.mongoguard.checks;

import com.contrastsecurity.sarif.ArtifactChange;
import com.contrastsecurity.sarif.ArtifactContent;
import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.Invocation;
import com.contrastsecurity.sarif.Location;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.Notification;
import com.contrastsecurity.sarif.OriginalUriBaseIds;
import com.contrastsecurity.sarif.PartialFingerprints;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.Region;
import com.contrastsecurity.sarif.Replacement;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.RunAutomationDetails;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.Suppression;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.collect.ImmutableList;
import com.google.errorprone.BugCheckerInfo;
import io.github.mongoguard.checks.Finding.Edit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** Writes the findings of one javac run as a SARIF 2.1.0 log. */
final class SarifReport {
  /** The base that every relative artifact URI in the report resolves against. */
  static final String SOURCE_ROOT = "%SRCROOT%";

  /** The key of the one partial fingerprint each result carries. */
  static final String FINGERPRINT_KEY = "mongoGuardFingerprint/v1";

  private static final URI SCHEMA = URI.create("https://json.schemastore.org/sarif-2.1.0.json");
  private static final URI INFORMATION_URI = URI.create(Documentation.PROJECT_URL);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .addMixIn(Result.class, Explicit.class)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes a result's level even where it is SARIF's default, for readers that miss defaults. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private abstract static class Explicit {}

  private SarifReport() {}

  /**
   * Writes {@code findings} to {@code file}.
   *
   * @param root the directory relative paths resolve against
   * @param baseline the baseline file that suppressed findings come from, for their justification
   * @param configurationProblems what is wrong with the flags, reported as tool notifications
   */
  static void write(
      Path file,
      Path root,
      Collection<Finding> findings,
      String baseline,
      List<String> configurationProblems)
      throws IOException {
    ImmutableList<BugCheckerInfo> checks = MongoGuardChecks.all();
    Set<ReportingDescriptor> rules = new LinkedHashSet<>();
    List<String> ruleIds = new ArrayList<>();
    for (BugCheckerInfo check : checks) {
      ruleIds.add(check.canonicalName());
      rules.add(
          new ReportingDescriptor()
              .withId(check.canonicalName())
              .withName(check.canonicalName())
              .withShortDescription(new MultiformatMessageString().withText(check.message()))
              .withHelpUri(URI.create(check.linkUrl()))
              .withDefaultConfiguration(
                  new ReportingConfiguration()
                      .withLevel(
                          ReportingConfiguration.Level.fromValue(
                              MongoGuardChecks.level(check.defaultSeverity())))));
    }
    List<Result> results = new ArrayList<>();
    findings.stream()
        .sorted(Finding.ORDER)
        .forEach(finding -> results.add(result(finding, ruleIds, baseline)));
    List<Notification> notifications = new ArrayList<>();
    for (String problem : configurationProblems) {
      notifications.add(
          new Notification()
              .withLevel(Notification.Level.ERROR)
              .withMessage(new Message().withText(problem)));
    }
    OriginalUriBaseIds baseIds =
        new OriginalUriBaseIds()
            .withAdditionalProperty(
                SOURCE_ROOT, new ArtifactLocation().withUri(directoryUri(root).toString()));
    Run run =
        new Run()
            .withTool(
                new Tool()
                    .withDriver(
                        new ToolComponent()
                            .withName("Mongo Guard")
                            .withVersion(version())
                            .withInformationUri(INFORMATION_URI)
                            .withRules(rules)))
            .withAutomationDetails(new RunAutomationDetails().withId(category(file, root)))
            .withOriginalUriBaseIds(baseIds)
            .withColumnKind(Run.ColumnKind.UTF_16_CODE_UNITS)
            .withInvocations(
                List.of(
                    new Invocation()
                        .withExecutionSuccessful(configurationProblems.isEmpty())
                        .withToolConfigurationNotifications(
                            notifications.isEmpty() ? null : notifications)))
            .withResults(results);
    SarifSchema210 log =
        new SarifSchema210()
            .with$schema(SCHEMA)
            .withVersion(SarifSchema210.Version._2_1_0)
            .withRuns(List.of(run));
    Path parent = file.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), log);
  }

  private static Result result(Finding finding, List<String> ruleIds, String baseline) {
    ArtifactLocation artifact = artifact(finding);
    Finding.Region where = finding.region();
    Result result =
        new Result()
            .withRuleId(finding.check())
            .withLevel(Result.Level.fromValue(finding.level()))
            .withMessage(new Message().withText(finding.message()))
            .withLocations(
                List.of(
                    new Location()
                        .withPhysicalLocation(
                            new PhysicalLocation()
                                .withArtifactLocation(artifact)
                                .withRegion(
                                    new Region()
                                        .withStartLine(where.startLine())
                                        .withStartColumn(where.startColumn())
                                        .withEndLine(where.endLine())
                                        .withEndColumn(where.endColumn())))))
            .withPartialFingerprints(
                new PartialFingerprints()
                    .withAdditionalProperty(FINGERPRINT_KEY, finding.fingerprint()));
    // SARIF's "not ranked" default, which the model would otherwise write out.
    result.setRank(null);
    int ruleIndex = ruleIds.indexOf(finding.check());
    if (ruleIndex >= 0) {
      result.withRuleIndex(ruleIndex);
    }
    if (!finding.fixes().isEmpty()) {
      Set<com.contrastsecurity.sarif.Fix> fixes = new LinkedHashSet<>();
      for (ImmutableList<Edit> edits : finding.fixes()) {
        List<Replacement> replacements = new ArrayList<>();
        for (Edit edit : edits) {
          replacements.add(
              new Replacement()
                  .withDeletedRegion(
                      new Region()
                          .withCharOffset(edit.start())
                          .withCharLength(edit.end() - edit.start()))
                  .withInsertedContent(new ArtifactContent().withText(edit.text())));
        }
        fixes.add(
            new com.contrastsecurity.sarif.Fix()
                .withDescription(new Message().withText("Apply the suggested fix"))
                .withArtifactChanges(
                    Set.of(
                        new ArtifactChange()
                            .withArtifactLocation(artifact(finding))
                            .withReplacements(replacements))));
      }
      result.setFixes(fixes);
    }
    if (finding.baselined()) {
      result.withSuppressions(
          Set.of(
              new Suppression()
                  .withKind(Suppression.Kind.EXTERNAL)
                  .withStatus(Suppression.Status.ACCEPTED)
                  .withJustification("Recorded in the Mongo Guard baseline " + baseline)));
    }
    return result;
  }

  private static ArtifactLocation artifact(Finding finding) {
    ArtifactLocation artifact = new ArtifactLocation().withUri(finding.path());
    return finding.insideRoot() ? artifact.withUriBaseId(SOURCE_ROOT) : artifact;
  }

  /**
   * The run's category: one per report file, so that code scanning keeps the reports of the modules
   * of a build apart when they are uploaded together. Named after the file's directory relative to
   * the root, such as {@code mongo-guard/orders-service/target/}.
   */
  static String category(Path file, Path root) {
    Path directory = file.toAbsolutePath().normalize().getParent();
    String relative =
        directory != null && directory.startsWith(root)
            ? root.relativize(directory).toString().replace('\\', '/')
            : "";
    return "mongo-guard/" + (relative.isEmpty() ? "" : relative + "/");
  }

  /** The root as a {@code file:} URI that ends in {@code /}, as SARIF wants a base URI. */
  private static URI directoryUri(Path root) {
    String uri = root.toUri().toString();
    return URI.create(uri.endsWith("/") ? uri : uri + "/");
  }

  /** The plugin's version, from the properties file the build fills in. */
  static String version() {
    try (InputStream in = SarifReport.class.getResourceAsStream("mongo-guard.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
