package io.github.mongoguard.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a code base in which every class creates, aliases, closes and leaks clients along many
 * paths: try-with-resources and try/finally, owned and lazily cached fields, a swap, close helpers,
 * early returns, retry loops, cross-method factories, conditionals, {@code Optional} and {@code
 * Supplier} hand-offs, closes of the shared client. It is the code the lifecycle analysis works
 * hardest on; it compiles cleanly with plain javac and draws many Mongo Guard findings.
 */
final class LifecycleCorpus {
  /** The connection module the Mongo Guard set-up is given for this code base. */
  static final String CONNECTION_MODULE = "bench.db";

  private static final int PACKAGES = 10;

  private LifecycleCorpus() {}

  static ImmutableList<Path> write(Path root, int classes) throws IOException {
    ImmutableList.Builder<Path> files = ImmutableList.builder();
    files.add(write(root, "bench.db", "Database", DATABASE));
    for (int i = 0; i < classes; i++) {
      String pkg = "bench.app.p" + (i % PACKAGES);
      files.add(write(root, pkg, "Service" + i, serviceClass(pkg, "Service" + i, i)));
    }
    return files.build();
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

  private static String serviceClass(String pkg, String name, int index) {
    return """
    package %1$s;

    import bench.db.Database;
    import com.mongodb.client.MongoClient;
    import com.mongodb.client.MongoClients;
    import com.mongodb.client.MongoCollection;
    import com.mongodb.client.model.Filters;
    import java.util.ArrayList;
    import java.util.List;
    import java.util.Optional;
    import java.util.function.Supplier;
    import org.bson.Document;

    public final class %2$s implements AutoCloseable {
      private final String uri;
      private final MongoClient owned;
      private MongoClient cached;

      public %2$s(String uri) {
        this.uri = uri;
        this.owned = MongoClients.create(uri);
      }

      private static MongoClient open(String uri) {
        return MongoClients.create(uri);
      }

      private MongoClient openEither(boolean direct) {
        MongoClient client = direct ? open(uri) : MongoClients.create(uri + "?appName=s%3$d");
        return client;
      }

      private static MongoCollection<Document> items(MongoClient client) {
        return client.getDatabase("app").getCollection("items%3$d");
      }

      public long countWithFinally() {
        MongoClient client = open(uri);
        try {
          return items(client).countDocuments();
        } finally {
          client.close();
        }
      }

      public long countWithResources(boolean direct) {
        try (MongoClient client = openEither(direct)) {
          MongoClient alias = client;
          return items(alias).countDocuments(Filters.gt("n", %3$d));
        }
      }

      public long leakOnEarlyReturn(boolean skip) {
        MongoClient client = MongoClients.create(uri);
        if (skip) {
          return 0;
        }
        long count = items(client).countDocuments();
        client.close();
        return count;
      }

      public long leakOnException() {
        MongoClient client = open(uri);
        long count = items(client).countDocuments();
        try {
          return count + items(client).estimatedDocumentCount();
        } finally {
          client.close();
        }
      }

      public void leakInRetryLoop(int attempts) {
        MongoClient client = null;
        for (int i = 0; i < attempts; i++) {
          client = MongoClients.create(uri);
        }
        if (client != null) {
          client.close();
        }
      }

      public MongoClient handOff() {
        return open(uri);
      }

      public Optional<MongoClient> maybe(boolean wanted) {
        return wanted ? Optional.of(open(uri)) : Optional.empty();
      }

      public Supplier<MongoClient> supplier() {
        return () -> MongoClients.create(uri);
      }

      public void closeThroughHelper() {
        MongoClient client = open(uri);
        items(client).insertOne(new Document("n", %3$d));
        closeQuietly(client);
      }

      private static void closeQuietly(AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // Nothing to do: the client is gone either way.
        }
      }

      public synchronized MongoClient cached() {
        if (cached == null) {
          cached = open(uri);
        }
        return cached;
      }

      public synchronized void swap() {
        MongoClient old = cached;
        cached = open(uri);
        if (old != null) {
          old.close();
        }
      }

      public synchronized void overwrite() {
        cached = MongoClients.create(uri);
      }

      public List<String> databaseNames() {
        List<String> names = new ArrayList<>();
        MongoClient shared = Database.client();
        shared.listDatabaseNames().forEach(names::add);
        return names;
      }

      public void closeShared(boolean done) {
        MongoClient shared = Database.client();
        if (done) {
          shared.close();
        }
      }

      public void discard() {
        MongoClients.create(uri);
      }

      public int sizes(List<String> uris) {
        List<MongoClient> clients = new ArrayList<>();
        for (String each : uris) {
          clients.add(MongoClients.create(each));
        }
        int size = clients.size();
        clients.forEach(MongoClient::close);
        return size;
      }

      @Override
      public void close() {
        owned.close();
        if (cached != null) {
          cached.close();
        }
      }
    }
    """
        .formatted(pkg, name, index);
  }
}
