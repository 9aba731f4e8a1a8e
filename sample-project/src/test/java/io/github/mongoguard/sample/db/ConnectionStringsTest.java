package io.github.mongoguard.sample.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ConnectionStringsTest {
  private static final String SECRET = "s3cr%40t";

  @Test
  void connectionStringWithoutPasswordIsUnchanged() {
    assertEquals(
        "mongodb://localhost:27017/app", ConnectionStrings.mask("mongodb://localhost:27017/app"));
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

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "mongodb://alice:PW|mongodb://alice:*****",
        "mongodb://alice:PW/app|mongodb://alice:*****/app",
        "mongodb://alice:27017|mongodb://alice:27017",
        "mongodb://alice:12345@host/app|mongodb://alice:*****@host/app",
        "mongodb://alice:pw@host/app?appName=a@b|mongodb://alice:*****@host/app?appName=a@b",
        "mongodb://alice:p/w@host/app|mongodb://alice:*****@host/app",
        "mongodb://a/b?c@host/app|mongodb://*****@host/app",
        "mongodb://host/?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:t0k"
            + "|mongodb://host/?authMechanism=MONGODB-AWS&authMechanismProperties=*****",
        "mongodb://host/?tlsCertificateKeyFilePassword=kp;appName=x"
            + "|mongodb://host/?tlsCertificateKeyFilePassword=*****;appName=x",
        "mongodb://host/?maxPoolSise=3&maxPoolSize=4|mongodb://host/?maxPoolSise=*****&maxPoolSize=4",
        "mongodb://host/?oops|mongodb://host/?*****",
        "mongodb://h1:27017,[::1]:27018/app?replicaSet=rs0|mongodb://h1:27017,[::1]:27018/app?replicaSet=rs0",
      })
  void masksFromTheStructure(String uri, String masked) {
    assertEquals(masked, ConnectionStrings.mask(uri));
  }

  @Test
  void maskSecretPairsMasksSettingsThatQuoteAPassword() {
    assertEquals(
        "ProxySettings{host=127.0.0.1, username=bob, password=*****}",
        ConnectionStrings.maskSecretPairs(
            "ProxySettings{host=127.0.0.1, username=bob, password=hunter2}"));
    assertEquals(
        "failed for mongodb://alice:*****@host/app: token: *****",
        ConnectionStrings.maskSecretPairs("failed for mongodb://alice:pw@host/app: token: abc"));
  }

  @Test
  void chainContainsSecretLooksAtEveryCause() {
    String uri = "mongodb://alice:" + SECRET + "@host";
    Exception clean = new IllegalStateException("outer", new RuntimeException("inner"));
    Exception leaking = new IllegalStateException("outer", new RuntimeException("saw " + SECRET));
    assertFalse(ConnectionStrings.chainContainsSecret(clean, uri));
    assertTrue(ConnectionStrings.chainContainsSecret(leaking, uri));
  }
}
