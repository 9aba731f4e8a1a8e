package io.github.mongoguard.checks.benchmark;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated code bases for {@link CompileOverheadBenchmark}: ordinary service code (collections,
 * streams, lambdas, loops, exceptions) and repositories that use a shared MongoDB client. Both
 * compile cleanly under every Mongo Guard check, so the benchmark times analysis, not reporting.
 */
final class Corpus {
  private static final int PACKAGES = 10;

  private Corpus() {}

  /** Writes {@code classes} service classes that never touch the MongoDB driver. */
  static List<Path> writePlain(Path root, int classes) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < classes; i++) {
      String pkg = "bench.app.p" + (i % PACKAGES);
      files.add(write(root, pkg, "Service" + i, plainClass(pkg, "Service" + i)));
    }
    return files;
  }

  /**
   * Writes the connection module {@code bench.db.Database} and {@code classes - 1} repositories
   * that read and write through its shared client.
   */
  static List<Path> writeDriver(Path root, int classes) throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(write(root, "bench.db", "Database", DATABASE));
    for (int i = 1; i < classes; i++) {
      String pkg = "bench.repo.p" + (i % PACKAGES);
      files.add(write(root, pkg, "Repository" + i, repositoryClass(pkg, "Repository" + i, i)));
    }
    return files;
  }

  private static Path write(Path root, String pkg, String name, String source) throws IOException {
    Path file = root.resolve(pkg.replace('.', '/')).resolve(name + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source, UTF_8);
    return file;
  }

  private static final String DATABASE =
      """
      package bench.db;

      import com.mongodb.client.MongoClient;
      import com.mongodb.client.MongoClients;

      public final class Database {
        private Database() {}

        private static final class Holder {
          static final MongoClient CLIENT =
              MongoClients.create(System.getenv().getOrDefault("MONGODB_URI", "mongodb://localhost"));
        }

        public static MongoClient client() {
          return Holder.CLIENT;
        }
      }
      """;

  private static String plainClass(String pkg, String name) {
    return """
        package %1$s;

        import java.util.ArrayList;
        import java.util.Comparator;
        import java.util.HashMap;
        import java.util.List;
        import java.util.Map;
        import java.util.Optional;
        import java.util.stream.Collectors;

        public final class %2$s implements AutoCloseable {
          private final Map<String, List<Integer>> index = new HashMap<>();
          private int updates;

          public void add(String key, int value) {
            index.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            updates++;
          }

          public int total(String key) {
            int sum = 0;
            for (int value : index.getOrDefault(key, List.of())) {
              if (value > 0) {
                sum += value;
              }
            }
            return sum;
          }

          public List<String> busiest(int limit) {
            return index.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, List<Integer>> e) -> e.getValue().size()).reversed())
                .limit(limit)
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
          }

          public Optional<Integer> parse(String text) {
            try {
              return Optional.of(Integer.parseInt(text.trim()));
            } catch (NumberFormatException e) {
              return Optional.empty();
            }
          }

          public String describe() {
            StringBuilder out = new StringBuilder("%2$s[");
            for (Map.Entry<String, List<Integer>> entry : index.entrySet()) {
              out.append(entry.getKey()).append('=').append(total(entry.getKey())).append(',');
            }
            return out.append(" updates=").append(updates).append(']').toString();
          }

          @Override
          public void close() {
            index.clear();
          }

          record Entry(String key, int value) {
            Entry {
              if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("key");
              }
            }
          }
        }
        """
        .formatted(pkg, name);
  }

  private static String repositoryClass(String pkg, String name, int index) {
    return """
        package %1$s;

        import bench.db.Database;
        import com.mongodb.client.MongoCollection;
        import com.mongodb.client.MongoCursor;
        import com.mongodb.client.model.Filters;
        import com.mongodb.client.model.Updates;
        import java.util.ArrayList;
        import java.util.List;
        import java.util.Optional;
        import org.bson.Document;

        public final class %2$s {
          private final MongoCollection<Document> collection =
              Database.client().getDatabase("app").getCollection("items%3$d");

          public void save(String id, int value) {
            collection.insertOne(new Document("_id", id).append("value", value));
          }

          public Optional<Integer> find(String id) {
            Document document = collection.find(Filters.eq("_id", id)).first();
            return document == null ? Optional.empty() : Optional.ofNullable(document.getInteger("value"));
          }

          public List<Integer> atLeast(int minimum) {
            List<Integer> values = new ArrayList<>();
            try (MongoCursor<Document> cursor = collection.find(Filters.gte("value", minimum)).iterator()) {
              while (cursor.hasNext()) {
                values.add(cursor.next().getInteger("value"));
              }
            }
            return values;
          }

          public long increment(String id) {
            return collection.updateOne(Filters.eq("_id", id), Updates.inc("value", 1)).getModifiedCount();
          }

          public long count() {
            return Database.client().getDatabase("app").getCollection("items%3$d").countDocuments();
          }

          public List<String> ids(List<Document> documents) {
            List<String> ids = new ArrayList<>();
            documents.forEach(document -> ids.add(document.getString("_id")));
            return ids;
          }
        }
        """
        .formatted(pkg, name, index);
  }
}
