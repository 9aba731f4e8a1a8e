package io.github.mongoguard.checks;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

final class MongoClientPerCallTest {
  private final CompilationTestHelper compilationTestHelper =
      CompilationTestHelper.newInstance(MongoClientPerCall.class, getClass())
          .setArgs("-XepOpt:MongoGuard:ConnectionModule=com.acme.db");

  @Test
  void staticFieldAndStaticInitializer() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Database.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import com.mongodb.client.MongoDatabase;

            public final class Database {
              private static final MongoClient CLIENT = MongoClients.create("mongodb://localhost");
              private static final MongoDatabase SHOP = MongoClients.create().getDatabase("shop");
              private static final com.mongodb.reactivestreams.client.MongoClient REACTIVE;
              private static final com.mongodb.MongoClient LEGACY;

              static {
                REACTIVE = com.mongodb.reactivestreams.client.MongoClients.create();
                com.mongodb.MongoClient legacy = new com.mongodb.MongoClient("localhost");
                LEGACY = legacy;
              }
            }
            """)
        .doTest();
  }

  @Test
  void holderIdiomWithPrivateHelper() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Database.java",
            """
            package com.acme.db;

            import com.mongodb.MongoClientSettings;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            public final class Database {
              private Database() {}

              public static MongoClient client() {
                return Holder.CLIENT;
              }

              private static final class Holder {
                static final MongoClient CLIENT = create();

                private static MongoClient create() {
                  return MongoClients.create(settings());
                }

                private static MongoClientSettings settings() {
                  return MongoClientSettings.builder().build();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void doubleCheckedLazyInitialisation() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Database.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            public final class Database {
              private static volatile MongoClient client;
              private static MongoClient lazy;

              public static MongoClient client() {
                MongoClient local = client;
                if (local == null) {
                  synchronized (Database.class) {
                    local = client;
                    if (local == null) {
                      client = local = MongoClients.create();
                    }
                  }
                }
                return local;
              }

              static synchronized MongoClient lazy() {
                if (lazy == null) {
                  lazy = MongoClients.create();
                }
                return lazy;
              }
            }
            """)
        .doTest();
  }

  @Test
  void enumSingleton() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Mongo.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            public enum Mongo {
              INSTANCE;

              private final MongoClient client = MongoClients.create();
              private final MongoClient other;

              Mongo() {
                other = MongoClients.create("mongodb://other");
              }

              public MongoClient client() {
                return client;
              }
            }
            """)
        .doTest();
  }

  @Test
  void enumWithSeveralConstantsCreatesOncePerConstant() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Cluster.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            public enum Cluster {
              PRIMARY,
              ANALYTICS;

              private final MongoClient client = MongoClients.create();
            }
            """)
        .doTest();
  }

  @Test
  void singletonScopedProviders() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/SpringConfig.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import org.springframework.context.annotation.Bean;
            import org.springframework.context.annotation.Configuration;
            import org.springframework.context.annotation.Scope;

            @Configuration
            class SpringConfig {
              @Bean
              MongoClient mongoClient() {
                return MongoClients.create();
              }

              @Bean
              @Scope("singleton")
              MongoClient explicitSingleton() {
                return MongoClients.create();
              }
            }
            """)
        .addSourceLines(
            "com/acme/db/GuiceModule.java",
            """
            package com.acme.db;

            import com.google.inject.AbstractModule;
            import com.google.inject.Provides;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            class GuiceModule extends AbstractModule {
              @Provides
              @com.google.inject.Singleton
              MongoClient guice() {
                return MongoClients.create();
              }

              @Provides
              @javax.inject.Singleton
              com.mongodb.reactivestreams.client.MongoClient javax() {
                return com.mongodb.reactivestreams.client.MongoClients.create();
              }

              @Provides
              @jakarta.inject.Singleton
              com.mongodb.MongoClient jakarta() {
                return new com.mongodb.MongoClient();
              }
            }
            """)
        .addSourceLines(
            "com/acme/db/DaggerModule.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import dagger.Module;
            import dagger.Provides;
            import javax.inject.Singleton;

            @Module
            final class DaggerModule {
              @Provides
              @Singleton
              static MongoClient client() {
                return MongoClients.create();
              }
            }
            """)
        .addSourceLines(
            "com/acme/db/CdiProducer.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import jakarta.enterprise.context.ApplicationScoped;
            import jakarta.enterprise.inject.Produces;

            class CdiProducer {
              @Produces
              @ApplicationScoped
              MongoClient client() {
                return MongoClients.create();
              }

              @Produces
              @jakarta.inject.Singleton
              com.mongodb.reactivestreams.client.MongoClient reactive() {
                return com.mongodb.reactivestreams.client.MongoClients.create();
              }
            }
            """)
        .addSourceLines(
            "com/acme/db/MicronautFactory.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import io.micronaut.context.annotation.Context;
            import io.micronaut.context.annotation.Factory;

            @Factory
            class MicronautFactory {
              @jakarta.inject.Singleton
              MongoClient client() {
                return MongoClients.create();
              }

              @Context
              com.mongodb.reactivestreams.client.MongoClient eager() {
                return com.mongodb.reactivestreams.client.MongoClients.create();
              }
            }
            """)
        .doTest();
  }

  @Test
  void providersThatAreNotSingletons() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Providers.java",
            """
            package com.acme.db;

            import com.google.inject.Provides;
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import org.springframework.context.annotation.Bean;
            import org.springframework.context.annotation.Scope;

            class Providers {
              @Provides
              MongoClient unscoped() {
                // BUG: Diagnostic contains: runs for every injection: `Providers.unscoped()` is an unscoped `@Provides` method
                return MongoClients.create();
              }

              @Bean
              @Scope("prototype")
              MongoClient prototype() {
                // BUG: Diagnostic contains: `Providers.prototype()` is a `@Scope("prototype")` bean
                return MongoClients.create();
              }

              @Bean
              @Scope(scopeName = "request")
              MongoClient request() {
                // BUG: Diagnostic contains: MongoClientPerCall
                return MongoClients.create();
              }

              @dagger.Provides
              static MongoClient dagger() {
                // BUG: Diagnostic contains: MongoClientPerCall
                return MongoClients.create();
              }
            }
            """)
        .doTest();
  }

  @Test
  void creationsPerCall() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Database.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.function.Function;
            import java.util.function.Supplier;

            public final class Database {
              static final List<MongoClient> CLIENTS = new ArrayList<>();
              // BUG: Diagnostic contains: is returned by every call of `Database.FACTORY`
              static final Supplier<MongoClient> FACTORY = () -> MongoClients.create();
              // BUG: Diagnostic contains: is returned by every call of `Database.BY_URI`
              static final Function<String, MongoClient> BY_URI = MongoClients::create;

              static {
                for (String uri : List.of("mongodb://a", "mongodb://b")) {
                  CLIENTS.add(MongoClients.create(uri));
                }
              }

              public static String firstDatabase(String uri) {
                // BUG: Diagnostic contains: `Database.firstDatabase()` opens and closes a client each time it runs
                try (MongoClient client = MongoClients.create(uri)) {
                  return client.listDatabaseNames().first();
                }
              }

              public static MongoClient newClient(String uri) {
                // BUG: Diagnostic contains: `MongoClients.create` is returned to every caller of `Database.newClient()`
                return MongoClients.create(uri);
              }

              static com.mongodb.reactivestreams.client.MongoClient newReactiveClient() {
                // BUG: Diagnostic contains: for a new com.mongodb.reactivestreams.client.MongoClient
                return com.mongodb.reactivestreams.client.MongoClients.create();
              }

              static void ping() {
                // BUG: Diagnostic contains: `new MongoClient` runs on every call of `Database.ping()`
                com.mongodb.MongoClient legacy = new com.mongodb.MongoClient();
                legacy.close();
              }
            }
            """)
        .doTest();
  }

  @Test
  void instancesAndPrivateHelpersCalledPerCall() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Repository.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.function.Supplier;

            final class Repository {
              private final MongoClient client = MongoClients.create();
              private final MongoClient other;
              private final Supplier<MongoClient> supplier = Repository::create;

              Repository() {
                other = MongoClients.create();
              }

              MongoClient perCall() {
                return open();
              }

              private static MongoClient open() {
                // BUG: Diagnostic contains: is returned to every caller of `Repository.perCall()`
                return MongoClients.create();
              }

              private static MongoClient create() {
                return MongoClients.create();
              }

              private static MongoClient unused() {
                return MongoClients.create();
              }
            }
            """)
        .doTest();
  }

  @Test
  void processLivedOwners() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/MongoComponent.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import org.springframework.stereotype.Component;

            @Component
            class MongoComponent {
              private final MongoClient client = MongoClients.create();
              private final MongoClient other;

              MongoComponent() {
                other = MongoClients.create();
              }
            }
            """)
        .addSourceLines(
            "com/acme/db/EagerSingleton.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class EagerSingleton {
              private static final EagerSingleton INSTANCE = new EagerSingleton();

              private final MongoClient client = MongoClients.create();

              private EagerSingleton() {}

              static MongoClient client() {
                return INSTANCE.client;
              }
            }
            """)
        .addSourceLines(
            "com/acme/db/OpenConstructor.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class OpenConstructor {
              static final OpenConstructor DEFAULT = new OpenConstructor();

              private final MongoClient client = MongoClients.create();

              OpenConstructor() {}
            }
            """)
        .doTest();
  }

  @Test
  void outsideModuleIsForOtherCheck() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/web/Handler.java",
            """
            package com.acme.web;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Handler {
              String handle(String uri) {
                try (MongoClient client = MongoClients.create(uri)) {
                  return client.listDatabaseNames().first();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void withoutModuleNothingIsInside() {
    CompilationTestHelper.newInstance(MongoClientPerCall.class, getClass())
        .addSourceLines(
            "com/acme/db/Database.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClients;

            final class Database {
              static Object client() {
                return MongoClients.create();
              }
            }
            """)
        .doTest();
  }

  @Test
  void suppression() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Migrator.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;

            final class Migrator {
              @SuppressWarnings("MongoClientPerCall")
              static void migrate(String uri) {
                try (MongoClient client = MongoClients.create(uri)) {
                  client.listDatabaseNames().first();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void messageSaysHowToKeepOne() {
    compilationTestHelper
        .addSourceLines(
            "com/acme/db/Database.java",
            """
            package com.acme.db;

            import com.mongodb.client.MongoClients;

            final class Database {
              static com.mongodb.client.MongoClient client() {
                // BUG: Diagnostic contains: Each run opens a new connection pool
                return MongoClients.create();
              }

              static com.mongodb.reactivestreams.client.MongoClient reactive() {
                // BUG: Diagnostic contains: static holder class
                return com.mongodb.reactivestreams.client.MongoClients.create();
              }

              static com.mongodb.MongoClient legacy() {
                // BUG: Diagnostic contains: singleton-scoped provider
                return new com.mongodb.MongoClient();
              }
            }
            """)
        .doTest();
  }

  @Test
  void malformedFlagReported() {
    CompilationTestHelper.newInstance(MongoClientPerCall.class, getClass())
        .setArgs("-XepOpt:MongoGuard:SharedClient=Database")
        .addSourceLines(
            "com/acme/db/Database.java",
            """
            // BUG: Diagnostic contains: -XepOpt:MongoGuard:SharedClient has the value 'Database'
            package com.acme.db;

            final class Database {}
            """)
        .doTest();
  }
}
