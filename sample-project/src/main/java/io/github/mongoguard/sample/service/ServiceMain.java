package io.github.mongoguard.sample.service;

import io.github.mongoguard.sample.db.Database;
import io.github.mongoguard.sample.embedded.EmbeddedMongo;
import io.github.mongoguard.sample.notes.NoteRepository;
import java.io.IOException;
import java.time.Duration;

/**
 * Runs the note service until the process is stopped (Ctrl-C, SIGTERM).
 *
 * <p>Arguments: {@code --port N} (default 8080, 0 for a free port), {@code --threads N} (requests
 * that use the database at once, default 50), {@code --grace SECONDS} (how long shutdown waits for
 * requests in flight, default 10). Without {@code MONGODB_URI} (or {@code -Dmongodb.uri}) it starts
 * an embedded in-memory server first and says so.
 *
 * <p>Shutdown is ordered by the one shutdown hook of {@link Database}: the service stops accepting
 * and drains its requests in flight (a step registered with {@link Database#beforeClose}), then the
 * client is closed, once.
 */
public final class ServiceMain {
  private ServiceMain() {}

  public static void main(String[] args) throws IOException {
    int port = 8080;
    int threads = 50;
    int grace = (int) NoteService.DEFAULT_GRACE.toSeconds();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Arguments.intValue(args, ++i, "--port", 0);
        case "--threads" -> threads = Arguments.intValue(args, ++i, "--threads", 1);
        case "--grace" -> grace = Arguments.intValue(args, ++i, "--grace", 0);
        default ->
            throw Arguments.fail(
                "unknown argument " + args[i] + "; use --port N --threads N --grace SECONDS");
      }
    }
    EmbeddedMongo.startUnlessConfigured("sample");
    Database.ping();
    NoteService service = NoteService.start(port, threads, NoteRepository.shared());
    Duration drain = Duration.ofSeconds(grace);
    Database.beforeClose(() -> service.close(drain));
    System.out.println("MongoDB: " + Database.config().describe());
    System.out.println("Note service on " + service.baseUri() + " (Ctrl-C stops it)");
    System.out.println("  curl -X POST -d '{\"text\":\"hello\"}' " + service.baseUri() + "/notes");
    System.out.println("  curl " + service.baseUri() + "/notes/count");
    System.out.println("  curl " + service.baseUri() + "/pool");
    System.out.flush();
    // The server's dispatcher thread keeps the process alive until the shutdown hook stops it.
  }
}
