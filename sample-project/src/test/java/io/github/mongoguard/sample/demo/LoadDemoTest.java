package io.github.mongoguard.sample.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

final class LoadDemoTest {
  @Test
  void printsOneRowPerModeAndTheSharedClientStaysWithinTheLimit() throws Exception {
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    int status =
        LoadDemo.run(
            new String[] {"--requests", "60", "--concurrency", "12"},
            new PrintStream(table, true, StandardCharsets.UTF_8),
            new PrintStream(progress, true, StandardCharsets.UTF_8));

    String output = table.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, output);
    List<String> lines = output.lines().toList();
    assertTrue(lines.get(0).startsWith("mode"), output);
    assertTrue(lines.get(0).contains("peak server conns"), output);
    String[] perRequest = lines.get(1).trim().split("\\s+");
    String[] shared = lines.get(2).trim().split("\\s+");
    assertEquals("per-request", perRequest[0], output);
    assertEquals("shared", shared[0], output);
    for (String[] row : List.of(perRequest, shared)) {
      assertEquals(8, row.length, Arrays.toString(row));
      assertEquals("60", row[1]);
      assertEquals("0", row[2]);
    }
    // Every per-request call opens at least its own pool connection.
    assertTrue(Long.parseLong(perRequest[4]) >= 60, output);
    assertTrue(Integer.parseInt(shared[3]) <= 5 + 2, output);
    assertTrue(Long.parseLong(shared[4]) <= 5 + 2, output);
    assertTrue(progress.toString(StandardCharsets.UTF_8).contains("Running per-request"));
  }

  @Test
  void rejectsUnknownArguments() {
    IllegalArgumentException error =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> LoadDemo.run(new String[] {"--fast"}, System.out, System.err));
    assertTrue(error.getMessage().contains("--requests N --concurrency C"), error.getMessage());
  }
}
