package io.github.mongoguard.sample.service;

import io.github.mongoguard.sample.db.Database;
import io.github.mongoguard.sample.embedded.EmbeddedMongo;
import io.github.mongoguard.sample.notes.NoteRepository;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the note service until the process is stopped.
 *
 * <p>Arguments: {@code --port N} (default 8080, 0 for a free port), {@code --threads N} (requests
 * handled at once, default 50). Without {@code MONGODB_URI} (or {@code -Dmongodb.uri}) it starts an
 * embedded in-memory server first and says so.
 */
public final class ServiceMain {
  private ServiceMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int port = 8080;
    int threads = 50;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Arguments.intValue(args, ++i, "--port", 0);
        case "--threads" -> threads = Arguments.intValue(args, ++i, "--threads", 1);
        default -> throw Arguments.fail("unknown argument " + args[i] + "; use --port N --threads N");
      }
    }
    EmbeddedMongo embedded = EmbeddedMongo.startUnlessConfigured("sample");
    Database.ping();
    NoteService service = NoteService.start(port, threads, NoteRepository.shared());
    System.out.println("MongoDB: " + Database.config().describe());
    System.out.println("Note service on " + service.baseUri() + " (Ctrl-C stops it)");
    System.out.println("  curl -X POST -d '{\"text\":\"hello\"}' " + service.baseUri() + "/notes");
    System.out.println("  curl " + service.baseUri() + "/notes/count");
    System.out.println("  curl " + service.baseUri() + "/pool");
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  if (embedded != null) {
                    embedded.close();
                  }
                  stopped.countDown();
                },
                "note-service-stop"));
    stopped.await();
  }
}
