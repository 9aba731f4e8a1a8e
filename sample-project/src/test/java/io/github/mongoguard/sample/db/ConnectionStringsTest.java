package io.github.mongoguard.sample.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

final class ConnectionStringsTest {
  private static final String SECRET = "s3cr%40t";

  @Test
  void connectionStringWithoutPasswordIsUnchanged() {
    assertEquals("mongodb://localhost:27017/app", ConnectionStrings.mask("mongodb://localhost:27017/app"));
    assertEquals("mongodb://alice@host/app", ConnectionStrings.mask("mongodb://alice@host/app"));
  }

  @Test
  void passwordIsMasked() {
    String uri = "mongodb+srv://alice:" + SECRET + "@cluster0.example.net/app?retryWrites=true";
    assertEquals(
        "mongodb+srv://alice:*****@cluster0.example.net/app?retryWrites=true",
        ConnectionStrings.mask(uri));
  }

  @Test
  void passwordWithUnescapedAtSignIsMaskedWhole() {
    String uri = "mongodb://alice:p@ss@host:27017";
    assertEquals("mongodb://alice:*****@host:27017", ConnectionStrings.mask(uri));
  }

  @Test
  void malformedSchemeIsStillMasked() {
    String uri = "mongo://alice:" + SECRET + "@host";
    assertFalse(ConnectionStrings.mask(uri).contains(SECRET));
  }

  @Test
  void scrubRemovesThePasswordAsWrittenAndDecoded() {
    String uri = "mongodb://alice:" + SECRET + "@host";
    String message = "bad: " + SECRET + " and s3cr@t";
    assertEquals("bad: ***** and *****", ConnectionStrings.scrub(message, uri));
  }
}
