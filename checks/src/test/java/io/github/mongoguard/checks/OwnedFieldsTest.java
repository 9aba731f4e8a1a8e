package io.github.mongoguard.checks;

import com.google.errorprone.CompilationTestHelper;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shape table of fields as owners, through {@link UnclosedMongoClient}: owners that close or
 * outlive their fields, destructors, and reassignment. Each shape comes in a reporting and a
 * non-reporting variant.
 */
final class OwnedFieldsTest {
  /** Framework annotations that are not on the test classpath, declared as their sources are. */
  private static final String TESTNG_BEFORE_METHOD =
      """
      package org.testng.annotations;

      public @interface BeforeMethod {}
      """;

  private static final String TESTNG_AFTER_METHOD =
      """
      package org.testng.annotations;

      public @interface AfterMethod {}
      """;

  private static final String NIFI_ON_DISABLED =
      """
      package org.apache.nifi.annotation.lifecycle;

      public @interface OnDisabled {}
      """;

  private static final String NIFI_ON_ENABLED =
      """
      package org.apache.nifi.annotation.lifecycle;

      public @interface OnEnabled {}
      """;

  private static final String REST_CONTROLLER =
      """
      package org.springframework.web.bind.annotation;

      @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
      @org.springframework.stereotype.Controller
      public @interface RestController {}
      """;

  private static final String SPRING_BOOT_CONFIGURATION =
      """
      package org.springframework.boot;

      @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
      @org.springframework.context.annotation.Configuration
      public @interface SpringBootConfiguration {}
      """;

  private static final String SPRING_BOOT_APPLICATION =
      """
      package org.springframework.boot.autoconfigure;

      @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
      @org.springframework.boot.SpringBootConfiguration
      public @interface SpringBootApplication {}
      """;

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(
            "componentTearDownCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Service {
              private MongoClient client;
              Service(String uri) { client = MongoClients.create(uri); }
              @org.apache.nifi.annotation.lifecycle.OnDisabled
              public void onDisabled() { client.close(); }
            }
            """),
        Arguments.of(
            "componentWithoutTearDownLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Service {
              private MongoClient client;
              Service(String uri) {
                // BUG: Diagnostic contains: instance field client of Service, which neither closes it
                client = MongoClients.create(uri);
              }
              @org.apache.nifi.annotation.lifecycle.OnEnabled
              public void onEnabled() { client.listDatabaseNames().first(); }
            }
            """),
        Arguments.of(
            "factoryThatClosesTheClientItReplaces",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Service implements AutoCloseable {
              private MongoClient client;
              public void reconnect(String uri) {
                client = createClient(client, uri);
              }
              private static MongoClient createClient(MongoClient existing, String uri) {
                if (existing != null) {
                  existing.close();
                }
                return MongoClients.create(uri);
              }
              @Override public void close() { client.close(); }
            }
            """),
        Arguments.of(
            "factoryThatKeepsTheClientItReplacesLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Service implements AutoCloseable {
              private MongoClient client;
              public void reconnect(String uri) {
                // BUG: Diagnostic contains: which may already hold a client
                client = createClient(client, uri);
              }
              private static MongoClient createClient(MongoClient existing, String uri) {
                System.out.println("replacing " + existing);
                return MongoClients.create(uri);
              }
              @Override public void close() { client.close(); }
            }
            """),
        Arguments.of(
            "prototypeComponentLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            @org.springframework.context.annotation.Scope("prototype")
            class ExportTask {
              private final MongoClient client;
              ExportTask(String uri) {
                // BUG: Diagnostic contains: instance field client of ExportTask, which neither closes it
                this.client = MongoClients.create(uri);
              }
            }
            """),
        Arguments.of(
            "singletonScopedComponentLivesAsLongAsTheProcess",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            @org.springframework.context.annotation.Scope("singleton")
            class ExportTask {
              private final MongoClient client;
              ExportTask(String uri) {
                this.client = MongoClients.create(uri);
              }
            }
            """),
        Arguments.of(
            "contextListenerWriteInContextInitializedIsOnceOnly",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import jakarta.servlet.ServletContextEvent;
            import jakarta.servlet.ServletContextListener;

            class AuditListener implements ServletContextListener {
              private MongoClient client;
              @Override
              public void contextInitialized(ServletContextEvent event) {
                client = MongoClients.create(event.getServletContext().getInitParameter("uri"));
              }
              @Override
              public void contextDestroyed(ServletContextEvent event) {
                client.close();
              }
            }
            """),
        Arguments.of(
            "contextListenerWriteElsewhereLeaksTheOldClient",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import jakarta.servlet.ServletContextEvent;
            import jakarta.servlet.ServletContextListener;

            class AuditListener implements ServletContextListener {
              private MongoClient client;
              @Override
              public void contextInitialized(ServletContextEvent event) {
                client = MongoClients.create(event.getServletContext().getInitParameter("uri"));
              }
              public void reconnect(String uri) {
                // BUG: Diagnostic contains: which may already hold a client
                client = MongoClients.create(uri);
              }
              @Override
              public void contextDestroyed(ServletContextEvent event) {
                client.close();
              }
            }
            """),
        Arguments.of(
            "startupObserverWriteIsOnceOnly",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @jakarta.enterprise.context.ApplicationScoped
            class Indexer {
              static final class StartupEvent {}
              static final class ShutdownEvent {}
              private MongoClient client;
              void onStart(@jakarta.enterprise.event.Observes StartupEvent event) {
                client = MongoClients.create("mongodb://localhost");
              }
              void onStop(@jakarta.enterprise.event.Observes ShutdownEvent event) {
                client.close();
              }
            }
            """),
        Arguments.of(
            "otherObserverWriteLeaksTheOldClient",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @jakarta.enterprise.context.ApplicationScoped
            class Indexer {
              static final class ConfigChanged {}
              static final class ShutdownEvent {}
              private MongoClient client;
              void onChange(@jakarta.enterprise.event.Observes ConfigChanged event) {
                // BUG: Diagnostic contains: which may already hold a client
                client = MongoClients.create("mongodb://localhost");
              }
              void onStop(@jakarta.enterprise.event.Observes ShutdownEvent event) {
                client.close();
              }
            }
            """),
        Arguments.of(
            "anonymousOwnerIsNamedByWhereItIs",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Scheduler {
              Runnable task(String uri) {
                return new Runnable() {
                  // BUG: Diagnostic contains: instance field client of an anonymous class in Scheduler
                  private final MongoClient client = MongoClients.create(uri);
                  @Override public void run() { client.listDatabaseNames().first(); }
                };
              }
            }
            """),
        Arguments.of(
            "plainFieldInitializerLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo {
              // BUG: Diagnostic contains: instance field client of Repo, which neither closes it
              private final MongoClient client = MongoClients.create();
            }
            """),
        Arguments.of(
            "closeOfAutoCloseableCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo implements AutoCloseable {
              private final MongoClient client = MongoClients.create();
              @Override public void close() { client.close(); }
            }
            """),
        Arguments.of(
            "constructorAssignmentLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo {
              private final MongoClient client;
              Repo(String uri) {
                // BUG: Diagnostic contains: instance field client of Repo
                client = MongoClients.create(uri);
              }
            }
            """),
        Arguments.of(
            "closeOfCloseableClosesConstructorAssignment",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo implements java.io.Closeable {
              private final MongoClient client;
              Repo(String uri) { client = MongoClients.create(uri); }
              @Override public void close() { client.close(); }
            }
            """),
        Arguments.of(
            "closeThatClosesAnotherFieldLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo implements AutoCloseable {
              // BUG: Diagnostic contains: instance field client of Repo
              private final MongoClient client = MongoClients.create();
              private final MongoClient other = MongoClients.create();
              @Override public void close() { other.close(); }
            }
            """),
        Arguments.of(
            "jakartaPreDestroyCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo {
              private final MongoClient client = MongoClients.create();
              @jakarta.annotation.PreDestroy void stop() { client.close(); }
            }
            """),
        Arguments.of(
            "javaxPreDestroyCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo {
              private final MongoClient client = MongoClients.create();
              @javax.annotation.PreDestroy void stop() { client.close(); }
            }
            """),
        Arguments.of(
            "preDestroyThatOnlyLogsLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo {
              // BUG: Diagnostic contains: instance field client of Repo
              private final MongoClient client = MongoClients.create();
              @jakarta.annotation.PreDestroy void stop() { System.out.println(client); }
            }
            """),
        Arguments.of(
            "disposableBeanDestroyCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo implements org.springframework.beans.factory.DisposableBean {
              private final MongoClient client = MongoClients.create();
              @Override public void destroy() { client.close(); }
            }
            """),
        Arguments.of(
            "destroyNobodyCallsLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo {
              // BUG: Diagnostic contains: instance field client of Repo
              private final MongoClient client = MongoClients.create();
              public void destroy() { client.close(); }
            }
            """),
        Arguments.of(
            "servletDestroyCloses",
            """
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

abstract class Base implements jakarta.servlet.Filter {
  private MongoClient client;
  @Override public void init(jakarta.servlet.FilterConfig config) { client = MongoClients.create(); }
  @Override public void destroy() { client.close(); }
}
"""),
        Arguments.of(
            "closeNamedMethodCalledByItsUserCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class ConnectionHelper {
              private final MongoClient client = MongoClients.create();

              public void closeConnections() {
                client.close();
              }
            }

            class Main {
              public static void main(String[] args) {
                new ConnectionHelper().closeConnections();
              }
            }
            """),
        Arguments.of(
            "closeNamedMethodNobodyCallsLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class ConnectionHelper {
              // BUG: Diagnostic contains: instance field client of ConnectionHelper
              private final MongoClient client = MongoClients.create();

              public void closeConnections() {
                client.close();
              }
            }
            """),
        Arguments.of(
            "stopOfNonCloseableCalledByItsLifecycleCloses",
            """
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

class Server {
  private final MongoClient client = MongoClients.create();
  void stop() { client.close(); }
  public static void main(String[] args) { Server server = new Server(); server.stop(); }
}
"""),
        Arguments.of(
            "stopOfNonCloseableNobodyCallsLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Server {
              // BUG: Diagnostic contains: instance field client of Server
              private final MongoClient client = MongoClients.create();
              void stop() { client.close(); }
            }
            """),
        Arguments.of(
            "shutdownHookMethodReferenceToOwnMethodCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Server {
              private final MongoClient client = MongoClients.create();
              Server() { Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown)); }
              private void shutdown() { client.close(); }
            }
            """),
        Arguments.of(
            "shutdownHookClosingAnotherFieldLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Server {
              // BUG: Diagnostic contains: instance field client of Server
              private final MongoClient client = MongoClients.create();
              private final MongoClient other = MongoClients.create();
              Server() { Runtime.getRuntime().addShutdownHook(new Thread(other::close)); }
            }
            """),
        Arguments.of(
            "shutdownHookLambdaCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Server {
              private final MongoClient client = MongoClients.create();
              Server() { Runtime.getRuntime().addShutdownHook(new Thread(() -> client.close())); }
            }
            """),
        Arguments.of(
            "jUnit5AfterEachCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class RepoTest {
              private MongoClient client;
              @org.junit.jupiter.api.BeforeEach void setUp() { client = MongoClients.create(); }
              @org.junit.jupiter.api.AfterEach void tearDown() { client.close(); }
            }
            """),
        Arguments.of(
            "jUnit5AfterEachThatClosesNothingLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class RepoTest {
              private MongoClient client;
              @org.junit.jupiter.api.BeforeEach void setUp() {
                // BUG: Diagnostic contains: instance field client of RepoTest
                client = MongoClients.create();
              }
              @org.junit.jupiter.api.AfterEach void tearDown() {}
            }
            """),
        Arguments.of(
            "staticSetterCalledWithANewClientBeforeEachTestLeaks",
            staticSetterShape(
                """
                // BUG: Diagnostic contains: passes a new client before every test
                client = given;
                """,
                SET_UP_EACH_WITH_A_NEW_CLIENT)),
        Arguments.of(
            "staticSetterCalledBeforeEachTestWithAPerTestTearDown",
            staticSetterShape(
                """
                client = given;
                """,
                SET_UP_EACH_WITH_A_NEW_CLIENT
                    + """
                @org.junit.jupiter.api.AfterEach void tearDown() { Holder.client.close(); }
                """)),
        Arguments.of(
            "staticSetterCalledOncePerClass",
            staticSetterShape(
                """
                client = given;
                """,
                """
                @org.junit.jupiter.api.BeforeAll static void setUp() {
                  Holder.setClient(MongoClients.create());
                }
                @org.junit.jupiter.api.AfterAll static void tearDown() { Holder.client.close(); }
                """)),
        Arguments.of(
            "staticSetterGuardedByANullCheck",
            staticSetterShape(
                """
                if (client == null) {
                  client = given;
                } else {
                  given.close();
                }
                """,
                SET_UP_EACH_WITH_A_NEW_CLIENT)),
        Arguments.of(
            "staticSetterThatClosesTheOldClient",
            staticSetterShape(
                """
                MongoClient old = client;
                client = given;
                if (old != null) {
                  old.close();
                }
                """,
                SET_UP_EACH_WITH_A_NEW_CLIENT)),
        Arguments.of(
            "staticSetterCalledBeforeEachTestWithTheSharedClient",
            staticSetterShape(
                """
                client = given;
                """,
                """
                static final MongoClient SHARED = MongoClients.create();
                @org.junit.jupiter.api.BeforeEach void setUp() { Holder.setClient(SHARED); }
                """)),
        Arguments.of(
            "jUnit4AfterCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class RepoTest {
              private MongoClient client;
              @org.junit.Before public void setUp() { client = MongoClients.create(); }
              @org.junit.After public void tearDown() { client.close(); }
            }
            """),
        Arguments.of(
            "jUnit4WithoutTearDownLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class RepoTest {
              private MongoClient client;
              @org.junit.Before public void setUp() {
                // BUG: Diagnostic contains: instance field client of RepoTest
                client = MongoClients.create();
              }
            }
            """),
        Arguments.of(
            "testNgAfterMethodCloses",
            """
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

class RepoTest {
  private MongoClient client;
  @org.testng.annotations.BeforeMethod public void setUp() { client = MongoClients.create(); }
  @org.testng.annotations.AfterMethod public void tearDown() { client.close(); }
}
"""),
        Arguments.of(
            "testNgBeforeMethodWithoutTearDownLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class RepoTest {
              private MongoClient client;
              @org.testng.annotations.BeforeMethod public void setUp() {
                // One instance runs every test: each set-up strands the previous test's client.
                // BUG: Diagnostic contains: assigns it to the field client, which may already hold
                client = MongoClients.create();
              }
            }
            """),
        Arguments.of(
            "jUnit5AfterEachCallbackCloses",
            """
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import org.junit.jupiter.api.extension.*;
class MongoExtension implements BeforeEachCallback, AfterEachCallback {
  private MongoClient client;
  @Override public void beforeEach(ExtensionContext context) { client = MongoClients.create(); }
  @Override public void afterEach(ExtensionContext context) { client.close(); }
}
"""),
        Arguments.of(
            "jUnit5BeforeEachCallbackAloneLeaks",
            """
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import org.junit.jupiter.api.extension.*;
class MongoExtension implements BeforeEachCallback {
  private MongoClient client;
  @Override public void beforeEach(ExtensionContext context) {
    // BUG: Diagnostic contains: assigns it to the field client, which may already hold a client
    client = MongoClients.create();
  }
}
"""),
        Arguments.of(
            "jUnit5AfterAllCallbackCloses",
            """
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import org.junit.jupiter.api.extension.*;
class MongoExtension implements BeforeAllCallback, AfterAllCallback {
  private MongoClient client;
  @Override public void beforeAll(ExtensionContext context) { client = MongoClients.create(); }
  @Override public void afterAll(ExtensionContext context) { client.close(); }
}
"""),
        Arguments.of(
            "frameworkSetUpTearDownPairCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class RepoTest extends junit.framework.TestCase {
              private MongoClient client;
              @Override protected void setUp() { client = MongoClients.create(); }
              @Override protected void tearDown() { client.close(); }
            }
            """),
        Arguments.of(
            "frameworkTearDownThatClosesNothingLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class RepoTest extends junit.framework.TestCase {
              private MongoClient client;
              @Override protected void setUp() {
                // BUG: Diagnostic contains: instance field client of RepoTest
                client = MongoClients.create();
              }
              @Override protected void tearDown() {}
            }
            """),
        Arguments.of(
            "innerClassFieldClosedByEnclosingDestructor",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Outer implements AutoCloseable {
              private final Inner inner = new Inner();
              class Inner { final MongoClient client = MongoClients.create(); }
              @Override public void close() { inner.client.close(); }
            }
            """),
        Arguments.of(
            "innerClassFieldTheEnclosingClassForgetsLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Outer implements AutoCloseable {
              private final Inner inner = new Inner();
              class Inner {
                // BUG: Diagnostic contains: instance field client of Inner
                final MongoClient client = MongoClients.create();
              }
              @Override public void close() {}
            }
            """),
        Arguments.of(
            "inheritedFieldClosedByBaseDestructor",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            abstract class Base implements AutoCloseable {
              protected MongoClient client;
              @Override public void close() { client.close(); }
            }
            class Repo extends Base {
              Repo(String uri) { client = MongoClients.create(uri); }
            }
            """),
        Arguments.of(
            "inheritedFieldNoDestructorLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            abstract class Base {
              protected MongoClient client;
            }
            class Repo extends Base {
              Repo(String uri) {
                // BUG: Diagnostic contains: instance field client of Base
                client = MongoClients.create(uri);
              }
            }
            """),
        Arguments.of(
            "inheritedFieldClosedBySubclassDestructor",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            abstract class Base { protected MongoClient client = MongoClients.create(); }
            class Repo extends Base implements AutoCloseable {
              @Override public void close() { client.close(); }
            }
            """),
        Arguments.of(
            "localAliasSwappedOutAndClosed",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo implements AutoCloseable {
              private MongoClient client = MongoClients.create();
              @Override public void close() {
                MongoClient c = client;
                client = null;
                c.close();
              }
            }
            """),
        Arguments.of(
            "localAliasNeverClosedLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo implements AutoCloseable {
              // BUG: Diagnostic contains: instance field client of Repo
              private MongoClient client = MongoClients.create();
              @Override public void close() {
                MongoClient c = client;
                System.out.println(c);
              }
            }
            """),
        Arguments.of(
            "bulkCloseOfACollectionHoldingTheField",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            import java.util.*;
            class Repo implements AutoCloseable {
              private final List<AutoCloseable> resources = new ArrayList<>();
              private final MongoClient client = MongoClients.create();
              Repo() { resources.add(client); }
              @Override public void close() throws Exception {
                for (AutoCloseable resource : resources) { resource.close(); }
              }
            }
            """),
        Arguments.of(
            "bulkCloseOfACollectionWithoutTheFieldLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            import java.util.*;
            class Repo implements AutoCloseable {
              private final List<AutoCloseable> resources = new ArrayList<>();
              // BUG: Diagnostic contains: instance field client of Repo
              private final MongoClient client = MongoClients.create();
              @Override public void close() throws Exception {
                for (AutoCloseable resource : resources) { resource.close(); }
              }
            }
            """),
        Arguments.of(
            "bulkCloseOfAStreamOfFields",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            import java.util.stream.Stream;
            class Repo implements AutoCloseable {
              private final MongoClient a = MongoClients.create();
              private final MongoClient b = MongoClients.create();
              @Override public void close() { Stream.of(a, b).forEach(MongoClient::close); }
            }
            """),
        Arguments.of(
            "bulkCloseOfAListFactory",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            import java.util.List;
            class Repo implements AutoCloseable {
              private final MongoClient a = MongoClients.create();
              @Override public void close() { for (MongoClient c : List.of(a)) { c.close(); } }
            }
            """),
        Arguments.of(
            "ownCloseHelperCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo implements AutoCloseable {
              private final MongoClient client = MongoClients.create();
              @Override public void close() { closeQuietly(client); }
              private static void closeQuietly(AutoCloseable resource) {
                try { resource.close(); } catch (Exception ignored) { }
              }
            }
            """),
        Arguments.of(
            "fieldHandedToALoggerLeaks",
            """
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

class Repo implements AutoCloseable {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getAnonymousLogger();
  // BUG: Diagnostic contains: instance field client of Repo
  private final MongoClient client = MongoClients.create();
  @Override public void close() { LOG.info(String.valueOf(client)); }
}
"""),
        Arguments.of(
            "libraryCloseHelperCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo implements java.io.Closeable {
              private final MongoClient client = MongoClients.create();
              @Override public void close() throws java.io.IOException {
                com.google.common.io.Closeables.close(client, true);
              }
            }
            """),
        Arguments.of(
            "varargsCloseHelperCloses",
            """
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

class Repo implements AutoCloseable {
  private final MongoClient client = MongoClients.create();
  @Override public void close() { closeAll(client); }
  private static void closeAll(MongoClient... clients) { for (MongoClient c : clients) c.close(); }
}
"""),
        Arguments.of(
            "nullGuardedCloseInDestructorCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo implements AutoCloseable {
              private MongoClient client = MongoClients.create();
              @Override public void close() { if (client != null) { client.close(); } }
            }
            """),
        Arguments.of(
            "enumOwnerLives",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            enum Holder { INSTANCE; private final MongoClient client = MongoClients.create(); }
            """),
        Arguments.of(
            "nonEnumLookalikeLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Holder {
              static final Holder INSTANCE = new Holder();
              // BUG: Diagnostic contains: instance field client of Holder
              private final MongoClient client = MongoClients.create();
            }
            """),
        Arguments.of(
            "springServiceLives",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Service
            class Repo { private final MongoClient client = MongoClients.create(); }
            """),
        Arguments.of(
            "composedStereotypeLives",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
            @org.springframework.stereotype.Service
            @interface DomainService {}
            @DomainService
            class Repo { private final MongoClient client = MongoClients.create(); }
            """),
        Arguments.of(
            "annotationWithoutStereotypeLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
            @interface DomainService {}
            @DomainService
            class Repo {
              // BUG: Diagnostic contains: instance field client of Repo
              private final MongoClient client = MongoClients.create();
            }
            """),
        Arguments.of(
            "restControllerLives",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.web.bind.annotation.RestController
            class OrderController { private final MongoClient client = MongoClients.create(); }
            """),
        Arguments.of(
            "springBootApplicationLives",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.boot.autoconfigure.SpringBootApplication
            class App { private final MongoClient client = MongoClients.create(); }
            """),
        Arguments.of(
            "scopeAnnotationAloneMakesNoSingleton",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.context.annotation.Scope("prototype")
            class Repo {
              // BUG: Diagnostic contains: instance field client of Repo
              private final MongoClient client = MongoClients.create();
            }
            """),
        Arguments.of(
            "eagerSingletonLives",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Holder {
              private static final Holder INSTANCE = new Holder();
              private final MongoClient client = MongoClients.create();
              private Holder() {}
              static Holder get() { return INSTANCE; }
            }
            """),
        Arguments.of(
            "singletonWithPublicFactoryLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Holder {
              private static final Holder INSTANCE = new Holder();
              // BUG: Diagnostic contains: instance field client of Holder
              private final MongoClient client = MongoClients.create();
              private Holder() {}
              public static Holder newInstance() { return new Holder(); }
            }
            """),
        Arguments.of(
            "lambdaHandlerLives",
            """
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import com.amazonaws.services.lambda.runtime.*;
class Handler implements RequestHandler<String, String> {
  private final MongoClient client = MongoClients.create();
  @Override public String handleRequest(String input, Context context) { return input; }
}
"""),
        Arguments.of(
            "servletLives",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            abstract class Endpoint extends jakarta.servlet.GenericServlet {
              private final MongoClient client = MongoClients.create();
            }
            """),
        Arguments.of(
            "singletonAnnotationLives",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @jakarta.inject.Singleton
            class Repo { private final MongoClient client = MongoClients.create(); }
            """),
        Arguments.of(
            "recordStoringANewClientLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            record Holder(
                // BUG: Diagnostic contains: The record Holder receives a new client
                MongoClient client) {
              static Holder open() { return new Holder(MongoClients.create()); }
            }
            """),
        Arguments.of(
            "recordGivenANewClientInALocalLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import com.mongodb.client.MongoDatabase;

            record Context(
                // BUG: Diagnostic contains: The record Context receives a new client
                MongoClient client, MongoDatabase database) {
              static Context open(String uri, String name) {
                // getDatabase(name) rejects an invalid name before the record takes the client.
                // BUG: Diagnostic contains: the exception that getDatabase() at line 12 can throw
                MongoClient client = MongoClients.create(uri);
                return new Context(client, client.getDatabase(name));
              }
            }
            """),
        Arguments.of(
            "recordLentALocalClientTheCallerCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import com.mongodb.client.MongoDatabase;

            record Context(MongoClient client, MongoDatabase database) {
              static long count(String uri, String name) {
                MongoClient client = MongoClients.create(uri);
                try {
                  return new Context(client, client.getDatabase(name)).database().getCollection("c")
                      .countDocuments();
                } finally {
                  client.close();
                }
              }
            }
            """),
        Arguments.of(
            "borrowerGivenANewClientInALocalLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class View {
              private final MongoClient client;
              View(MongoClient client) {
                // BUG: Diagnostic contains: new View() stores its parameter client, to which a call in View passes a new client
                this.client = client;
              }
              String first() { return client.listDatabaseNames().first(); }
              static String firstName(String uri) {
                MongoClient client = MongoClients.create(uri);
                View view = new View(client);
                return view.first();
              }
            }
            """),
        Arguments.of(
            "borrowerLentAResourceOfTryWithResources",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class View {
              private final MongoClient client;
              View(MongoClient client) { this.client = client; }
              String first() { return client.listDatabaseNames().first(); }
              static String firstName(String uri) {
                try (MongoClient client = MongoClients.create(uri)) {
                  return new View(client).first();
                }
              }
            }
            """),
        Arguments.of(
            "autoCloseableRecordCloses",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            record Holder(MongoClient client) implements AutoCloseable {
              static Holder open() { return new Holder(MongoClients.create()); }
              @Override public void close() { client.close(); }
            }
            """),
        Arguments.of(
            "constructorParameterStoredInLeakingOwnerLeaks",
            """
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

class Repo {
  private final MongoClient client;
  Repo(MongoClient client) {
    // BUG: Diagnostic contains: new Repo() stores its parameter client, to which a call in Main passes a new client
    this.client = client;
  }
}
class Main { static Repo open() { return new Repo(MongoClients.create()); } }
"""),
        Arguments.of(
            "constructorParameterStoredInClosingOwner",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo implements AutoCloseable {
              private final MongoClient client;
              Repo(MongoClient client) { this.client = client; }
              @Override public void close() { client.close(); }
            }
            class Main { static Repo open() { return new Repo(MongoClients.create()); } }
            """),
        Arguments.of(
            "constructorParameterOfInjectedBeanIsNotOwned",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Repo {
              private final MongoClient client;
              Repo(MongoClient client) { this.client = client; }
            }
            class Main { static Repo open() { return new Repo(MongoClients.create()); } }
            """),
        Arguments.of(
            "staticFieldReassignedInAMethodLeaks",
            """
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

class Connections {
  private static MongoClient shared;
  static void configure(String uri) {
    // BUG: Diagnostic contains: assigns it to the field shared, which may already hold a client
    shared = MongoClients.create(uri);
  }
}
"""),
        Arguments.of(
            "staticFieldBehindANullCheck",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Connections {
              private static MongoClient shared;
              static synchronized MongoClient get(String uri) {
                if (shared == null) { shared = MongoClients.create(uri); }
                return shared;
              }
            }
            """),
        Arguments.of(
            "instanceFieldReassignedInAPublicMethodLeaks",
            """
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

@org.springframework.stereotype.Component
class Connections {
  private MongoClient client;
  public void reconnect(String uri) {
    // BUG: Diagnostic contains: assigns it to the field client, which may already hold a client
    client = MongoClients.create(uri);
  }
}
"""),
        Arguments.of(
            "earlyReturnOnNonNull",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              public void connect(String uri) {
                if (client != null) { return; }
                client = MongoClients.create(uri);
              }
            }
            """),
        Arguments.of(
            "elseBranchOfANonNullCheck",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              public MongoClient get(String uri) {
                if (client != null) { return client; } else { client = MongoClients.create(uri); }
                return client;
              }
            }
            """),
        Arguments.of(
            "closedBeforeReassignment",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              public void reconnect(String uri) {
                if (client != null) { client.close(); }
                client = MongoClients.create(uri);
              }
            }
            """),
        Arguments.of(
            "otherFieldClosedBeforeReassignmentLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              private MongoClient other;
              public void reconnect(String uri) {
                other.close();
                // BUG: Diagnostic contains: assigns it to the field client
                client = MongoClients.create(uri);
              }
            }
            """),
        Arguments.of(
            "swapThenClose",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              public void reconnect(String uri) {
                MongoClient old = client;
                client = MongoClients.create(uri);
                if (old != null) { old.close(); }
              }
            }
            """),
        Arguments.of(
            "secondAssignmentInTheSameMethodLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              public void reconnect(String uri) {
                if (client != null) { client.close(); }
                client = MongoClients.create(uri);
                // BUG: Diagnostic contains: assigns it to the field client
                client = MongoClients.create(uri);
              }
            }
            """),
        Arguments.of(
            "closedThroughAHelperBeforeReassignment",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              public void reconnect(String uri) {
                disconnect();
                client = MongoClients.create(uri);
              }
              private void disconnect() { if (client != null) client.close(); }
            }
            """),
        Arguments.of(
            "closedThroughACloseHelperBeforeReassignment",
            """
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

@org.springframework.stereotype.Component
class Connections {
  private MongoClient client;
  public void reconnect(String uri) {
    closeQuietly(client);
    client = MongoClients.create(uri);
  }
  static void closeQuietly(AutoCloseable c) { try { c.close(); } catch (Exception e) { } }
}
"""),
        Arguments.of(
            "postConstructRunsOnce",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              @jakarta.annotation.PostConstruct void start() { client = MongoClients.create(); }
            }
            """),
        Arguments.of(
            "sameBodyInAnUnannotatedMethodLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              void start() {
                // BUG: Diagnostic contains: assigns it to the field client
                client = MongoClients.create();
              }
            }
            """),
        Arguments.of(
            "afterPropertiesSetRunsOnce",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections implements org.springframework.beans.factory.InitializingBean {
              private MongoClient client;
              @Override public void afterPropertiesSet() { client = MongoClients.create(); }
            }
            """),
        Arguments.of(
            "servletInitRunsOnce",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            abstract class Endpoint extends jakarta.servlet.GenericServlet {
              private MongoClient client;
              @Override public void init() { client = MongoClients.create(); }
            }
            """),
        Arguments.of(
            "beforeAllForAStaticField",
            """
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

class RepoTest {
  private static MongoClient client;
  @org.junit.jupiter.api.BeforeAll static void startAll() { client = MongoClients.create(); }
  @org.junit.jupiter.api.AfterAll static void stopAll() { client.close(); }
}
"""),
        Arguments.of(
            "staticFieldReassignedPerTestLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class RepoTest {
              private static MongoClient client;
              @org.junit.jupiter.api.BeforeEach void start() {
                // BUG: Diagnostic contains: assigns it to the field client
                client = MongoClients.create();
              }
              @org.junit.jupiter.api.AfterAll static void stopAll() { client.close(); }
            }
            """),
        Arguments.of(
            "staticFieldReassignedPerTestWithPerTestTearDown",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class RepoTest {
              private static MongoClient client;
              @org.junit.jupiter.api.BeforeEach void start() { client = MongoClients.create(); }
              @org.junit.jupiter.api.AfterEach void stop() { client.close(); }
            }
            """),
        Arguments.of(
            "instanceFieldReassignedInATestOfASharedInstanceLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import org.junit.jupiter.api.TestInstance;

            @TestInstance(TestInstance.Lifecycle.PER_CLASS)
            class RepoTest {
              private MongoClient client;
              @org.junit.jupiter.api.BeforeAll void connect() { client = MongoClients.create(); }
              @org.junit.jupiter.api.Test void secondary() {
                // BUG: Diagnostic contains: assigns it to the field client
                client = MongoClients.create("mongodb://db/?readPreference=secondary");
              }
              @org.junit.jupiter.api.AfterAll void disconnect() { client.close(); }
            }
            """),
        Arguments.of(
            "instanceFieldOfASharedInstanceWithPerTestTearDown",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import org.junit.jupiter.api.TestInstance;

            @TestInstance(TestInstance.Lifecycle.PER_CLASS)
            class RepoTest {
              private MongoClient client;
              @org.junit.jupiter.api.BeforeEach void connect() { client = MongoClients.create(); }
              @org.junit.jupiter.api.AfterEach void disconnect() { client.close(); }
            }
            """),
        Arguments.of(
            "instanceFieldOfAPerMethodInstanceReassignedInATest",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import org.junit.jupiter.api.TestInstance;

            @TestInstance(TestInstance.Lifecycle.PER_METHOD)
            class RepoTest {
              private MongoClient client;
              @org.junit.jupiter.api.BeforeEach void connect() { client = MongoClients.create(); }
              @org.junit.jupiter.api.Test void secondary() {
                client = MongoClients.create("mongodb://db/?readPreference=secondary");
              }
              @org.junit.jupiter.api.AfterEach void disconnect() { client.close(); }
            }
            """),
        Arguments.of(
            "testNgInstanceFieldReassignedPerTestLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class RepoTest implements AutoCloseable {
              private MongoClient client;
              @org.testng.annotations.BeforeMethod public void setUp() {
                // BUG: Diagnostic contains: assigns it to the field client
                client = MongoClients.create();
              }
              @Override public void close() { client.close(); }
            }
            """),
        Arguments.of(
            "instanceFieldAssignedInATest",
            """
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

class RepoTest {
  private MongoClient client;
  @org.junit.jupiter.api.Test void works() { client = MongoClients.create(); client.close(); }
  @org.junit.jupiter.api.AfterEach void stop() { client.close(); }
}
"""),
        Arguments.of(
            "helperCalledOnlyFromTheConstructor",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              Connections() { connect(); }
              private void connect() { client = MongoClients.create(); }
            }
            """),
        Arguments.of(
            "helperCalledAlsoFromAPublicMethodLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              Connections() { connect(); }
              public void reconnect() { connect(); }
              private void connect() {
                // BUG: Diagnostic contains: assigns it to the field client
                client = MongoClients.create();
              }
            }
            """),
        Arguments.of(
            "templateMethodCalledFromSetUp",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class RepoTest {
              private MongoClient client;
              @org.junit.jupiter.api.BeforeEach void setUp() { open(); }
              void open() { client = MongoClients.create(); }
              @org.junit.jupiter.api.AfterEach void tearDown() { client.close(); }
            }
            """),
        Arguments.of(
            "methodNothingCallsLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              private void connect() {
                // BUG: Diagnostic contains: assigns it to the field client
                client = MongoClients.create();
              }
            }
            """),
        Arguments.of(
            "instanceInitializerBlock",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              { client = MongoClients.create(); }
            }
            """),
        Arguments.of(
            "staticFieldAssignedInAConstructorLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Connections {
              private static MongoClient client;
              Connections() {
                // BUG: Diagnostic contains: assigns it to the field client
                client = MongoClients.create();
              }
            }
            """),
        Arguments.of(
            "subclassConstructorForAnInheritedField",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            abstract class Base implements AutoCloseable {
              protected MongoClient client;
              @Override public void close() { client.close(); }
            }
            class Repo extends Base { Repo() { client = MongoClients.create(); } }
            """),
        Arguments.of(
            "reassignmentInALambdaLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              Runnable reconnect() {
                return () -> {
                  // BUG: Diagnostic contains: assigns it to the field client
                  client = MongoClients.create();
                };
              }
            }
            """),
        Arguments.of(
            "lazyInitialisationInsideALoop",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              public void run(java.util.List<String> names) {
                for (String name : names) {
                  if (client == null) { client = MongoClients.create(); }
                  client.getDatabase(name);
                }
              }
            }
            """),
        Arguments.of(
            "doubleCheckedLocking",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private volatile MongoClient client;
              public MongoClient get() {
                if (client == null) {
                  synchronized (this) { if (client == null) { client = MongoClients.create(); } }
                }
                return client;
              }
            }
            """),
        Arguments.of(
            "reassignedInsideALoopLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              public void retry(java.util.List<String> uris) {
                for (String uri : uris) {
                  // BUG: Diagnostic contains: assigns it to the field client
                  client = MongoClients.create(uri);
                }
              }
            }
            """),
        Arguments.of(
            "pluginContractOfTheCompilationPairsInitWithDestroy",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            abstract class Plugin {
              public abstract void init();
              public abstract void destroy();
            }
            class Runner {
              void run(java.util.List<Plugin> plugins) {
                for (Plugin plugin : plugins) {
                  plugin.init();
                  plugin.destroy();
                }
              }
            }
            class Task extends Plugin {
              private MongoClient client;
              @Override public void init() { client = MongoClients.create(); }
              @Override public void destroy() { client.close(); }
            }
            """),
        Arguments.of(
            "pluginContractWhoseTearDownClosesNothingLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            abstract class Plugin {
              public abstract void init();
              public abstract void destroy();
            }
            class Runner {
              void run(Plugin plugin) {
                plugin.init();
                plugin.destroy();
              }
            }
            class Task extends Plugin {
              private MongoClient client;
              @Override public void init() {
                // BUG: Diagnostic contains: instance field client of Task, which neither closes it
                client = MongoClients.create();
              }
              @Override public void destroy() {}
            }
            """),
        Arguments.of(
            "functionOpenWithAParameterPairsWithClose",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            abstract class RichFunction implements java.io.Serializable {
              public void open(String configuration) throws Exception {}
              public void close() throws Exception {}
            }
            class Lookup extends RichFunction {
              private transient MongoClient client;
              @Override public void open(String configuration) {
                client = MongoClients.create(configuration);
              }
              @Override public void close() { client.close(); }
            }
            """),
        Arguments.of(
            "callbackOfAContractWithoutTearDownReassignsAndLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            interface Refreshable {
              void refresh(String uri);
            }
            class Scheduler {
              void every(Refreshable target) {
                target.refresh("mongodb://a");
                target.refresh("mongodb://b");
              }
            }
            class Repo implements Refreshable, AutoCloseable {
              private MongoClient client;
              @Override public void refresh(String uri) {
                // BUG: Diagnostic contains: assigns it to the field client
                client = MongoClients.create(uri);
              }
              @Override public void close() { client.close(); }
            }
            """),
        Arguments.of(
            "writeGuardedByAOnceFlagRunsOnce",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Assigner {
              private final String uri;
              private boolean initialized;
              private MongoClient client;
              Assigner(String uri, boolean restored) { this.uri = uri; this.initialized = restored; }
              public void open() {
                if (!initialized) {
                  client = MongoClients.create(uri);
                  initialized = true;
                }
              }
            }
            """),
        Arguments.of(
            "earlyReturnOnAOnceFlagRunsOnce",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Assigner {
              private boolean started;
              private MongoClient client;
              public synchronized void start(String uri) {
                if (started) {
                  return;
                }
                started = true;
                client = MongoClients.create(uri);
              }
            }
            """),
        Arguments.of(
            "onceFlagResetElsewhereLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Assigner {
              private boolean initialized;
              private MongoClient client;
              public void open(String uri) {
                if (!initialized) {
                  // BUG: Diagnostic contains: assigns it to the field client
                  client = MongoClients.create(uri);
                  initialized = true;
                }
              }
              public void reset() { initialized = false; }
            }
            """),
        Arguments.of(
            "flagTheGuardedCodeNeverSetsLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Assigner {
              private boolean enabled = true;
              private MongoClient client;
              public void open(String uri) {
                if (enabled) {
                  // BUG: Diagnostic contains: assigns it to the field client
                  client = MongoClients.create(uri);
                }
              }
              public void disable() { enabled = false; }
            }
            """),
        Arguments.of(
            "writeAfterTheOnceFlagsBranchLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Assigner {
              private boolean initialized;
              private MongoClient client;
              public void open(String uri) {
                if (!initialized) {
                  initialized = true;
                }
                // BUG: Diagnostic contains: assigns it to the field client
                client = MongoClients.create(uri);
              }
            }
            """),
        Arguments.of(
            "registeredShutdownCallbackClosesTheCollection",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.Map;
            import java.util.concurrent.ConcurrentHashMap;

            interface GracefulShutdownHook { void doGracefulShutdown() throws Exception; }
            interface ShutdownService { void register(GracefulShutdownHook hook); }
            class Resolver implements GracefulShutdownHook {
              private final Map<String, MongoClient> clients = new ConcurrentHashMap<>();
              Resolver(ShutdownService service) { service.register(this); }
              MongoClient resolve(String node) {
                return clients.computeIfAbsent(node, k -> MongoClients.create("mongodb://" + k));
              }
              @Override public void doGracefulShutdown() {
                for (Map.Entry<String, MongoClient> entry : clients.entrySet()) {
                  MongoClient client = entry.getValue();
                  try {
                    client.close();
                  } catch (RuntimeException e) {
                    // Closing the rest matters more.
                  }
                }
                clients.clear();
              }
            }
            """),
        Arguments.of(
            "registeredShutdownCallbackThatClosesNothingLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.Map;
            import java.util.concurrent.ConcurrentHashMap;

            interface GracefulShutdownHook { void doGracefulShutdown() throws Exception; }
            interface ShutdownService { void register(GracefulShutdownHook hook); }
            class Resolver implements GracefulShutdownHook {
              private final Map<String, MongoClient> clients = new ConcurrentHashMap<>();
              Resolver(ShutdownService service) { service.register(this); }
              MongoClient resolve(String node) {
                // BUG: Diagnostic contains: collection in the instance field clients of Resolver
                return clients.computeIfAbsent(node, k -> MongoClients.create("mongodb://" + k));
              }
              @Override public void doGracefulShutdown() { clients.clear(); }
            }
            """),
        Arguments.of(
            "tearDownNamedMethodNothingCallsIsNoDestructor",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo {
              private final MongoClient client;
              Repo(String uri) {
                // BUG: Diagnostic contains: instance field client of Repo, which neither closes it
                client = MongoClients.create(uri);
              }
              void gracefulShutdown() { client.close(); }
            }
            """),
        Arguments.of(
            "tearDownNamedMethodTheCompilationCallsIsADestructor",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo {
              private final MongoClient client;
              Repo(String uri) { client = MongoClients.create(uri); }
              void gracefulShutdown() { client.close(); }
            }
            class Main {
              public static void main(String[] args) {
                Repo repo = new Repo(args[0]);
                repo.gracefulShutdown();
              }
            }
            """),
        Arguments.of(
            "staticFieldSetBySubclassMethodTheOnceOnlySetUpCallsThroughItsBase",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class SuiteTest {
              protected static MongoClient client;
              private abstract static class Manager {
                abstract String connect();
              }
              static class Single extends Manager {
                @Override String connect() {
                  client = MongoClients.create("mongodb://localhost");
                  return "mongodb://localhost";
                }
              }
              @org.junit.BeforeClass public static void start() { new Single().connect(); }
              @org.junit.AfterClass public static void stop() { client.close(); }
            }
            """),
        Arguments.of(
            "staticFieldSetBySubclassMethodAnOrdinaryMethodCallsThroughItsBaseLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class SuiteTest {
              protected static MongoClient client;
              private abstract static class Manager {
                abstract String connect();
              }
              static class Single extends Manager {
                @Override String connect() {
                  // BUG: Diagnostic contains: assigns it to the field client
                  client = MongoClients.create("mongodb://localhost");
                  return "mongodb://localhost";
                }
              }
              @org.junit.BeforeClass public static void start() { new Single().connect(); }
              public static void restart(Manager manager) { manager.connect(); }
              @org.junit.AfterClass public static void stop() { client.close(); }
            }
            """),
        Arguments.of(
            "abstractTestBaseSetUpWithoutPerClassTearDownLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            abstract class MongoTestBase {
              protected static MongoClient client;
              @org.junit.jupiter.api.BeforeAll
              static void connect() {
                // BUG: Diagnostic contains: assigns it to the field client
                client = MongoClients.create();
              }
            }
            class OrdersTest extends MongoTestBase {}
            class UsersTest extends MongoTestBase {}
            """),
        Arguments.of(
            "abstractTestBaseSetUpWithPerClassTearDown",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            abstract class MongoTestBase {
              protected static MongoClient client;
              @org.junit.jupiter.api.BeforeAll
              static void connect() { client = MongoClients.create(); }
              @org.junit.jupiter.api.AfterAll
              static void disconnect() { client.close(); }
            }
            class OrdersTest extends MongoTestBase {}
            """),
        Arguments.of(
            "subclassedTestBaseSetUpBehindANullCheck",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class MongoTestBase {
              protected static MongoClient client;
              @org.junit.BeforeClass
              public static void connect() {
                if (client == null) {
                  client = MongoClients.create();
                }
              }
            }
            class OrdersTest extends MongoTestBase {}
            """),
        Arguments.of(
            "subclassedTestBaseSetUpWithoutGuardLeaks",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class MongoTestBase {
              protected static MongoClient client;
              @org.junit.BeforeClass
              public static void connect() {
                // BUG: Diagnostic contains: assigns it to the field client
                client = MongoClients.create();
              }
            }
            class OrdersTest extends MongoTestBase {}
            """),
        Arguments.of(
            "testClassOfItsOwnSetsItsStaticFieldOnce",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class OrdersTest {
              private static MongoClient client;
              @org.junit.jupiter.api.BeforeAll
              static void connect() { client = MongoClients.create(); }
            }
            """),
        Arguments.of(
            "nulledOutBeforeReassignmentLeaksNothingOpen",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            @org.springframework.stereotype.Component
            class Connections {
              private MongoClient client;
              public void reset() {
                if (client != null) { client.close(); client = null; }
                client = MongoClients.create();
              }
            }
            """),
        Arguments.of(
            "legacyClientFieldLeaks",
            """
class Repo {
  // BUG: Diagnostic contains: legacy com.mongodb.MongoClient and keeps it in the instance field client of Repo
  private final com.mongodb.MongoClient client = new com.mongodb.MongoClient();
}
"""),
        Arguments.of(
            "reactiveClientFieldClosed",
            """
            class Repo implements AutoCloseable {
              private final com.mongodb.reactivestreams.client.MongoClient client =
                  com.mongodb.reactivestreams.client.MongoClients.create();
              @Override public void close() { client.close(); }
            }
            """),
        Arguments.of(
            "conditionalCreationIntoALeakingField",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class Repo {
              private final MongoClient client;
              Repo(boolean local) {
                // BUG: Diagnostic contains: instance field client of Repo
                client = local ? MongoClients.create() : MongoClients.create("mongodb://db");
              }
            }
            """));
  }

  /** A per-test set-up that hands {@code Holder}'s static setter a new client. */
  private static final String SET_UP_EACH_WITH_A_NEW_CLIENT =
      """
      @org.junit.jupiter.api.BeforeEach void setUp() {
        Holder.setClient(MongoClients.create());
      }
      """;

  /**
   * A class {@code Holder} with a static field {@code client} that its static setter {@code
   * setClient(MongoClient given)} assigns as {@code setterBody} does, and a test class {@code
   * RepoTest} with {@code testMembers}.
   */
  private static String staticSetterShape(String setterBody, String testMembers) {
    return """
        import com.mongodb.client.MongoClient;
        import com.mongodb.client.MongoClients;

        class Holder {
          static MongoClient client;
          static void setClient(MongoClient given) {
        %s  }
        }

        class RepoTest {
        %s}
        """
        .formatted(setterBody.indent(4), testMembers.indent(2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void shape(String name, String source) {
    CompilationTestHelper.newInstance(UnclosedMongoClient.class, getClass())
        .addSourceLines("org/testng/annotations/BeforeMethod.java", TESTNG_BEFORE_METHOD)
        .addSourceLines("org/testng/annotations/AfterMethod.java", TESTNG_AFTER_METHOD)
        .addSourceLines("org/apache/nifi/annotation/lifecycle/OnDisabled.java", NIFI_ON_DISABLED)
        .addSourceLines("org/apache/nifi/annotation/lifecycle/OnEnabled.java", NIFI_ON_ENABLED)
        .addSourceLines(
            "org/springframework/web/bind/annotation/RestController.java", REST_CONTROLLER)
        .addSourceLines(
            "org/springframework/boot/SpringBootConfiguration.java", SPRING_BOOT_CONFIGURATION)
        .addSourceLines(
            "org/springframework/boot/autoconfigure/SpringBootApplication.java",
            SPRING_BOOT_APPLICATION)
        .addSourceLines("Shape.java", source)
        .doTest();
  }

  /** Unusual syntax: nothing crashes, and the shapes the analysis does not follow are skipped. */
  @org.junit.jupiter.api.Test
  void unusualSyntax() {
    CompilationTestHelper.newInstance(UnclosedMongoClient.class, getClass())
        .addSourceLines(
            "Unusual.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.*;
            import java.util.function.*;

            sealed interface Shape permits Circle, Square {}

            record Circle(double radius) implements Shape {}

            record Square(double side) implements Shape {
              Square {
                if (side < 0) {
                  throw new IllegalArgumentException();
                }
              }
            }

            class Unusual implements AutoCloseable {
              private static final String QUERY =
                  \"""
                  { "a": 1 }
                  \""";
              private final MongoClient[] clients = {MongoClients.create()};
              private final Map<String, Supplier<MongoClient>> suppliers = new HashMap<>();
              private MongoClient client;
              private final Object lock = new Object() {
                final MongoClient inner = null;
              };

              {
                client = MongoClients.create();
              }

              int area(Shape shape, int k) {
                outer:
                for (int i = 0; i < 3; i++) {
                  for (int j = 0; j < 3; j++) {
                    if (i * j > k) {
                      break outer;
                    }
                  }
                }
                int size =
                    switch (k) {
                      case 1 -> 1;
                      case 2 -> {
                        yield 2;
                      }
                      default -> {
                        synchronized (lock) {
                          client = client == null ? MongoClients.create() : client;
                        }
                        yield 3;
                      }
                    };
                Function<Integer, Function<Integer, Integer>> add = a -> b -> a + b;
                class Local {
                  final MongoClient local = null;
                }
                Runnable task =
                    new Runnable() {
                      @Override
                      public void run() {
                        suppliers.put("x", MongoClients::create);
                      }
                    };
                task.run();
                return add.apply(size).apply(shape instanceof Circle c ? (int) c.radius() : 0)
                    + new Local().hashCode()
                    + QUERY.length();
              }

              @Override
              public void close() {
                client.close();
                for (MongoClient each : clients) {
                  each.close();
                }
              }
            }

            enum Registry {
              INSTANCE;

              private final MongoClient client = MongoClients.create();

              MongoClient client() {
                return client;
              }
            }
            """)
        .doTest();
  }
}
