package io.github.mongoguard.checks;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Attribute;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.CompletionFailure;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import org.jspecify.annotations.Nullable;

/**
 * What Mongo Guard knows about how often frameworks call the code they manage: the entry points
 * they call on every request, message, event or scheduled run; the lifecycle callbacks they call
 * once; and how the scope of a provider decides how often the container calls it.
 *
 * <p>Annotations are read directly and through meta-annotations (an annotation whose own type is
 * annotated, such as Spring's {@code @GetMapping}, which is annotated {@code @RequestMapping}), so
 * composed annotations count like the ones they are built from. No framework need be on the checks'
 * classpath: everything is matched by fully qualified name.
 */
final class FrameworkCallers {
  /** How often a framework calls a method it knows. */
  enum Frequency {
    /** Once per process (or once per configuration, for per-configuration singletons). */
    ONCE,
    /** Again and again: per request, message, event, scheduled run, injection or thread. */
    REPEATED
  }

  /**
   * What a framework does with a method: how often it calls it, a phrase for messages saying how
   * often ("runs on every request"), and why ("`@GetMapping`").
   */
  record Call(Frequency frequency, String summary, String role, String why) {
    static Call once(String why) {
      return new Call(Frequency.ONCE, "runs once", "", why);
    }

    static Call repeated(String summary, String role, String why) {
      return new Call(Frequency.REPEATED, summary, role, why);
    }
  }

  private static final String ON_EVERY_REQUEST = "runs on every request";

  /** Method annotations (also as meta-annotations) of methods called per request or message. */
  private static final ImmutableMap<String, String> ENTRY_POINT_ANNOTATIONS =
      ImmutableMap.<String, String>builder()
          .put("org.springframework.web.bind.annotation.RequestMapping", ON_EVERY_REQUEST)
          .put("javax.ws.rs.HttpMethod", ON_EVERY_REQUEST)
          .put("jakarta.ws.rs.HttpMethod", ON_EVERY_REQUEST)
          .put("io.micronaut.http.annotation.HttpMethodMapping", ON_EVERY_REQUEST)
          .put("org.springframework.kafka.annotation.KafkaListener", "runs on every message")
          .put("org.springframework.jms.annotation.JmsListener", "runs on every message")
          .put("org.springframework.amqp.rabbit.annotation.RabbitListener", "runs on every message")
          .put("io.awspring.cloud.sqs.annotation.SqsListener", "runs on every message")
          .put(
              "io.awspring.cloud.messaging.listener.annotation.SqsListener",
              "runs on every message")
          .put("io.micronaut.configuration.kafka.annotation.Topic", "runs on every message")
          .put("org.springframework.context.event.EventListener", "runs on every event")
          .put("org.springframework.scheduling.annotation.Scheduled", "runs on every scheduled run")
          .put("io.micronaut.scheduling.annotation.Scheduled", "runs on every scheduled run")
          .put("io.quarkus.scheduler.Scheduled", "runs on every scheduled run")
          .buildOrThrow();

  /** Interface methods a runtime calls on every request, by the interface that declares them. */
  private static final ImmutableMap<String, ImmutableSet<String>> ENTRY_POINT_OVERRIDES =
      ImmutableMap.<String, ImmutableSet<String>>builder()
          .put("javax.servlet.Servlet", servletMethods())
          .put("jakarta.servlet.Servlet", servletMethods())
          .put(
              "com.amazonaws.services.lambda.runtime.RequestHandler",
              ImmutableSet.of("handleRequest"))
          .put(
              "com.amazonaws.services.lambda.runtime.RequestStreamHandler",
              ImmutableSet.of("handleRequest"))
          .put("com.sun.net.httpserver.HttpHandler", ImmutableSet.of("handle"))
          .buildOrThrow();

  /** The generated base classes of gRPC services implement this interface. */
  private static final String GRPC_SERVICE = "io.grpc.BindableService";

  /** Method annotations of lifecycle callbacks and test fixtures that a framework calls once. */
  private static final ImmutableSet<String> ONCE_ANNOTATIONS =
      ImmutableSet.<String>builder()
          .addAll(Frameworks.POST_CONSTRUCT_ANNOTATIONS)
          .addAll(Frameworks.TEST_SET_UP_ANNOTATIONS)
          .addAll(Frameworks.TEST_TEAR_DOWN_ANNOTATIONS)
          .add("org.junit.jupiter.api.Test")
          .add("org.junit.jupiter.api.TestTemplate")
          .add("org.junit.jupiter.params.ParameterizedTest")
          .add("org.junit.Test")
          .add("org.testng.annotations.Test")
          .build();

  /** Classes whose client methods Spring Data calls once, from singleton bean definitions. */
  private static final ImmutableSet<String> SPRING_DATA_CONFIGURATIONS =
      ImmutableSet.of(
          "org.springframework.data.mongodb.config.MongoConfigurationSupport",
          "org.springframework.data.mongodb.config.AbstractMongoClientConfiguration",
          "org.springframework.data.mongodb.config.AbstractReactiveMongoConfiguration");

  private static final String SPRING_FACTORY_BEAN = "org.springframework.beans.factory.FactoryBean";
  private static final String SPRING_ABSTRACT_FACTORY_BEAN =
      "org.springframework.beans.factory.config.AbstractFactoryBean";
  private static final String SPRING_INITIALIZING_BEAN =
      "org.springframework.beans.factory.InitializingBean";
  private static final String JNDI_OBJECT_FACTORY = "javax.naming.spi.ObjectFactory";

  /** Spring scopes of which a container makes more than one instance, with how often. */
  private static final ImmutableMap<String, String> SPRING_REPEATED_SCOPES =
      ImmutableMap.of(
          "prototype", "runs for every injection",
          "request", ON_EVERY_REQUEST,
          "session", "runs for every session");

  private static final ImmutableSet<String> INJECT_SCOPE_META_ANNOTATIONS =
      ImmutableSet.of(
          "javax.inject.Scope", "jakarta.inject.Scope", "com.google.inject.ScopeAnnotation");

  private static final ImmutableSet<String> GUICE_DAGGER_PROVIDES =
      ImmutableSet.of("com.google.inject.Provides", "dagger.Provides");

  private static final ImmutableSet<String> CDI_PRODUCES =
      ImmutableSet.of("javax.enterprise.inject.Produces", "jakarta.enterprise.inject.Produces");

  /** CDI scopes that keep one instance for the application. */
  private static final ImmutableSet<String> CDI_ONCE_SCOPES =
      ImmutableSet.of(
          "javax.enterprise.context.ApplicationScoped",
          "jakarta.enterprise.context.ApplicationScoped",
          "javax.inject.Singleton",
          "jakarta.inject.Singleton");

  /** CDI scopes of which the container makes more than one instance, with how often. */
  private static final ImmutableMap<String, String> CDI_REPEATED_SCOPES =
      ImmutableMap.<String, String>builder()
          .put("javax.enterprise.context.RequestScoped", ON_EVERY_REQUEST)
          .put("jakarta.enterprise.context.RequestScoped", ON_EVERY_REQUEST)
          .put("javax.enterprise.context.SessionScoped", "runs for every session")
          .put("jakarta.enterprise.context.SessionScoped", "runs for every session")
          .put("javax.enterprise.context.Dependent", "runs for every injection")
          .put("jakarta.enterprise.context.Dependent", "runs for every injection")
          .buildOrThrow();

  /** Micronaut scopes that keep one instance (per configuration, for the {@code Each*} ones). */
  private static final ImmutableSet<String> MICRONAUT_ONCE_SCOPES =
      ImmutableSet.<String>builder()
          .addAll(Frameworks.SINGLETON_ANNOTATIONS)
          .add(Frameworks.MICRONAUT_CONTEXT)
          .add("io.micronaut.context.annotation.EachBean")
          .add("io.micronaut.context.annotation.EachProperty")
          .add("io.micronaut.runtime.context.scope.Refreshable")
          .add("io.micronaut.context.annotation.Infrastructure")
          .build();

  private static final String MICRONAUT_FACTORY = "io.micronaut.context.annotation.Factory";
  private static final String MICRONAUT_PROTOTYPE = "io.micronaut.context.annotation.Prototype";
  private static final String MICRONAUT_THREAD_LOCAL =
      "io.micronaut.runtime.context.scope.ThreadLocal";

  private FrameworkCallers() {}

  /** What an entry point is, by how often it runs. */
  private static String role(String summary) {
    return switch (summary) {
      case ON_EVERY_REQUEST -> "a request handler";
      case "runs on every message" -> "a message listener";
      case "runs on every event" -> "an event listener";
      default -> "a scheduled task";
    };
  }

  private static ImmutableSet<String> servletMethods() {
    return ImmutableSet.of(
        "service",
        "doGet",
        "doPost",
        "doPut",
        "doDelete",
        "doHead",
        "doOptions",
        "doTrace",
        "doPatch");
  }

  /**
   * How often a framework or the runtime calls {@code method}, if it knows: entry points and
   * providers it calls again and again, lifecycle callbacks, singleton providers and {@code main}
   * that run once. Empty when no framework calls it by convention; its callers then decide.
   */
  static Optional<Call> callOf(MethodSymbol method, VisitorState state) {
    try {
      return Optional.ofNullable(computeCallOf(method, state));
    } catch (CompletionFailure e) {
      // An annotation or supertype that is not on the classpath: nothing is known.
      return Optional.empty();
    }
  }

  private static @Nullable Call computeCallOf(MethodSymbol method, VisitorState state) {
    if (isMain(method, state)) {
      return Call.once("`main`");
    }
    String onceAnnotation = firstAnnotation(method, ONCE_ANNOTATIONS);
    if (onceAnnotation != null) {
      return Call.once(simpleAnnotation(onceAnnotation));
    }
    Call provider = providerCall(method, state);
    if (provider != null) {
      return provider;
    }
    for (Map.Entry<String, String> entry : ENTRY_POINT_ANNOTATIONS.entrySet()) {
      Attribute.Compound direct = metaAnnotated(method, entry.getKey());
      if (direct != null) {
        return Call.repeated(
            entry.getValue(),
            role(entry.getValue()),
            "`@" + direct.type.tsym.getSimpleName() + "`");
      }
    }
    if (method.isStatic() || method.isConstructor()) {
      return null;
    }
    ClassSymbol owner = method.enclClass();
    String name = method.getSimpleName().toString();
    for (Map.Entry<String, ImmutableSet<String>> entry : ENTRY_POINT_OVERRIDES.entrySet()) {
      if (entry.getValue().contains(name) && isSubtype(owner, entry.getKey(), state)) {
        return Call.repeated(
            ON_EVERY_REQUEST,
            "a request handler",
            "`" + simpleName(entry.getKey()) + "." + name + "`");
      }
    }
    if (isSubtype(owner, GRPC_SERVICE, state)
        && !name.equals("bindService")
        && method.getModifiers().contains(Modifier.PUBLIC)
        && !ASTHelpers.findSuperMethods(method, state.getTypes()).isEmpty()) {
      return Call.repeated(ON_EVERY_REQUEST, "a request handler", "a gRPC service method");
    }
    if (name.equals("initialValue")
        && method.getParameters().isEmpty()
        && isSubtype(owner, "java.lang.ThreadLocal", state)) {
      return Call.repeated(
          "runs once per thread", "called for every thread", "`ThreadLocal.initialValue`");
    }
    if (name.equals("init")
        && (isSubtype(owner, "javax.servlet.Servlet", state)
            || isSubtype(owner, "jakarta.servlet.Servlet", state))) {
      return Call.once("`Servlet.init`");
    }
    if (name.equals("afterPropertiesSet")
        && method.getParameters().isEmpty()
        && isSubtype(owner, SPRING_INITIALIZING_BEAN, state)) {
      return Call.once("`InitializingBean.afterPropertiesSet`");
    }
    if (name.equals("getObjectInstance") && isSubtype(owner, JNDI_OBJECT_FACTORY, state)) {
      return Call.once("JNDI `ObjectFactory.getObjectInstance`");
    }
    Call factoryBean = factoryBeanCall(method, owner, name, state);
    if (factoryBean != null) {
      return factoryBean;
    }
    for (String configuration : SPRING_DATA_CONFIGURATIONS) {
      if (isSubtype(owner, configuration, state)
          && (owner.getQualifiedName().contentEquals(configuration)
              || !ASTHelpers.findSuperMethods(method, state.getTypes()).isEmpty())) {
        return Call.once("a Spring Data configuration method, called from singleton beans");
      }
    }
    return null;
  }

  /**
   * How often the container constructs {@code type}, if its scope says so: a Spring bean scoped
   * prototype, request or session (also through {@code @RequestScope} and other composed scopes), a
   * Micronaut {@code @Prototype}, a CDI bean scoped per request or session.
   */
  static Optional<Call> constructionOf(ClassSymbol type, VisitorState state) {
    try {
      String spring = springScope(type);
      if (SPRING_REPEATED_SCOPES.containsKey(spring)) {
        return Optional.of(
            Call.repeated(SPRING_REPEATED_SCOPES.get(spring), "", "`@Scope(\"" + spring + "\")`"));
      }
      if (metaAnnotated(type, MICRONAUT_PROTOTYPE) != null) {
        return Optional.of(Call.repeated("runs for every injection", "", "`@Prototype`"));
      }
      for (Map.Entry<String, String> scope : CDI_REPEATED_SCOPES.entrySet()) {
        if (!scope.getKey().endsWith("Dependent") && metaAnnotated(type, scope.getKey()) != null) {
          return Optional.of(
              Call.repeated(scope.getValue(), "", "`@" + simpleName(scope.getKey()) + "`"));
        }
      }
      return Optional.empty();
    } catch (CompletionFailure e) {
      return Optional.empty();
    }
  }

  private static boolean isMain(MethodSymbol method, VisitorState state) {
    return method.getSimpleName().contentEquals("main")
        && method.isStatic()
        && method.getParameters().size() == 1
        && state.getTypes().isArray(method.getParameters().get(0).type);
  }

  /** How often the container calls a provider method, or null if {@code method} is none. */
  private static @Nullable Call providerCall(MethodSymbol method, VisitorState state) {
    if (ASTHelpers.hasAnnotation(method, Frameworks.SPRING_BEAN, state)) {
      String scope = springScope(method);
      return SPRING_REPEATED_SCOPES.containsKey(scope)
          ? Call.repeated(
              SPRING_REPEATED_SCOPES.get(scope), "", "a `@Scope(\"" + scope + "\")` bean")
          : Call.once("a singleton `@Bean`");
    }
    if (firstAnnotation(method, GUICE_DAGGER_PROVIDES) != null) {
      Attribute.Compound reusable = metaAnnotated(method, "dagger.Reusable");
      if (reusable != null) {
        return Call.repeated("runs for every injection", "", "a `@Reusable` `@Provides` method");
      }
      return scopeAnnotation(method) != null
          ? Call.once("a scoped `@Provides` method")
          : Call.repeated("runs for every injection", "", "an unscoped `@Provides` method");
    }
    if (firstAnnotation(method, CDI_PRODUCES) != null) {
      if (firstAnnotation(method, CDI_ONCE_SCOPES) != null) {
        return Call.once("an application-scoped producer");
      }
      for (Map.Entry<String, String> scope : CDI_REPEATED_SCOPES.entrySet()) {
        if (ASTHelpers.hasAnnotation(method, scope.getKey(), state)) {
          return Call.repeated(
              scope.getValue(), "", "a `@" + simpleName(scope.getKey()) + "` producer");
        }
      }
      return scopeAnnotation(method) != null
          ? null
          : Call.repeated("runs for every injection", "", "a `@Dependent` producer");
    }
    if (ASTHelpers.hasAnnotation(method.owner, MICRONAUT_FACTORY, state)) {
      if (firstAnnotation(method, MICRONAUT_ONCE_SCOPES) != null) {
        return Call.once("a singleton Micronaut factory method");
      }
      if (ASTHelpers.hasAnnotation(method, MICRONAUT_THREAD_LOCAL, state)) {
        return Call.repeated("runs once per thread", "", "a `@ThreadLocal` Micronaut bean");
      }
      if (ASTHelpers.hasAnnotation(method, MICRONAUT_PROTOTYPE, state)) {
        return Call.repeated("runs for every injection", "", "a `@Prototype` Micronaut bean");
      }
      if (ASTHelpers.hasAnnotation(method, Frameworks.MICRONAUT_BEAN, state)) {
        return scopeAnnotation(method) != null
            ? null
            : Call.repeated("runs for every injection", "", "an unscoped Micronaut `@Bean`");
      }
    }
    return null;
  }

  /**
   * A Spring {@code FactoryBean}'s {@code getObject()} or {@code AbstractFactoryBean}'s {@code
   * createInstance()}: once when the bean is a singleton (the default), on every injection when its
   * {@code isSingleton()} returns {@code false}.
   */
  private static @Nullable Call factoryBeanCall(
      MethodSymbol method, ClassSymbol owner, String name, VisitorState state) {
    if (!method.getParameters().isEmpty()
        || !(name.equals("getObject") || name.equals("createInstance"))
        || !isSubtype(owner, SPRING_FACTORY_BEAN, state)
        || (name.equals("createInstance")
            && !isSubtype(owner, SPRING_ABSTRACT_FACTORY_BEAN, state))) {
      return null;
    }
    return isSingletonFalse(owner, state)
        ? Call.repeated(
            "runs for every injection", "", "a `FactoryBean` whose `isSingleton()` is false")
        : Call.once("a singleton `FactoryBean`");
  }

  /**
   * Whether the nearest {@code isSingleton()} of {@code owner} or its superclasses, declared in the
   * sources, returns {@code false}; one in a compiled class (the default {@code true} of {@code
   * AbstractFactoryBean}) counts as a singleton.
   */
  private static boolean isSingletonFalse(ClassSymbol owner, VisitorState state) {
    for (Type type = owner.type;
        type.getKind() == TypeKind.DECLARED && type.tsym instanceof ClassSymbol current;
        type = current.getSuperclass()) {
      for (Symbol member : current.getEnclosedElements()) {
        if (member instanceof MethodSymbol method
            && method.getSimpleName().contentEquals("isSingleton")
            && method.getParameters().isEmpty()) {
          TreePath declaration = CompilationIndex.instance(state).declaration(method);
          return declaration != null
              && declaration.getLeaf() instanceof MethodTree tree
              && tree.getBody() != null
              && tree.getBody().getStatements().size() == 1
              && tree.getBody().getStatements().get(0) instanceof ReturnTree returned
              && returned.getExpression() instanceof LiteralTree literal
              && Boolean.FALSE.equals(literal.getValue());
        }
      }
    }
    return false;
  }

  /** The Spring scope named by {@code @Scope} on {@code symbol} or a composed annotation. */
  private static String springScope(Symbol symbol) {
    Attribute.Compound scope = metaAnnotationItself(symbol, Frameworks.SPRING_SCOPE);
    if (scope == null) {
      return "";
    }
    for (Map.Entry<Symbol.MethodSymbol, Attribute> entry : scope.getElementValues().entrySet()) {
      String element = entry.getKey().getSimpleName().toString();
      if ((element.equals("value") || element.equals("scopeName"))
          && entry.getValue() instanceof Attribute.Constant constant
          && constant.getValue() instanceof String value
          && !value.isEmpty()) {
        return value.toLowerCase(Locale.ROOT);
      }
    }
    return "";
  }

  /** A scope annotation on {@code symbol}: one whose type is annotated {@code @Scope}. */
  private static Attribute.@Nullable Compound scopeAnnotation(Symbol symbol) {
    for (Attribute.Compound annotation : symbol.getAnnotationMirrors()) {
      for (Attribute.Compound meta : annotation.type.tsym.getAnnotationMirrors()) {
        if (INJECT_SCOPE_META_ANNOTATIONS.contains(meta.type.tsym.getQualifiedName().toString())) {
          return annotation;
        }
      }
    }
    return null;
  }

  /** The first of {@code names} that annotates {@code symbol} directly, or null. */
  private static @Nullable String firstAnnotation(Symbol symbol, ImmutableSet<String> names) {
    for (Attribute.Compound annotation : symbol.getAnnotationMirrors()) {
      String name = annotation.type.tsym.getQualifiedName().toString();
      if (names.contains(name)) {
        return name;
      }
    }
    return null;
  }

  /**
   * The annotation on {@code symbol} that is {@code name} or is meta-annotated with it (through any
   * number of annotation types), or null.
   */
  static Attribute.@Nullable Compound metaAnnotated(Symbol symbol, String name) {
    for (Attribute.Compound annotation : symbol.getAnnotationMirrors()) {
      if (findMeta(annotation, name, new HashSet<>()) != null) {
        return annotation;
      }
    }
    return null;
  }

  /** The annotation {@code name} itself, on {@code symbol} or on one of its annotations' types. */
  private static Attribute.@Nullable Compound metaAnnotationItself(Symbol symbol, String name) {
    for (Attribute.Compound annotation : symbol.getAnnotationMirrors()) {
      Attribute.Compound found = findMeta(annotation, name, new HashSet<>());
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static Attribute.@Nullable Compound findMeta(
      Attribute.Compound annotation, String name, Set<Symbol> seen) {
    Symbol type = annotation.type.tsym;
    if (type.getQualifiedName().contentEquals(name)) {
      return annotation;
    }
    if (!seen.add(type) || type.getQualifiedName().toString().startsWith("java.lang.annotation.")) {
      return null;
    }
    for (Attribute.Compound meta : type.getAnnotationMirrors()) {
      Attribute.Compound found = findMeta(meta, name, seen);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  static boolean isSubtype(ClassSymbol owner, String supertype, VisitorState state) {
    Type type = state.getTypeFromString(supertype);
    return type != null && ASTHelpers.isSubtype(owner.type, type, state);
  }

  private static String simpleAnnotation(String qualifiedName) {
    return "`@" + simpleName(qualifiedName) + "`";
  }

  private static String simpleName(String qualifiedName) {
    return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
  }
}
