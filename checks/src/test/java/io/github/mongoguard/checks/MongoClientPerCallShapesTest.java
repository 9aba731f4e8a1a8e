package io.github.mongoguard.checks;

import com.google.errorprone.CompilationTestHelper;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shapes MongoClientPerCall decides on, each a compilation of one or more files: a creation is
 * reported (a {@code // BUG: Diagnostic contains:} line names the evidence the message gives) or
 * not (no such line). Framework annotations that are not on the test classpath are declared as
 * small stubs that every case compiles with.
 */
final class MongoClientPerCallShapesTest {
  /** Stubs of framework types the test classpath lacks, as path and source. */
  private static final String[][] STUBS = {
          new String[] {
            "org/springframework/web/bind/annotation/RequestMapping.java",
            """
              package org.springframework.web.bind.annotation;

              import java.lang.annotation.*;

              @Target({ElementType.TYPE, ElementType.METHOD})
              @Retention(RetentionPolicy.RUNTIME)
              public @interface RequestMapping {
                String[] value() default {};
              }
            """
          },
          new String[] {
            "org/springframework/web/bind/annotation/GetMapping.java",
            """
              package org.springframework.web.bind.annotation;

              import java.lang.annotation.*;

              @Target(ElementType.METHOD)
              @Retention(RetentionPolicy.RUNTIME)
              @RequestMapping
              public @interface GetMapping {
                String[] value() default {};
              }
            """
          },
          new String[] {
            "org/springframework/web/bind/annotation/RestController.java",
            """
              package org.springframework.web.bind.annotation;

              @org.springframework.stereotype.Controller
              public @interface RestController {}
            """
          },
          new String[] {
            "org/springframework/web/context/annotation/RequestScope.java",
            """
              package org.springframework.web.context.annotation;

              import java.lang.annotation.*;

              @Retention(RetentionPolicy.RUNTIME)
              @org.springframework.context.annotation.Scope("request")
              public @interface RequestScope {}
            """
          },
          new String[] {
            "javax/ws/rs/HttpMethod.java",
            """
              package javax.ws.rs;

              import java.lang.annotation.*;

              @Target(ElementType.ANNOTATION_TYPE)
              @Retention(RetentionPolicy.RUNTIME)
              public @interface HttpMethod {
                String value();
              }
            """
          },
          new String[] {
            "javax/ws/rs/GET.java",
            """
              package javax.ws.rs;

              import java.lang.annotation.*;

              @Target(ElementType.METHOD)
              @Retention(RetentionPolicy.RUNTIME)
              @HttpMethod("GET")
              public @interface GET {}
            """
          },
          new String[] {
            "io/micronaut/http/annotation/HttpMethodMapping.java",
            """
              package io.micronaut.http.annotation;

              import java.lang.annotation.*;

              @Retention(RetentionPolicy.RUNTIME)
              public @interface HttpMethodMapping {
                String value() default "";
              }
            """
          },
          new String[] {
            "io/micronaut/http/annotation/Get.java",
            """
              package io.micronaut.http.annotation;

              import java.lang.annotation.*;

              @Retention(RetentionPolicy.RUNTIME)
              @HttpMethodMapping
              public @interface Get {
                String value() default "";
              }
            """
          },
          new String[] {
            "io/micronaut/runtime/context/scope/Refreshable.java",
            """
              package io.micronaut.runtime.context.scope;

              import java.lang.annotation.*;

              @Retention(RetentionPolicy.RUNTIME)
              public @interface Refreshable {}
            """
          },
          new String[] {
            "org/springframework/kafka/annotation/KafkaListener.java",
            """
              package org.springframework.kafka.annotation;

              import java.lang.annotation.*;

              @Retention(RetentionPolicy.RUNTIME)
              public @interface KafkaListener {
                String[] topics() default {};
              }
            """
          },
          new String[] {
            "io/grpc/BindableService.java",
            """
              package io.grpc;

              public interface BindableService {
                Object bindService();
              }
            """
          },
          new String[] {
            "io/grpc/examples/OrderServiceGrpc.java",
            """
              package io.grpc.examples;

              public final class OrderServiceGrpc {
                public abstract static class OrderServiceImplBase implements io.grpc.BindableService {
                  public void getOrder(String request, Object observer) {}

                  @Override
                  public final Object bindService() {
                    return null;
                  }
                }
              }
            """
          },
          new String[] {
            "org/springframework/data/mongodb/config/AbstractMongoClientConfiguration.java",
            """
              package org.springframework.data.mongodb.config;

              public abstract class AbstractMongoClientConfiguration {
                public com.mongodb.client.MongoClient mongoClient() {
                  return null;
                }
              }
            """
          }
  };

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(
            "loopInMethodReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static final List<MongoClient> CLIENTS = new ArrayList<>();

                static void openAll(List<String> uris) {
                  for (String uri : uris) {
                    // BUG: Diagnostic contains: `MongoClients.create` runs once per element of the loop at line 14
                    CLIENTS.add(MongoClients.create(uri));
                  }
                }
              }
            """
            }),
        Arguments.of(
            "whileLoopReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static void drain(Iterator<String> uris) {
                  while (uris.hasNext()) {
                    // BUG: Diagnostic contains: runs on every iteration of the loop at line 12
                    MongoClient client = MongoClients.create(uris.next());
                    client.close();
                  }
                }
              }
            """
            }),
        Arguments.of(
            "forLoopReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static void ping(int times) {
                  for (int i = 0; i < times; i++) {
                    // BUG: Diagnostic contains: runs on every iteration of the loop
                    try (MongoClient client = MongoClients.create()) {
                      client.listDatabaseNames().first();
                    }
                  }
                }
              }
            """
            }),
        Arguments.of(
            "loopInStaticInitializerIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static final List<MongoClient> REGIONS = new ArrayList<>();

                static {
                  for (String region : List.of("eu", "us")) {
                    REGIONS.add(MongoClients.create("mongodb://" + region));
                  }
                }
              }
            """
            }),
        Arguments.of(
            "loopInMainIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static void main(String[] args) {
                  for (String uri : args) {
                    try (MongoClient client = MongoClients.create(uri)) {
                      client.listDatabaseNames().first();
                    }
                  }
                }
              }
            """
            }),
        Arguments.of(
            "retryLoopIsNoEvidence",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                private static String ping() {
                  while (true) {
                    try (MongoClient client = MongoClients.create()) {
                      return client.listDatabaseNames().first();
                    } catch (RuntimeException e) {
                      // try again
                    }
                  }
                }
              }
            """
            }),
        Arguments.of(
            "loopInPostConstructIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                private final List<MongoClient> clients = new ArrayList<>();

                @jakarta.annotation.PostConstruct
                void start() {
                  for (String uri : List.of("a", "b")) {
                    clients.add(MongoClients.create(uri));
                  }
                }
              }
            """
            }),
        Arguments.of(
            "loopInSingletonProviderIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @org.springframework.context.annotation.Bean
                List<MongoClient> clients() {
                  List<MongoClient> clients = new ArrayList<>();
                  for (String uri : List.of("a", "b")) {
                    clients.add(MongoClients.create(uri));
                  }
                  return clients;
                }
              }
            """
            }),
        Arguments.of(
            "forEachLambdaReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static final List<MongoClient> CLIENTS = new ArrayList<>();

                static void openAll(List<String> uris) {
                  // BUG: Diagnostic contains: runs once per element of `forEach` at line 15
                  uris.forEach(uri -> CLIENTS.add(MongoClients.create(uri)));
                }
              }
            """
            }),
        Arguments.of(
            "streamMapMethodReferenceReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static List<MongoClient> openAll(List<String> uris) {
                  // BUG: Diagnostic contains: runs once per element of `map`
                  return uris.stream().map(MongoClients::create).toList();
                }
              }
            """
            }),
        Arguments.of(
            "mapForEachReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static void openAll(Map<String, String> uris) {
                  uris.forEach(
                      (name, uri) -> {
                        // BUG: Diagnostic contains: runs once per element of `forEach`
                        MongoClient client = MongoClients.create(uri);
                        client.close();
                      });
                }
              }
            """
            }),
        Arguments.of(
            "forEachInStaticInitializerIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static final List<MongoClient> CLIENTS = new ArrayList<>();

                static {
                  List.of("a", "b").forEach(uri -> CLIENTS.add(MongoClients.create(uri)));
                }
              }
            """
            }),
        Arguments.of(
            "threadLocalWithInitialReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static final ThreadLocal<MongoClient> PER_THREAD =
                    // BUG: Diagnostic contains: runs once per thread: `ThreadLocal.withInitial` at line 13 calls it for every thread
                    ThreadLocal.withInitial(() -> MongoClients.create());
              }
            """
            }),
        Arguments.of(
            "threadLocalInitialValueReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static final ThreadLocal<MongoClient> PER_THREAD =
                    new ThreadLocal<>() {
                      @Override
                      protected MongoClient initialValue() {
                        // BUG: Diagnostic contains: runs once per thread
                        return MongoClients.create();
                      }
                    };
              }
            """
            }),
        Arguments.of(
            "periodicScheduleReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static void schedule(ScheduledExecutorService executor) {
                  executor.scheduleAtFixedRate(
                      () -> {
                        // BUG: Diagnostic contains: runs on every run of the task scheduled at line 12
                        try (MongoClient client = MongoClients.create()) {
                          client.listDatabaseNames().first();
                        }
                      },
                      1,
                      1,
                      TimeUnit.MINUTES);
                }
              }
            """
            }),
        Arguments.of(
            "oneShotScheduleIsNoEvidence",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                private static void later(ScheduledExecutorService executor) {
                  executor.schedule(
                      () -> {
                        try (MongoClient client = MongoClients.create()) {
                          client.listDatabaseNames().first();
                        }
                      },
                      1,
                      TimeUnit.MINUTES);
                }
              }
            """
            }),
        Arguments.of(
            "springScheduledReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @org.springframework.scheduling.annotation.Scheduled(fixedRate = 1000)
                void poll() {
                  // BUG: Diagnostic contains: runs on every scheduled run: `Db.poll()` is a scheduled task (`@Scheduled`)
                  try (MongoClient client = MongoClients.create()) {
                    client.listDatabaseNames().first();
                  }
                }
              }
            """
            }),
        Arguments.of(
            "computeIfAbsentOnStaticMapIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                private static final Map<String, MongoClient> CLIENTS = new ConcurrentHashMap<>();

                public static MongoClient client(String uri) {
                  return CLIENTS.computeIfAbsent(uri, key -> MongoClients.create(key));
                }
              }
            """
            }),
        Arguments.of(
            "computeIfAbsentMethodReferenceIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                private static final Map<String, MongoClient> CLIENTS = new ConcurrentHashMap<>();

                public static MongoClient client(String uri) {
                  return CLIENTS.computeIfAbsent(uri, MongoClients::create);
                }
              }
            """
            }),
        Arguments.of(
            "computeIfAbsentAnonymousFunctionIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                private static final Map<String, MongoClient> CLIENTS = new ConcurrentHashMap<>();

                public static MongoClient client(String uri) {
                  return CLIENTS.computeIfAbsent(
                      uri,
                      new Function<String, MongoClient>() {
                        @Override
                        public MongoClient apply(String key) {
                          return MongoClients.create(key);
                        }
                      });
                }
              }
            """
            }),
        Arguments.of(
            "computeIfAbsentOnSingletonFieldIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              @jakarta.inject.Singleton
              public class Db {
                private final Map<String, MongoClient> clients = new ConcurrentHashMap<>();

                public MongoClient client(String uri) {
                  return clients.computeIfAbsent(uri, key -> MongoClients.create(key));
                }
              }
            """
            }),
        Arguments.of(
            "computeIfAbsentInRequestHandlerOnLocalMapReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @org.springframework.web.bind.annotation.GetMapping("/x")
                String list(String uri) {
                  Map<String, MongoClient> clients = new HashMap<>();
                  // BUG: Diagnostic contains: runs on every request
                  return clients.computeIfAbsent(uri, key -> MongoClients.create(key)).toString();
                }
              }
            """
            }),
        Arguments.of(
            "suppliersMemoizeInStaticFieldIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static final com.google.common.base.Supplier<MongoClient> CLIENT =
                    com.google.common.base.Suppliers.memoize(() -> MongoClients.create());
              }
            """
            }),
        Arguments.of(
            "compareAndSetOnStaticReferenceIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                private static final AtomicReference<MongoClient> CLIENT = new AtomicReference<>();

                public static MongoClient client() {
                  if (CLIENT.get() == null) {
                    MongoClient created = MongoClients.create();
                    CLIENT.compareAndSet(null, created);
                  }
                  return CLIENT.get();
                }
              }
            """
            }),
        Arguments.of(
            "updateAndGetOnStaticReferenceIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                private static final AtomicReference<MongoClient> CLIENT = new AtomicReference<>();

                public static MongoClient client() {
                  return CLIENT.updateAndGet(old -> old != null ? old : MongoClients.create());
                }
              }
            """
            }),
        Arguments.of(
            "doubleCheckedLockingIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                private static volatile MongoClient client;

                public static MongoClient client() {
                  if (client == null) {
                    synchronized (Db.class) {
                      if (client == null) {
                        client = MongoClients.create();
                      }
                    }
                  }
                  return client;
                }
              }
            """
            }),
        Arguments.of(
            "holderIdiomIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static MongoClient client() {
                  return Holder.CLIENT;
                }

                private static final class Holder {
                  static final MongoClient CLIENT = MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "lazyInstanceFieldOfSingletonIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              @org.springframework.stereotype.Service
              public class Db {
                private MongoClient client;

                public synchronized MongoClient client() {
                  if (client == null) {
                    client = MongoClients.create();
                  }
                  return client;
                }
              }
            """
            }),
        Arguments.of(
            "unguardedStaticFieldAssignmentInHandlerReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                private static MongoClient client;

                @org.springframework.web.bind.annotation.GetMapping("/x")
                String list() {
                  // BUG: Diagnostic contains: runs on every request: `Db.list()` is a request handler
                  client = MongoClients.create();
                  return client.toString();
                }
              }
            """
            }),
        Arguments.of(
            "guardedStaticFieldAssignmentInHandlerIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                private static MongoClient client;

                @org.springframework.web.bind.annotation.GetMapping("/x")
                synchronized String list() {
                  if (client == null) {
                    client = MongoClients.create();
                  }
                  return client.toString();
                }
              }
            """
            }),
        Arguments.of(
            "doubleCheckedThroughLocalInHandlerIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                private static volatile MongoClient client;

                @org.springframework.web.bind.annotation.GetMapping("/x")
                String list() {
                  MongoClient local = client;
                  if (local == null) {
                    synchronized (Db.class) {
                      local = client;
                      if (local == null) {
                        client = local = MongoClients.create();
                      }
                    }
                  }
                  return local.toString();
                }
              }
            """
            }),
        Arguments.of(
            "supplierInNonPrivateFieldReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                // BUG: Diagnostic contains: `MongoClients.create` is returned by every call of `Db.FACTORY`
                public static final Supplier<MongoClient> FACTORY = () -> MongoClients.create();
              }
            """
            }),
        Arguments.of(
            "supplierInPrivateFieldIsNoEvidence",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                private static final Supplier<MongoClient> FACTORY = () -> MongoClients.create();
              }
            """
            }),
        Arguments.of(
            "returnedSupplierReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static Supplier<MongoClient> factory(String uri) {
                  // BUG: Diagnostic contains: is returned by every call of the function that `Db.factory()` returns
                  return () -> MongoClients.create(uri);
                }
              }
            """
            }),
        Arguments.of(
            "methodReferenceInNonPrivateFieldReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                // BUG: Diagnostic contains: is returned by every call of `Db.BY_URI`
                static final Function<String, MongoClient> BY_URI = MongoClients::create;
              }
            """
            }),
        Arguments.of(
            "methodReferencePassedToConstructorIsNoEvidence",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public final class Db {
                private final Function<String, MongoClient> factory;

                Db(Function<String, MongoClient> factory) {
                  this.factory = factory;
                }

                static Db standard() {
                  return new Db(MongoClients::create);
                }
              }
            """
            }),
        Arguments.of(
            "staticFieldInitializerIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static final MongoClient CLIENT = MongoClients.create();
                static final com.mongodb.MongoClient LEGACY = new com.mongodb.MongoClient();
              }
            """
            }),
        Arguments.of(
            "staticBlockIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static final com.mongodb.reactivestreams.client.MongoClient REACTIVE;

                static {
                  REACTIVE = com.mongodb.reactivestreams.client.MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "enumSingletonIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public enum Db {
                INSTANCE;

                private final MongoClient client = MongoClients.create();
              }
            """
            }),
        Arguments.of(
            "enumWithSeveralConstantsIsNoEvidence",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public enum Db {
                PRIMARY,
                ANALYTICS;

                private final MongoClient client = MongoClients.create();
              }
            """
            }),
        Arguments.of(
            "eagerSingletonIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public final class Db {
                private static final Db INSTANCE = new Db();

                private final MongoClient client = MongoClients.create();

                private Db() {}
              }
            """
            }),
        Arguments.of(
            "componentConstructorIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              @org.springframework.stereotype.Component
              public class Db {
                private final MongoClient client;

                public Db() {
                  client = MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "prototypeComponentReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              @org.springframework.stereotype.Component
              @org.springframework.context.annotation.Scope("prototype")
              public class Db {
                // BUG: Diagnostic contains: runs for every injection: the container builds a new `Db` each time (`@Scope("prototype")`)
                private final MongoClient client = MongoClients.create();
              }
            """
            }),
        Arguments.of(
            "composedRequestScopeComponentReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              @org.springframework.stereotype.Component
              @org.springframework.web.context.annotation.RequestScope
              public class Db {
                private final MongoClient client;

                public Db() {
                  // BUG: Diagnostic contains: runs on every request: the container builds a new `Db` each time (`@Scope("request")`)
                  client = MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "micronautPrototypeClassReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              @io.micronaut.context.annotation.Prototype
              public class Db {
                // BUG: Diagnostic contains: runs for every injection
                private final MongoClient client = MongoClients.create();
              }
            """
            }),
        Arguments.of(
            "cdiRequestScopedClassReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              @jakarta.enterprise.context.RequestScoped
              public class Db {
                // BUG: Diagnostic contains: runs on every request
                private final MongoClient client = MongoClients.create();
              }
            """
            }),
        Arguments.of(
            "mainIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static void main(String[] args) {
                  MongoClient client = MongoClients.create(args[0]);
                  client.listDatabaseNames().first();
                }
              }
            """
            }),
        Arguments.of(
            "runCalledOnceFromMainIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static void main(String[] args) {
                  new Db().run(args[0]);
                }

                void run(String uri) {
                  try (MongoClient client = MongoClients.create(uri)) {
                    client.listDatabaseNames().first();
                  }
                }
              }
            """
            }),
        Arguments.of(
            "constructorCalledOnlyFromMainInOtherFileIsOnce",
            new String[] {
            "com/acme/db/Window.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;

              public class Window {
                private final MongoClient client = MongoClients.create();
              }
            """,
            "com/acme/app/App.java",
            """
              package com.acme.app;

              public final class App {
                public static void main(String[] args) {
                  new com.acme.db.Window();
                }
              }
            """
            }),
        Arguments.of(
            "initStyleConnectIsNoEvidence",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                private MongoClient client;

                public void connect(String uri) {
                  client = MongoClients.create(uri);
                }
              }
            """
            }),
        Arguments.of(
            "afterPropertiesSetIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db implements org.springframework.beans.factory.InitializingBean {
                private MongoClient client;

                @Override
                public void afterPropertiesSet() {
                  for (String uri : List.of("a")) {
                    client = MongoClients.create(uri);
                  }
                }
              }
            """
            }),
        Arguments.of(
            "servletInitIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db extends jakarta.servlet.http.HttpServlet {
                private MongoClient client;

                @Override
                public void init() {
                  for (String uri : List.of("a")) {
                    client = MongoClients.create(uri);
                  }
                }
              }
            """
            }),
        Arguments.of(
            "testMethodsAreNoEvidence",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @org.junit.jupiter.api.BeforeEach
                void setUp() {
                  for (String uri : List.of("a")) {
                    MongoClients.create(uri).close();
                  }
                }

                @org.junit.jupiter.api.Test
                void test() {
                  for (String uri : List.of("a")) {
                    MongoClients.create(uri).close();
                  }
                }
              }
            """
            }),
        Arguments.of(
            "jndiObjectFactoryIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db implements javax.naming.spi.ObjectFactory {
                @Override
                public Object getObjectInstance(
                    Object obj, javax.naming.Name name, javax.naming.Context ctx, Hashtable<?, ?> env) {
                  for (String uri : List.of("a")) {
                    return MongoClients.create(uri);
                  }
                  return null;
                }
              }
            """
            }),
        Arguments.of(
            "springSingletonBeanIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @org.springframework.context.annotation.Bean
                MongoClient mongoClient() {
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "springExplicitSingletonBeanIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @org.springframework.context.annotation.Bean
                @org.springframework.context.annotation.Scope("singleton")
                MongoClient mongoClient() {
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "springPrototypeBeanReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @org.springframework.context.annotation.Bean
                @org.springframework.context.annotation.Scope("prototype")
                MongoClient mongoClient() {
                  // BUG: Diagnostic contains: runs for every injection: `Db.mongoClient()` is a `@Scope("prototype")` bean
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "springRequestBeanReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @org.springframework.context.annotation.Bean
                @org.springframework.context.annotation.Scope(scopeName = "request")
                MongoClient mongoClient() {
                  // BUG: Diagnostic contains: runs on every request
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "springComposedRequestScopeBeanReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @org.springframework.context.annotation.Bean
                @org.springframework.web.context.annotation.RequestScope
                MongoClient mongoClient() {
                  // BUG: Diagnostic contains: a `@Scope("request")` bean
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "guiceUnscopedProvidesReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @com.google.inject.Provides
                MongoClient mongoClient() {
                  // BUG: Diagnostic contains: runs for every injection: `Db.mongoClient()` is an unscoped `@Provides` method
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "guiceSingletonProvidesIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @com.google.inject.Provides
                @com.google.inject.Singleton
                MongoClient mongoClient() {
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "daggerUnscopedProvidesReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @dagger.Provides
                static MongoClient mongoClient() {
                  // BUG: Diagnostic contains: an unscoped `@Provides` method
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "daggerReusableProvidesReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @dagger.Provides
                @dagger.Reusable
                static MongoClient mongoClient() {
                  // BUG: Diagnostic contains: a `@Reusable` `@Provides` method
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "daggerSingletonProvidesIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @dagger.Provides
                @javax.inject.Singleton
                static MongoClient mongoClient() {
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "cdiDependentProducerReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @jakarta.enterprise.inject.Produces
                MongoClient mongoClient() {
                  // BUG: Diagnostic contains: a `@Dependent` producer
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "cdiRequestScopedProducerReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @jakarta.enterprise.inject.Produces
                @jakarta.enterprise.context.RequestScoped
                MongoClient mongoClient() {
                  // BUG: Diagnostic contains: runs on every request
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "cdiApplicationScopedProducerIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @jakarta.enterprise.inject.Produces
                @jakarta.enterprise.context.ApplicationScoped
                MongoClient mongoClient() {
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "micronautPrototypeFactoryMethodReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              @io.micronaut.context.annotation.Factory
              public class Db {
                @io.micronaut.context.annotation.Prototype
                MongoClient mongoClient() {
                  // BUG: Diagnostic contains: a `@Prototype` Micronaut bean
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "micronautUnscopedBeanReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              @io.micronaut.context.annotation.Factory
              public class Db {
                @io.micronaut.context.annotation.Bean
                MongoClient mongoClient() {
                  // BUG: Diagnostic contains: an unscoped Micronaut `@Bean`
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "micronautEachBeanIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              @io.micronaut.context.annotation.Factory
              public class Db {
                @io.micronaut.context.annotation.EachBean(String.class)
                MongoClient mongoClient(String uri) {
                  return MongoClients.create(uri);
                }
              }
            """
            }),
        Arguments.of(
            "micronautEachPropertyIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              @io.micronaut.context.annotation.Factory
              public class Db {
                @io.micronaut.context.annotation.EachProperty("mongodb.servers")
                MongoClient mongoClient() {
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "micronautSingletonIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              @io.micronaut.context.annotation.Factory
              public class Db {
                @jakarta.inject.Singleton
                MongoClient mongoClient() {
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "micronautRefreshableIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              @io.micronaut.context.annotation.Factory
              public class Db {
                @io.micronaut.runtime.context.scope.Refreshable
                MongoClient mongoClient() {
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "factoryBeanSingletonIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db implements org.springframework.beans.factory.FactoryBean<MongoClient> {
                @Override
                public MongoClient getObject() {
                  return MongoClients.create();
                }

                @Override
                public Class<?> getObjectType() {
                  return MongoClient.class;
                }
              }
            """
            }),
        Arguments.of(
            "factoryBeanNotSingletonReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db implements org.springframework.beans.factory.FactoryBean<MongoClient> {
                @Override
                public MongoClient getObject() {
                  // BUG: Diagnostic contains: a `FactoryBean` whose `isSingleton()` is false
                  return MongoClients.create();
                }

                @Override
                public Class<?> getObjectType() {
                  return MongoClient.class;
                }

                @Override
                public boolean isSingleton() {
                  return false;
                }
              }
            """
            }),
        Arguments.of(
            "abstractFactoryBeanCreateInstanceIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db extends org.springframework.beans.factory.config.AbstractFactoryBean<MongoClient> {
                @Override
                protected MongoClient createInstance() {
                  return MongoClients.create();
                }

                @Override
                public Class<?> getObjectType() {
                  return MongoClient.class;
                }
              }
            """
            }),
        Arguments.of(
            "springDataConfigurationOverrideIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db extends org.springframework.data.mongodb.config.AbstractMongoClientConfiguration {
                @Override
                public MongoClient mongoClient() {
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "helperCalledOnlyFromSingletonProviderIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @org.springframework.context.annotation.Bean
                MongoClient mongoClient() {
                  return createClient("mongodb://localhost");
                }

                protected MongoClient createClient(String uri) {
                  return MongoClients.create(uri);
                }
              }
            """
            }),
        Arguments.of(
            "getMappingHandlerReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              @org.springframework.web.bind.annotation.RestController
              public class Db {
                @org.springframework.web.bind.annotation.GetMapping("/orders")
                String list() {
                  // BUG: Diagnostic contains: `MongoClients.create` runs on every request: `Db.list()` is a request handler (`@GetMapping`)
                  try (MongoClient client = MongoClients.create()) {
                    return client.listDatabaseNames().first();
                  }
                }
              }
            """
            }),
        Arguments.of(
            "requestMappingHandlerReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @org.springframework.web.bind.annotation.RequestMapping("/orders")
                String list() {
                  // BUG: Diagnostic contains: (`@RequestMapping`)
                  try (MongoClient client = MongoClients.create()) {
                    return client.listDatabaseNames().first();
                  }
                }
              }
            """
            }),
        Arguments.of(
            "jaxRsResourceMethodReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @javax.ws.rs.GET
                public String list() {
                  // BUG: Diagnostic contains: a request handler (`@GET`)
                  try (MongoClient client = MongoClients.create()) {
                    return client.listDatabaseNames().first();
                  }
                }
              }
            """
            }),
        Arguments.of(
            "servletDoGetReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db extends jakarta.servlet.http.HttpServlet {
                @Override
                protected void doGet(
                    jakarta.servlet.http.HttpServletRequest request,
                    jakarta.servlet.http.HttpServletResponse response) {
                  // BUG: Diagnostic contains: runs on every request: `Db.doGet()` is a request handler (`Servlet.doGet`)
                  try (MongoClient client = MongoClients.create()) {
                    client.listDatabaseNames().first();
                  }
                }
              }
            """
            }),
        Arguments.of(
            "lambdaHandleRequestReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db implements com.amazonaws.services.lambda.runtime.RequestHandler<String, String> {
                @Override
                public String handleRequest(String input, com.amazonaws.services.lambda.runtime.Context context) {
                  // BUG: Diagnostic contains: (`RequestHandler.handleRequest`)
                  try (MongoClient client = MongoClients.create()) {
                    return client.listDatabaseNames().first();
                  }
                }
              }
            """
            }),
        Arguments.of(
            "lambdaHandlerConstructorIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db implements com.amazonaws.services.lambda.runtime.RequestHandler<String, String> {
                private final MongoClient client = MongoClients.create();

                @Override
                public String handleRequest(String input, com.amazonaws.services.lambda.runtime.Context context) {
                  return client.listDatabaseNames().first();
                }
              }
            """
            }),
        Arguments.of(
            "micronautGetReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @io.micronaut.http.annotation.Get("/orders")
                String list() {
                  // BUG: Diagnostic contains: a request handler (`@Get`)
                  try (MongoClient client = MongoClients.create()) {
                    return client.listDatabaseNames().first();
                  }
                }
              }
            """
            }),
        Arguments.of(
            "httpServerHandlerReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db implements com.sun.net.httpserver.HttpHandler {
                @Override
                public void handle(com.sun.net.httpserver.HttpExchange exchange) {
                  // BUG: Diagnostic contains: (`HttpHandler.handle`)
                  try (MongoClient client = MongoClients.create()) {
                    client.listDatabaseNames().first();
                  }
                }
              }
            """
            }),
        Arguments.of(
            "kafkaListenerReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @org.springframework.kafka.annotation.KafkaListener(topics = "orders")
                void onOrder(String order) {
                  // BUG: Diagnostic contains: runs on every message: `Db.onOrder()` is a message listener (`@KafkaListener`)
                  try (MongoClient client = MongoClients.create()) {
                    client.listDatabaseNames().first();
                  }
                }
              }
            """
            }),
        Arguments.of(
            "eventListenerReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @org.springframework.context.event.EventListener
                void onEvent(Object event) {
                  // BUG: Diagnostic contains: runs on every event
                  try (MongoClient client = MongoClients.create()) {
                    client.listDatabaseNames().first();
                  }
                }
              }
            """
            }),
        Arguments.of(
            "grpcServiceMethodReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db extends io.grpc.examples.OrderServiceGrpc.OrderServiceImplBase {
                @Override
                public void getOrder(String request, Object observer) {
                  // BUG: Diagnostic contains: a request handler (a gRPC service method)
                  try (MongoClient client = MongoClients.create()) {
                    client.listDatabaseNames().first();
                  }
                }
              }
            """
            }),
        Arguments.of(
            "constructorCalledFromHandlerInOtherFileReports",
            new String[] {
            "com/acme/db/TenantRepository.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;

              public class TenantRepository {
                private final MongoClient client;

                public TenantRepository() {
                  // BUG: Diagnostic contains: `MongoClients.create` runs on every request: `TenantRepository`'s constructor is called from `OrderController.list()` (`@GetMapping`)
                  client = MongoClients.create();
                }
              }
            """,
            "com/acme/web/OrderController.java",
            """
              package com.acme.web;

              import com.acme.db.TenantRepository;
              import org.springframework.web.bind.annotation.GetMapping;
              import org.springframework.web.bind.annotation.RestController;

              @RestController
              public class OrderController {
                @GetMapping("/orders")
                String list() {
                  new TenantRepository();
                  return "";
                }
              }
            """
            }),
        Arguments.of(
            "fieldInitializerOfClassBuiltPerRequestReports",
            new String[] {
            "com/acme/db/Repo.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;

              public class Repo {
                // BUG: Diagnostic contains: `Repo`'s constructor is called from `Api.get()` (`@GET`)
                private final MongoClient client = MongoClients.create();
              }
            """,
            "com/acme/web/Api.java",
            """
              package com.acme.web;

              public class Api {
                @javax.ws.rs.GET
                public String get() {
                  return new com.acme.db.Repo().toString();
                }
              }
            """
            }),
        Arguments.of(
            "chainThroughServiceReports",
            new String[] {
            "com/acme/db/Repo.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;

              public class Repo {
                public static String find() {
                  // BUG: Diagnostic contains: `Repo.find()` is called from `Service.lookup()`, which is reached from `Controller.get()` (`@GetMapping`)
                  try (MongoClient client = MongoClients.create()) {
                    return client.listDatabaseNames().first();
                  }
                }
              }
            """,
            "com/acme/web/Service.java",
            """
              package com.acme.web;

              class Service {
                static String lookup() {
                  return com.acme.db.Repo.find();
                }
              }
            """,
            "com/acme/web/Controller.java",
            """
              package com.acme.web;

              class Controller {
                @org.springframework.web.bind.annotation.GetMapping("/")
                String get() {
                  return Service.lookup();
                }
              }
            """
            }),
        Arguments.of(
            "methodCalledInLoopInOtherFileReports",
            new String[] {
            "com/acme/db/Pools.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;

              public final class Pools {
                public static void ping(String uri) {
                  // BUG: Diagnostic contains: runs once per element of the loop at line 5: `Pools.ping()` is called from the loop at line 5 in `Jobs.run()`
                  try (MongoClient client = MongoClients.create(uri)) {
                    client.listDatabaseNames().first();
                  }
                }
              }
            """,
            "com/acme/jobs/Jobs.java",
            """
              package com.acme.jobs;

              final class Jobs {
                static void run(java.util.List<String> uris) {
                  for (String uri : uris) {
                    com.acme.db.Pools.ping(uri);
                  }
                }
              }
            """
            }),
        Arguments.of(
            "constructorCalledFromSingletonBeanInOtherFileIsOnce",
            new String[] {
            "com/acme/db/Store.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;

              public class Store {
                private final MongoClient client = MongoClients.create();
              }
            """,
            "com/acme/config/Config.java",
            """
              package com.acme.config;

              @org.springframework.context.annotation.Configuration
              class Config {
                @org.springframework.context.annotation.Bean
                com.acme.db.Store store() {
                  return new com.acme.db.Store();
                }
              }
            """
            }),
        Arguments.of(
            "constructorCalledFromMainAndHandlerReports",
            new String[] {
            "com/acme/db/Store.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;

              public class Store {
                // BUG: Diagnostic contains: `Store`'s constructor is called from `Web.handle()` (`HttpHandler.handle`)
                private final MongoClient client = MongoClients.create();
              }
            """,
            "com/acme/web/Web.java",
            """
              package com.acme.web;

              public class Web implements com.sun.net.httpserver.HttpHandler {
                public static void main(String[] args) {
                  new com.acme.db.Store();
                }

                @Override
                public void handle(com.sun.net.httpserver.HttpExchange exchange) {
                  new com.acme.db.Store();
                }
              }
            """
            }),
        Arguments.of(
            "methodReferenceCallSitePerElementReports",
            new String[] {
            "com/acme/db/Pools.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;

              public final class Pools {
                public static void ping(String uri) {
                  // BUG: Diagnostic contains: runs once per element of `forEach` at line 5
                  try (MongoClient client = MongoClients.create(uri)) {
                    client.listDatabaseNames().first();
                  }
                }
              }
            """,
            "com/acme/jobs/Jobs.java",
            """
              package com.acme.jobs;

              final class Jobs {
                static void run(java.util.List<String> uris) {
                  uris.forEach(com.acme.db.Pools::ping);
                }
              }
            """
            }),
        Arguments.of(
            "libraryInterfaceDispatchIsNoEvidence",
            new String[] {
            "com/acme/db/Opener.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.function.Function;

              class Opener implements Function<String, MongoClient> {
                @Override
                public MongoClient apply(String uri) {
                  return MongoClients.create(uri);
                }
              }
            """,
            "com/acme/jobs/Jobs.java",
            """
              package com.acme.jobs;

              final class Jobs {
                static void run(java.util.List<String> uris, java.util.function.Function<String, ?> f) {
                  for (String uri : uris) {
                    f.apply(uri);
                  }
                }
              }
            """
            }),
        Arguments.of(
            "recursionFromMainIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static void main(String[] args) {
                  connect(args[0], 3);
                }

                static void connect(String uri, int attempts) {
                  try (MongoClient client = MongoClients.create(uri)) {
                    client.listDatabaseNames().first();
                  } catch (RuntimeException e) {
                    if (attempts > 0) {
                      connect(uri, attempts - 1);
                    }
                  }
                }
              }
            """
            }),
        Arguments.of(
            "constructorInPackagePrivateClassCalledFromNothingIsNoEvidence",
            new String[] {
            "com/acme/db/Marker.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;

              class Marker {
                private final MongoClient client;

                Marker() {
                  client = MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "publicFactoryReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static MongoClient open(String uri) {
                  // BUG: Diagnostic contains: `MongoClients.create` is returned to every caller of `Db.open()`
                  return MongoClients.create(uri);
                }
              }
            """
            }),
        Arguments.of(
            "factoryThroughLocalsAndConditionalReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static com.mongodb.MongoClient open(String uri, boolean legacy) {
                  com.mongodb.MongoClient client =
                      // BUG: Diagnostic contains: `new MongoClient` is returned to every caller of `Db.open()`
                      legacy ? new com.mongodb.MongoClient(uri) : new com.mongodb.MongoClient(uri + "?x=y");
                  return client;
                }
              }
            """
            }),
        Arguments.of(
            "factoryThroughPrivateHelperReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static MongoClient open() {
                  return create();
                }

                private static MongoClient create() {
                  // BUG: Diagnostic contains: is returned to every caller of `Db.open()`: `Db.open()` returns what its helper `Db.create()` creates
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "privateFactoryWithoutCallersIsNoEvidence",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                private static MongoClient open(String uri) {
                  return MongoClients.create(uri);
                }
              }
            """
            }),
        Arguments.of(
            "factoryCalledOnlyFromMainIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static void main(String[] args) {
                  open(args[0]).close();
                }

                public static MongoClient open(String uri) {
                  return MongoClients.create(uri);
                }
              }
            """
            }),
        Arguments.of(
            "mustBeClosedFactorySaysSuppress",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                @com.google.errorprone.annotations.MustBeClosed
                public static MongoClient open(String uri) {
                  // BUG: Diagnostic contains: suppress the finding with @SuppressWarnings("MongoClientPerCall")
                  return MongoClients.create(uri);
                }
              }
            """
            }),
        Arguments.of(
            "useAndCloseWithoutCallersReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static <T> T withClient(Function<MongoClient, T> work) {
                  // BUG: Diagnostic contains: runs on every call of `Db.withClient()`: `Db.withClient()` opens and closes a client each time it runs, and nothing in this compilation calls it
                  try (MongoClient client = MongoClients.create()) {
                    return work.apply(client);
                  }
                }
              }
            """
            }),
        Arguments.of(
            "useAndCloseCalledOnlyFromMainIsOnce",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static void main(String[] args) {
                  ping();
                }

                public static void ping() {
                  try (MongoClient client = MongoClients.create()) {
                    client.listDatabaseNames().first();
                  }
                }
              }
            """
            }),
        Arguments.of(
            "useAndCloseLocalWithoutCallersReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public void ping() {
                  // BUG: Diagnostic contains: opens and closes a client each time it runs
                  MongoClient client = MongoClients.create();
                  client.listDatabaseNames().first();
                  client.close();
                }
              }
            """
            }),
        Arguments.of(
            "conditionalUseWithoutCallersIsNoEvidence",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static void ping(boolean enabled) {
                  if (enabled) {
                    try (MongoClient client = MongoClients.create()) {
                      client.listDatabaseNames().first();
                    }
                  }
                }
              }
            """
            }),
        Arguments.of(
            "overrideWithoutCallersIsNoEvidence",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db implements Function<String, MongoClient> {
                @Override
                public MongoClient apply(String uri) {
                  return MongoClients.create(uri);
                }
              }
            """
            }),
        Arguments.of(
            "publicOwnerNobodyConstructsReports",
            new String[] {
            "com/acme/db/Pool.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;

              public class Pool {
                private final MongoClient client;

                public Pool(String uri) {
                  // BUG: Diagnostic contains: runs for every new `Pool`: nothing in this compilation constructs `Pool`
                  client = MongoClients.create(uri);
                }
              }
            """
            }),
        Arguments.of(
            "factoryReturningNewOwnerReports",
            new String[] {
            "com/acme/db/Pool.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;

              public class Pool {
                // BUG: Diagnostic contains: runs on every call of `Pools.forUri()`: `Pools.forUri()` returns a new `Pool`
                private final MongoClient client = MongoClients.create();
              }
            """,
            "com/acme/db/Pools.java",
            """
              package com.acme.db;

              public final class Pools {
                public static Pool forUri(String uri) {
                  return new Pool();
                }
              }
            """
            }),
        Arguments.of(
            "ownerBuiltOnceInStaticFieldIsOnce",
            new String[] {
            "com/acme/db/Pool.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;

              public class Pool {
                public static final Pool DEFAULT = new Pool();

                private final MongoClient client = MongoClients.create();
              }
            """
            }),
        Arguments.of(
            "superCallInClientSubclassIsNoCreation",
            new String[] {
            "com/acme/db/AcmeClient.java",
            """
              package com.acme.db;

              public class AcmeClient extends com.mongodb.MongoClient {
                public AcmeClient() {
                  super("localhost");
                }

                public AcmeClient(String host) {
                  this();
                }
              }
            """
            }),
        Arguments.of(
            "reactiveFactoryReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static com.mongodb.reactivestreams.client.MongoClient open() {
                  // BUG: Diagnostic contains: for a new com.mongodb.reactivestreams.client.MongoClient
                  return com.mongodb.reactivestreams.client.MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "messageSaysHowToKeepOne",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static MongoClient open() {
                  // BUG: Diagnostic contains: Create the client once per process and share it: keep it in a static field (a static holder class
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "messageNamesSingletonProvider",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static MongoClient open() {
                  // BUG: Diagnostic contains: or return it from a singleton-scoped provider
                  return MongoClients.create();
                }
              }
            """
            }),
        Arguments.of(
            "switchExpressionFactoryReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                public static MongoClient open(String kind) {
                  return switch (kind) {
                    // BUG: Diagnostic contains: is returned to every caller of `Db.open()`
                    case "a" -> MongoClients.create("mongodb://a");
                    default -> {
                      // BUG: Diagnostic contains: is returned to every caller of `Db.open()`
                      MongoClient client = MongoClients.create("mongodb://b");
                      yield client;
                    }
                  };
                }
              }
            """
            }),
        Arguments.of(
            "unusualSyntaxWithoutEvidenceIsQuiet",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                record Pair(String uri, MongoClient client) {
                  Pair {
                    Objects.requireNonNull(uri);
                  }
                }

                sealed interface Shape permits Square {}

                record Square(int side) implements Shape {}

                static final List<Supplier<Runnable>> NESTED =
                    List.of(() -> () -> MongoClients.create().close());

                static String describe(Object o) {
                  class Local {
                    final MongoClient client = MongoClients.create();
                  }
                  outer:
                  for (String s : List.of("a")) {
                    break outer;
                  }
                  return o instanceof Square square ? "square " + square.side() + new Local() : "";
                }
              }
            """
            }),
        Arguments.of(
            "nestedLambdaInForEachReports",
            new String[] {
            "com/acme/db/Db.java",
            """
              package com.acme.db;

              import com.mongodb.client.MongoClient;
              import com.mongodb.client.MongoClients;
              import java.util.*;
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.*;
              import java.util.function.*;

              public class Db {
                static void openAll(List<List<String>> groups) {
                  groups.forEach(
                      group ->
                          group.forEach(
                              uri -> {
                                // BUG: Diagnostic contains: runs once per element of `forEach`
                                MongoClients.create(uri).close();
                              }));
                }
              }
            """
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void shape(String name, String[] files) {
    CompilationTestHelper helper =
        CompilationTestHelper.newInstance(MongoClientPerCall.class, getClass())
            .setArgs("-XepOpt:MongoGuard:ConnectionModule=com.acme.db");
    for (String[] stub : STUBS) {
      helper = helper.addSourceLines(stub[0], stub[1]);
    }
    for (int i = 0; i + 1 < files.length; i += 2) {
      helper = helper.addSourceLines(files[i], files[i + 1]);
    }
    helper.doTest();
  }
}
