package io.github.mongoguard.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One code base to compile: its source files, the class path it compiles against, and what was left
 * out of it.
 *
 * @param name what the report calls it
 * @param description where the sources come from (versions)
 * @param root the directory the sources lie under
 * @param sources the files compiled
 * @param classPath the class path, as javac's {@code -classpath} takes it
 * @param excluded files of the original sources left out, relative to {@code root}
 */
record CodeBase(
    String name,
    String description,
    Path root,
    ImmutableList<Path> sources,
    String classPath,
    ImmutableSortedSet<String> excluded) {

  /**
   * Reads an input resolved by Maven: {@code sources/} holds the unpacked sources jars, {@code
   * classpath.txt} the input's dependencies, and {@code artifacts.txt} the input's own jars.
   */
  static CodeBase resolved(String name, Path directory) throws IOException {
    Path sources = directory.resolve("sources").toAbsolutePath().normalize();
    Path classPathFile = directory.resolve("classpath.txt");
    if (!Files.isDirectory(sources) || !Files.isRegularFile(classPathFile)) {
      throw new IllegalArgumentException(
          "No resolved input in "
              + directory
              + ": build it with the benchmarks profile first (docs/benchmarks.md)");
    }
    Path artifacts = directory.resolve("artifacts.txt");
    String description =
        Files.isRegularFile(artifacts)
            ? Splitter.on(File.pathSeparatorChar)
                .omitEmptyStrings()
                .splitToStream(Files.readString(artifacts, UTF_8).trim())
                .map(jar -> Path.of(jar).getFileName().toString().replaceFirst("\\.jar$", ""))
                .sorted()
                .collect(Collectors.joining(", ", "the sources jars of ", ""))
            : directory.toString();
    ImmutableList<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files =
          walk.filter(path -> path.toString().endsWith(".java"))
              // A module descriptor would turn the compilation into a module's.
              .filter(path -> !path.getFileName().toString().equals("module-info.java"))
              .sorted()
              .collect(ImmutableList.toImmutableList());
    }
    String classPath = Files.readString(classPathFile, UTF_8).trim();
    return new CodeBase(name, description, sources, files, classPath, ImmutableSortedSet.of());
  }

  /** This code base without {@code failing}, the files that do not compile standalone. */
  CodeBase without(Set<Path> failing) {
    return new CodeBase(
        name,
        description,
        root,
        sources.stream()
            .filter(file -> !failing.contains(file))
            .collect(ImmutableList.toImmutableList()),
        classPath,
        ImmutableSortedSet.<String>naturalOrder()
            .addAll(excluded)
            .addAll(failing.stream().map(file -> root.relativize(file).toString()).iterator())
            .build());
  }

  /**
   * This code base {@code factor} times over: the original and {@code factor - 1} copies of the
   * package tree {@code rootPackage}, each renamed to {@code copyN.rootPackage} in package
   * declarations, imports and qualified names, written under {@code directory}.
   */
  CodeBase scaled(int factor, String rootPackage, Path directory) throws IOException {
    if (factor == 1) {
      return this;
    }
    Pattern reference = Pattern.compile("\\b" + Pattern.quote(rootPackage) + "\\b");
    ImmutableList.Builder<Path> files = ImmutableList.<Path>builder().addAll(sources);
    for (int copy = 1; copy < factor; copy++) {
      String renamed = Matcher.quoteReplacement("copy" + copy + "." + rootPackage);
      Path copyRoot = directory.resolve("copy" + copy);
      for (Path source : sources) {
        Path relative = root.relativize(source);
        if (!relative.toString().startsWith(rootPackage.replace('.', '/') + "/")) {
          continue;
        }
        Path target = copyRoot.resolve("copy" + copy).resolve(relative);
        Files.createDirectories(target.getParent());
        String text = Files.readString(source, UTF_8);
        Files.writeString(target, reference.matcher(text).replaceAll(renamed), UTF_8);
        files.add(target);
      }
    }
    ImmutableList<Path> all = files.build();
    return new CodeBase(name + " x" + factor, description, root, all, classPath, excluded);
  }

  /** Lines in the sources, comments and blank lines included. */
  long lines() {
    long lines = 0;
    for (Path source : sources) {
      try (Stream<String> text = Files.lines(source, UTF_8)) {
        lines += text.count();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lines;
  }

  /** The class path entries' file names, for the report. */
  List<String> classPathNames() {
    return Splitter.on(File.pathSeparatorChar)
        .omitEmptyStrings()
        .splitToStream(classPath)
        .map(entry -> Path.of(entry).getFileName().toString())
        .toList();
  }
}
