package io.github.mongoguard.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.errorprone.CompilationTestHelper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class HardcodedMongoCredentialsTest {
  private final CompilationTestHelper compilationTestHelper =
      CompilationTestHelper.newInstance(HardcodedMongoCredentials.class, getClass());

  @Test
  void connectionStringsWithoutPassword() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Settings.java",
            """
            package com.acme.db;

            final class Settings {
              static final String LOCAL = "mongodb://localhost:27017/shop";
              static final String SRV = "mongodb+srv://cluster0.example.net/?retryWrites=true";
              static final String USER_ONLY = "mongodb://app@db.example.com/shop";
              static final String EMPTY_PASSWORD = "mongodb://app:@db.example.com/shop";
              static final String X509 =
                  "mongodb://CN=app@db.example.com/?authMechanism=MONGODB-X509";
              static final String NOT_MONGO = "postgres://app:hunter2@db.example.com/shop";
              static final String PORT_ONLY = "mongodb://db.example.com:27017/shop@weird";

              static String fromEnvironment() {
                return System.getenv("MONGODB_URI");
              }
            }
            """)
        .doTest();
  }

  @Test
  void placeholdersAreNoPasswords() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Templates.java",
            """
            package com.acme.db;

            import java.text.MessageFormat;

            final class Templates {
              static final String SPRING = "mongodb://app:${MONGODB_PASSWORD}@db.example.com/shop";
              static final String DOCS = "mongodb+srv://<user>:<password>@cluster0.example.net/";
              static final String MASKED = "mongodb://app:****@db.example.com/shop";

              static String format(String user, String password) {
                return String.format("mongodb://%s:%s@db.example.com/shop", user, password);
              }

              static String positional(String password) {
                return String.format("mongodb://app:%1$s@db.example.com/shop", password);
              }

              static String messageFormat(String password) {
                return MessageFormat.format("mongodb://app:{0}@db.example.com/shop", password);
              }

              static String concatenated(String password) {
                return "mongodb://app:" + password + "@db.example.com/shop";
              }
            }
            """)
        .doTest();
  }

  @Test
  void passwordsInConnectionStrings() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Settings.java",
            """
            package com.acme.db;

            import com.mongodb.ConnectionString;

            final class Settings {
              // BUG: Diagnostic contains: password written into the source: "mongodb://app:****@db.example.com/shop"
              static final String URI = "mongodb://app:hunter2@db.example.com/shop";
              // BUG: Diagnostic contains: "mongodb+srv://admin:****@cluster0.example.net/?retryWrites=true"
              static final String SRV = "mongodb+srv://admin:Tr0ub4dor@cluster0.example.net/?retryWrites=true";
              static final ConnectionString PARSED =
                  // BUG: Diagnostic contains: HardcodedMongoCredentials
                  new ConnectionString("mongodb://app:p%40ss@db1.example.com,db2.example.com/shop");

              @SuppressWarnings("unused")
              static String inMethod() {
                // BUG: Diagnostic contains: System.getenv("MONGODB_URI")
                String uri = "mongodb://app:hunter2@localhost";
                return uri;
              }

              static String withHost(String host) {
                // BUG: Diagnostic contains: "mongodb://app:****@"
                return "mongodb://app:hunter2@" + host;
              }
            }
            """)
        .doTest();
  }

  @Test
  void passwordsInConstantConcatenation() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Settings.java",
            """
            package com.acme.db;

            final class Settings {
              private static final String PASSWORD = "hunter2";
              private static final String HOST = "db.example.com";

              // BUG: Diagnostic contains: "mongodb://app:****@db.example.com/shop"
              static final String URI = "mongodb://app:" + PASSWORD + "@" + HOST + "/shop";

              static final String TEXT_BLOCK =
                  // BUG: Diagnostic contains: mongodb://app:****@db.example.com
                  \"""
                  mongodb://app:hunter2@db.example.com\""";
            }
            """)
        .doTest();
  }

  @Test
  void passwordsPassedToCredentialFactories() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Credentials.java",
            """
            package com.acme.db;

            import com.mongodb.MongoCredential;

            final class Credentials {
              private static final String PASSWORD = "hunter2";

              static void credentials() {
                // BUG: Diagnostic contains: MongoCredential.createCredential is given a password written into the source
                MongoCredential.createCredential("app", "admin", "hunter2".toCharArray());
                // BUG: Diagnostic contains: MongoCredential.createScramSha1Credential
                MongoCredential.createScramSha1Credential("app", "admin", PASSWORD.toCharArray());
                // BUG: Diagnostic contains: MongoCredential.createScramSha256Credential
                MongoCredential.createScramSha256Credential("app", "admin", ("hun" + "ter2").toCharArray());
                // BUG: Diagnostic contains: MongoCredential.createPlainCredential
                MongoCredential.createPlainCredential("app", "$external", new char[] {'p', 'w'});
                // BUG: Diagnostic contains: MongoCredential.createAwsCredential
                MongoCredential.createAwsCredential("AKIAEXAMPLE", "wJalrXUtnFEMI".toCharArray());
              }

              static void fromEnvironment(String user) {
                MongoCredential.createCredential(user, "admin", System.getenv("MONGODB_PASSWORD").toCharArray());
                MongoCredential.createScramSha256Credential(user, "admin", new char[0]);
                MongoCredential.createPlainCredential(user, "$external", "".toCharArray());
                MongoCredential.createMongoX509Credential("CN=app");
              }
            }
            """)
        .doTest();
  }

  @Test
  void messageNeverRepeatsPassword() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Settings.java",
            """
            package com.acme.db;

            import com.mongodb.MongoCredential;

            final class Settings {
              // BUG: Diagnostic matches: URI
              static final String URI = "mongodb://app:s3cr3t-Pa55@db.example.com/shop";

              static MongoCredential credential() {
                // BUG: Diagnostic matches: CREDENTIAL
                return MongoCredential.createCredential("app", "admin", "s3cr3t-Pa55".toCharArray());
              }
            }
            """)
        .expectErrorMessage(
            "URI",
            message ->
                message.contains("mongodb://app:****@db.example.com/shop")
                    && message.contains("rotate the exposed password")
                    && !message.contains("s3cr3t-Pa55"))
        .expectErrorMessage(
            "CREDENTIAL",
            message -> message.contains("MONGODB_URI") && !message.contains("s3cr3t-Pa55"))
        .doTest();
  }

  @Test
  void sameNamedUnrelatedCredentialClass() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/MongoCredential.java",
            """
            package com.acme.db;

            final class MongoCredential {
              static Object createCredential(String user, String source, char[] password) {
                return null;
              }

              static Object example() {
                return createCredential("app", "admin", "hunter2".toCharArray());
              }
            }
            """)
        .doTest();
  }

  @Test
  void suppression() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/LocalDevelopment.java",
            """
            package com.acme.db;

            final class LocalDevelopment {
              @SuppressWarnings("HardcodedMongoCredentials")
              static final String THROWAWAY_CONTAINER = "mongodb://test:test@localhost:27017";
            }
            """)
        .doTest();
  }

  @Test
  void maskingEveryConnectionStringInAValue() {
    assertEquals(
        Optional.of("primary mongodb://a:****@h1/x, secondary mongodb+srv://b:****@h2"),
        HardcodedMongoCredentials.maskPasswords(
            "primary mongodb://a:one@h1/x, secondary mongodb+srv://b:two@h2"));
    assertEquals(
        Optional.of("mongodb://a:****@h1?appName=x"),
        HardcodedMongoCredentials.maskPasswords("mongodb://a:p:w@h1?appName=x"));
    assertEquals(
        Optional.empty(), HardcodedMongoCredentials.maskPasswords("mongodb://a:{0}@h1/x"));
  }
}
