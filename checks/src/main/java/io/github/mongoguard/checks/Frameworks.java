package io.github.mongoguard.checks;

import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;

import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.tools.javac.code.Attribute;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import java.util.Locale;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;

/**
 * What Mongo Guard knows about the frameworks that own objects: dependency-injection providers and
 * scopes, lifecycle callbacks, and the runtimes that keep one instance for the life of the
 * process.
 *
 * <p>Annotations and types are matched by fully qualified name; no framework need be on the
 * checks' classpath.
 */
public final class Frameworks {
  /** {@code @Singleton} of JSR 330, Jakarta Inject and Guice. */
  static final ImmutableSet<String> SINGLETON_ANNOTATIONS =
      ImmutableSet.of(
          "javax.inject.Singleton", "jakarta.inject.Singleton", "com.google.inject.Singleton");

  /** Class annotations that make the container keep one instance for the life of the process. */
  static final ImmutableSet<String> PROCESS_SCOPED_CLASS_ANNOTATIONS =
      ImmutableSet.<String>builder()
          .addAll(SINGLETON_ANNOTATIONS)
          .add("javax.enterprise.context.ApplicationScoped")
          .add("jakarta.enterprise.context.ApplicationScoped")
          .add("org.springframework.stereotype.Component")
          .add("org.springframework.stereotype.Service")
          .add("org.springframework.stereotype.Repository")
          .add("org.springframework.stereotype.Controller")
          .add("org.springframework.web.bind.annotation.RestController")
          .add("org.springframework.context.annotation.Configuration")
          .build();

  /** Types whose instances the runtime keeps for the life of the process (or container). */
  static final ImmutableSet<String> PROCESS_LIVED_SUPERTYPES =
      ImmutableSet.of(
          "com.amazonaws.services.lambda.runtime.RequestHandler",
          "com.amazonaws.services.lambda.runtime.RequestStreamHandler",
          "javax.servlet.Servlet",
          "jakarta.servlet.Servlet");

  /** Lifecycle callbacks a container runs when it disposes of an object. */
  static final ImmutableSet<String> PRE_DESTROY_ANNOTATIONS =
      ImmutableSet.of("javax.annotation.PreDestroy", "jakarta.annotation.PreDestroy");

  static final String SPRING_BEAN = "org.springframework.context.annotation.Bean";
  static final String SPRING_SCOPE = "org.springframework.context.annotation.Scope";
  static final String MICRONAUT_CONTEXT = "io.micronaut.context.annotation.Context";
  static final String MICRONAUT_BEAN = "io.micronaut.context.annotation.Bean";

  /** Provider methods whose result the container manages (and closes, when it is closeable). */
  static final ImmutableSet<String> PROVIDER_ANNOTATIONS =
      ImmutableSet.of(
          SPRING_BEAN,
          "com.google.inject.Provides",
          "dagger.Provides",
          "javax.enterprise.inject.Produces",
          "jakarta.enterprise.inject.Produces",
          MICRONAUT_BEAN);

  /** Spring scopes that create more than one instance per application context. */
  private static final ImmutableSet<String> SPRING_SHORT_LIVED_SCOPES =
      ImmutableSet.of("prototype", "request", "session");

  private Frameworks() {}

  /** Whether {@code symbol} carries any of the annotations named in {@code annotations}. */
  static boolean hasAnyAnnotation(
      Symbol symbol, ImmutableSet<String> annotations, VisitorState state) {
    for (String annotation : annotations) {
      if (ASTHelpers.hasAnnotation(symbol, annotation, state)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code method} is a dependency-injection provider of any scope. */
  public static boolean isProvider(MethodSymbol method, VisitorState state) {
    return hasAnyAnnotation(method, PROVIDER_ANNOTATIONS, state)
        || isMicronautFactoryMethod(method, state);
  }

  /**
   * Whether {@code method} is a provider the container calls once per process: a Spring
   * {@code @Bean} not scoped prototype, request or session; a Guice or Dagger {@code @Provides}
   * annotated {@code @Singleton}; a CDI {@code @Produces} annotated {@code @ApplicationScoped} or
   * {@code @Singleton}; a Micronaut factory method annotated {@code @Singleton} or
   * {@code @Context}.
   */
  public static boolean isSingletonProvider(MethodSymbol method, VisitorState state) {
    if (ASTHelpers.hasAnnotation(method, SPRING_BEAN, state)) {
      return !SPRING_SHORT_LIVED_SCOPES.contains(springScope(method, state));
    }
    if (!isProvider(method, state)) {
      return false;
    }
    return hasAnyAnnotation(method, SINGLETON_ANNOTATIONS, state)
        || ASTHelpers.hasAnnotation(method, "javax.enterprise.context.ApplicationScoped", state)
        || ASTHelpers.hasAnnotation(method, "jakarta.enterprise.context.ApplicationScoped", state)
        || ASTHelpers.hasAnnotation(method, MICRONAUT_CONTEXT, state);
  }

  /** A Micronaut {@code @Factory} method: scoped by {@code @Singleton} or {@code @Context}. */
  private static boolean isMicronautFactoryMethod(MethodSymbol method, VisitorState state) {
    return ASTHelpers.hasAnnotation(
            method.owner, "io.micronaut.context.annotation.Factory", state)
        && (hasAnyAnnotation(method, SINGLETON_ANNOTATIONS, state)
            || ASTHelpers.hasAnnotation(method, MICRONAUT_CONTEXT, state));
  }

  /** The Spring scope named by {@code @Scope} on {@code method}, lower case; empty if none. */
  private static String springScope(MethodSymbol method, VisitorState state) {
    for (var annotation : method.getAnnotationMirrors()) {
      if (!annotation.getAnnotationType().toString().equals(SPRING_SCOPE)) {
        continue;
      }
      for (var entry : annotation.getElementValues().entrySet()) {
        String name = entry.getKey().getSimpleName().toString();
        if ((name.equals("value") || name.equals("scopeName"))
            && entry.getValue() instanceof Attribute.Constant constant
            && constant.getValue() instanceof String scope
            && !scope.isEmpty()) {
          return scope.toLowerCase(Locale.ROOT);
        }
      }
    }
    return "";
  }

  /**
   * Whether the container or runtime keeps one instance of {@code owner} for the life of the
   * process: an enum, a class annotated as a singleton or application-scoped component, an AWS
   * Lambda handler, or a servlet.
   */
  public static boolean isProcessLivedByDeclaration(ClassSymbol owner, VisitorState state) {
    if (owner.isEnum() || hasAnyAnnotation(owner, PROCESS_SCOPED_CLASS_ANNOTATIONS, state)) {
      return true;
    }
    for (String supertype : PROCESS_LIVED_SUPERTYPES) {
      Type type = state.getTypeFromString(supertype);
      if (type != null && ASTHelpers.isSubtype(owner.type, type, state)) {
        return true;
      }
    }
    return false;
  }

  // Lifecycle of the objects that own a client: who closes it, who lives as long as the process.

  /** Lifecycle callbacks a container runs once, right after it has built an object. */
  static final ImmutableSet<String> POST_CONSTRUCT_ANNOTATIONS =
      ImmutableSet.of("javax.annotation.PostConstruct", "jakarta.annotation.PostConstruct");

  /** {@code Runtime.addShutdownHook(Thread)}: a hook that runs when the JVM shuts down. */
  static final Matcher<ExpressionTree> ADD_SHUTDOWN_HOOK =
      instanceMethod().onExactClass("java.lang.Runtime").named("addShutdownHook");

  /**
   * Whether one instance of {@code owner} lives as long as the process: {@link
   * #isProcessLivedByDeclaration}, or a class whose constructors are all private and that keeps its
   * instance in a static field of its own type, declared in the class or in a class nested in it
   * (the eager singleton and the holder idiom).
   */
  public static boolean isProcessLived(ClassSymbol owner, VisitorState state) {
    return isProcessLivedByDeclaration(owner, state)
        || keepsOnlyInstanceInStaticField(owner, state);
  }

  private static boolean keepsOnlyInstanceInStaticField(ClassSymbol owner, VisitorState state) {
    boolean hasConstructor = false;
    for (Symbol member : owner.getEnclosedElements()) {
      if (member instanceof MethodSymbol method && method.isConstructor()) {
        hasConstructor = true;
        if (!method.getModifiers().contains(Modifier.PRIVATE)) {
          return false;
        }
      }
    }
    return hasConstructor && hasStaticFieldOfType(owner, owner, state, 0);
  }

  private static boolean hasStaticFieldOfType(
      ClassSymbol scope, ClassSymbol type, VisitorState state, int depth) {
    for (Symbol member : scope.getEnclosedElements()) {
      if (member instanceof VarSymbol field
          && member.getKind() == ElementKind.FIELD
          && ASTHelpers.isStatic(field)
          && ASTHelpers.isSameType(field.type, type.type, state)) {
        return true;
      }
      if (member instanceof ClassSymbol nested
          && depth < 2
          && hasStaticFieldOfType(nested, type, state, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code method} is a {@code @PreDestroy} callback (Jakarta or javax). */
  public static boolean isPreDestroy(MethodSymbol method, VisitorState state) {
    return hasAnyAnnotation(method, PRE_DESTROY_ANNOTATIONS, state);
  }

  /** Whether {@code method} is a {@code @PostConstruct} callback (Jakarta or javax). */
  public static boolean isPostConstruct(MethodSymbol method, VisitorState state) {
    return hasAnyAnnotation(method, POST_CONSTRUCT_ANNOTATIONS, state);
  }

  /** Test fixture set-up methods of JUnit 4, JUnit 5 and TestNG: each runs before its tear-down. */
  static final ImmutableSet<String> TEST_SET_UP_ANNOTATIONS =
      ImmutableSet.of(
          "org.junit.jupiter.api.BeforeEach",
          "org.junit.jupiter.api.BeforeAll",
          "org.junit.Before",
          "org.junit.BeforeClass",
          "org.testng.annotations.BeforeMethod",
          "org.testng.annotations.BeforeClass",
          "org.testng.annotations.BeforeTest",
          "org.testng.annotations.BeforeSuite");

  /** Test fixture tear-down methods of JUnit 4, JUnit 5 and TestNG. */
  static final ImmutableSet<String> TEST_TEAR_DOWN_ANNOTATIONS =
      ImmutableSet.of(
          "org.junit.jupiter.api.AfterEach",
          "org.junit.jupiter.api.AfterAll",
          "org.junit.After",
          "org.junit.AfterClass",
          "org.testng.annotations.AfterMethod",
          "org.testng.annotations.AfterClass",
          "org.testng.annotations.AfterTest",
          "org.testng.annotations.AfterSuite");

  /**
   * Whether {@code method} initialises its object once per life cycle: a {@code @PostConstruct}
   * callback or a test fixture set-up method.
   */
  public static boolean isLifecycleSetUp(MethodSymbol method, VisitorState state) {
    return isPostConstruct(method, state)
        || hasAnyAnnotation(method, TEST_SET_UP_ANNOTATIONS, state);
  }

  /**
   * Whether {@code method} disposes of its object: a {@code @PreDestroy} callback or a test
   * fixture tear-down method.
   */
  public static boolean isLifecycleTearDown(MethodSymbol method, VisitorState state) {
    return isPreDestroy(method, state)
        || hasAnyAnnotation(method, TEST_TEAR_DOWN_ANNOTATIONS, state);
  }

  /**
   * Whether {@code method} is the {@code close()} of an {@link AutoCloseable} class, which its
   * users or its container call when they are done with it.
   */
  public static boolean isCloseOfCloseable(MethodSymbol method, VisitorState state) {
    Type closeable = state.getSymtab().autoCloseableType;
    return method.getSimpleName().contentEquals("close")
        && method.getParameters().isEmpty()
        && !method.isStatic()
        && ASTHelpers.isSubtype(method.owner.type, closeable, state);
  }
}
