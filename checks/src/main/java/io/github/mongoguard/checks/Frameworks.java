package io.github.mongoguard.checks;

import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;

import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Attribute;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.Types;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.Name;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import org.jspecify.annotations.Nullable;

/**
 * What Mongo Guard knows about the frameworks that own objects: dependency-injection providers and
 * scopes, lifecycle callbacks, and the runtimes that keep one instance for the life of the process.
 *
 * <p>Annotations and types are matched by fully qualified name; no framework need be on the checks'
 * classpath.
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

  /** The names of each annotation set, per compilation. */
  private static final Context.Key<Map<ImmutableSet<String>, ImmutableSet<Name>>> ANNOTATION_NAMES =
      new Context.Key<>();

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
    if (symbol == null) {
      return false;
    }
    ImmutableSet<Name> names = names(annotations, state);
    for (Attribute.Compound annotation : symbol.getRawAttributes()) {
      if (names.contains(annotation.type.tsym.getQualifiedName())) {
        return true;
      }
    }
    if (!(symbol instanceof ClassSymbol type)) {
      return false;
    }
    // An @Inherited annotation of a superclass is the class's too.
    Symbol inherited = state.getSymtab().inheritedType.tsym;
    int depth = 0;
    for (Type superclass = type.getSuperclass();
        superclass != null && superclass.tsym instanceof ClassSymbol parent && depth++ < 32;
        superclass = parent.getSuperclass()) {
      for (Attribute.Compound annotation : parent.getRawAttributes()) {
        if (names.contains(annotation.type.tsym.getQualifiedName())
            && annotation.type.tsym.attribute(inherited) != null) {
          return true;
        }
      }
    }
    return false;
  }

  /** The names of {@code annotations} in the compilation of {@code state}, computed once a set. */
  private static ImmutableSet<Name> names(ImmutableSet<String> annotations, VisitorState state) {
    Map<ImmutableSet<String>, ImmutableSet<Name>> cache = state.context.get(ANNOTATION_NAMES);
    if (cache == null) {
      cache = new IdentityHashMap<>();
      state.context.put(ANNOTATION_NAMES, cache);
    }
    return cache.computeIfAbsent(
        annotations,
        strings -> strings.stream().map(state::getName).collect(ImmutableSet.toImmutableSet()));
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
    return ASTHelpers.hasAnnotation(method.owner, "io.micronaut.context.annotation.Factory", state)
        && (hasAnyAnnotation(method, SINGLETON_ANNOTATIONS, state)
            || ASTHelpers.hasAnnotation(method, MICRONAUT_CONTEXT, state));
  }

  /** The Spring scope named by {@code @Scope} on {@code symbol}, lower case; empty if none. */
  private static String springScope(Symbol symbol, VisitorState state) {
    for (var annotation : symbol.getAnnotationMirrors()) {
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
    if (SPRING_SHORT_LIVED_SCOPES.contains(springScope(owner, state))) {
      // A prototype is built on every lookup, and Spring never destroys one.
      return false;
    }
    if (owner.isEnum()
        || hasAnyAnnotation(owner, PROCESS_SCOPED_CLASS_ANNOTATIONS, state)
        || hasMetaAnnotation(owner, PROCESS_SCOPED_CLASS_ANNOTATIONS, state)) {
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
    CompilationIndex index = CompilationIndex.instance(state);
    for (Symbol member : owner.getEnclosedElements()) {
      if (member instanceof MethodSymbol method && method.isConstructor()) {
        hasConstructor = true;
        if (!method.getModifiers().contains(Modifier.PRIVATE)) {
          return false;
        }
        // A factory method that makes more instances than the one kept in a static field.
        for (TreePath site : index.callSites(method)) {
          if (!Lifecycle.inStaticInitializer(site) && !isThisOrSuperCall(site)) {
            return false;
          }
        }
      }
    }
    return hasConstructor && hasStaticFieldOfType(owner, owner, state, 0);
  }

  private static boolean isThisOrSuperCall(TreePath site) {
    return site.getLeaf() instanceof MethodInvocationTree invocation
        && invocation.getMethodSelect() instanceof IdentifierTree identifier
        && (identifier.getName().contentEquals("this")
            || identifier.getName().contentEquals("super"));
  }

  /**
   * Whether an annotation of {@code symbol} is itself annotated, directly or through further
   * annotations, with one of {@code annotations}: Spring's composed stereotypes such as
   * {@code @RestController} or {@code @SpringBootApplication}.
   */
  static boolean hasMetaAnnotation(
      Symbol symbol, ImmutableSet<String> annotations, VisitorState state) {
    Set<Symbol> seen = new HashSet<>();
    Deque<Symbol> pending = new ArrayDeque<>();
    for (Attribute.Compound annotation : symbol.getAnnotationMirrors()) {
      pending.add(annotation.type.tsym);
    }
    while (!pending.isEmpty() && seen.size() < 32) {
      Symbol annotationType = pending.remove();
      if (annotationType == null
          || !seen.add(annotationType)
          || annotationType.getQualifiedName().toString().startsWith("java.lang.annotation.")) {
        continue;
      }
      if (annotations.contains(annotationType.getQualifiedName().toString())
          || hasAnyAnnotation(annotationType, annotations, state)) {
        return true;
      }
      for (Attribute.Compound meta : annotationType.getAnnotationMirrors()) {
        pending.add(meta.type.tsym);
      }
    }
    return false;
  }

  /**
   * Whether {@code symbol} carries one of {@code annotations}, directly (honouring
   * {@code @Inherited}) or as a meta-annotation.
   */
  static boolean hasAnnotationOrMeta(
      Symbol symbol, ImmutableSet<String> annotations, VisitorState state) {
    return hasAnyAnnotation(symbol, annotations, state)
        || hasMetaAnnotation(symbol, annotations, state);
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
   * Whether {@code method} disposes of its object: a {@code @PreDestroy} callback or a test fixture
   * tear-down method.
   */
  public static boolean isLifecycleTearDown(MethodSymbol method, VisitorState state) {
    return isPreDestroy(method, state)
        || hasAnyAnnotation(method, TEST_TEAR_DOWN_ANNOTATIONS, state)
        || hasAnyAnnotation(method, COMPONENT_TEAR_DOWN_ANNOTATIONS, state);
  }

  /**
   * Annotations of a component framework's tear-down callbacks: Apache NiFi runs these when a
   * service is disabled, a processor stopped or removed, or the instance shut down.
   */
  private static final ImmutableSet<String> COMPONENT_TEAR_DOWN_ANNOTATIONS =
      ImmutableSet.of(
          "org.apache.nifi.annotation.lifecycle.OnDisabled",
          "org.apache.nifi.annotation.lifecycle.OnStopped",
          "org.apache.nifi.annotation.lifecycle.OnRemoved",
          "org.apache.nifi.annotation.lifecycle.OnShutdown");

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

  /** Spring's {@code DisposableBean}, whose {@code destroy()} the container calls at shutdown. */
  private static final String DISPOSABLE_BEAN = "org.springframework.beans.factory.DisposableBean";

  /** Spring's {@code InitializingBean}, whose {@code afterPropertiesSet()} runs once. */
  private static final String INITIALIZING_BEAN =
      "org.springframework.beans.factory.InitializingBean";

  private static final ImmutableSet<String> SERVLETS =
      ImmutableSet.of(
          "javax.servlet.Servlet",
          "jakarta.servlet.Servlet",
          "javax.servlet.Filter",
          "jakarta.servlet.Filter");

  /** Types whose {@code destroy()} their container calls when it disposes of them. */
  private static final ImmutableSet<String> DISPOSABLE_TYPES =
      ImmutableSet.<String>builder().add(DISPOSABLE_BEAN).addAll(SERVLETS).build();

  /** Test set-up methods that run once per test class or suite. */
  private static final ImmutableSet<String> ONCE_PER_CLASS_SET_UP_ANNOTATIONS =
      ImmutableSet.of(
          "org.junit.jupiter.api.BeforeAll",
          "org.junit.BeforeClass",
          "org.testng.annotations.BeforeClass",
          "org.testng.annotations.BeforeTest",
          "org.testng.annotations.BeforeSuite");

  /** Test set-up methods that run before each test, and the tests themselves. */
  private static final ImmutableSet<String> PER_TEST_SET_UP_ANNOTATIONS =
      ImmutableSet.of(
          "org.junit.jupiter.api.BeforeEach",
          "org.junit.Before",
          "org.testng.annotations.BeforeMethod",
          "org.junit.jupiter.api.Test",
          "org.junit.jupiter.params.ParameterizedTest",
          "org.junit.Test",
          "org.testng.annotations.Test");

  /** Set-ups that run once for each test class, inherited ones included. */
  private static final ImmutableSet<String> PER_TEST_CLASS_SET_UP_ANNOTATIONS =
      ImmutableSet.of(
          "org.junit.jupiter.api.BeforeAll",
          "org.junit.BeforeClass",
          "org.testng.annotations.BeforeClass");

  /** Tear-downs that run once for each test class, inherited ones included. */
  private static final ImmutableSet<String> PER_TEST_CLASS_TEAR_DOWN_ANNOTATIONS =
      ImmutableSet.of(
          "org.junit.jupiter.api.AfterAll",
          "org.junit.AfterClass",
          "org.testng.annotations.AfterClass");

  /** Test tear-down methods that run after each test. */
  private static final ImmutableSet<String> PER_TEST_TEAR_DOWN_ANNOTATIONS =
      ImmutableSet.of(
          "org.junit.jupiter.api.AfterEach",
          "org.junit.After",
          "org.testng.annotations.AfterMethod");

  /** JUnit 5 extension callbacks that end what a test or test class set up. */
  private static final ImmutableSet<String> EXTENSION_TEAR_DOWNS =
      ImmutableSet.of(
          "org.junit.jupiter.api.extension.AfterEachCallback",
          "org.junit.jupiter.api.extension.AfterAllCallback",
          "org.junit.jupiter.api.extension.AfterTestExecutionCallback",
          "org.junit.jupiter.api.extension.ExtensionContext.Store.CloseableResource");

  /**
   * Names of the tear-down half of a framework's set-up/tear-down pair: a method overriding one of
   * these, declared by a library supertype, is called by the framework when the object is done
   * (JUnit 3 {@code tearDown}, a service's {@code stop}/{@code doStop}, a verticle's {@code stop},
   * Guava's {@code shutDown}, a stream function's {@code close}).
   */
  private static final ImmutableSet<String> FRAMEWORK_TEAR_DOWN_NAMES =
      ImmutableSet.of(
          "tearDown",
          "stop",
          "doStop",
          "shutdown",
          "shutDown",
          "doShutdown",
          "close",
          "doClose",
          "destroy",
          "doDestroy",
          "dispose",
          "deactivate",
          "afterAll",
          "afterEach",
          "cleanup",
          "cleanUp",
          "release",
          "terminate",
          "stopAsync",
          "onStop",
          "onDestroy");

  /**
   * Names of the set-up half of a framework's pair: a method overriding a library method so named,
   * or a method of a type that also declares the tear-down half.
   */
  private static final ImmutableSet<String> FRAMEWORK_SET_UP_NAMES =
      ImmutableSet.of(
          "setUp",
          "setup",
          "start",
          "startUp",
          "doStart",
          "init",
          "doInit",
          "initialize",
          "beforeAll",
          "onStart",
          "onInit",
          "onCreate",
          "open",
          "doOpen",
          "prepare",
          "activate");

  /**
   * The words that name a destructor among the words of a method's camel-case name ({@code close},
   * {@code closeConnections}, {@code doGracefulShutdown}, {@code stopAll}): a class's own
   * destructor, when its lifecycle calls it.
   */
  private static final ImmutableSet<String> TEAR_DOWN_WORDS =
      ImmutableSet.of(
          "close",
          "shutdown",
          "stop",
          "destroy",
          "dispose",
          "teardown",
          "cleanup",
          "release",
          "terminate");

  /**
   * Whether a word of {@code name}, or two adjacent words ({@code shutDown}, {@code tearDown},
   * {@code cleanUp}), is one of {@link #TEAR_DOWN_WORDS}.
   */
  static boolean namesTearDown(String name) {
    List<String> words = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= name.length(); i++) {
      if (i == name.length()
          || (Character.isUpperCase(name.charAt(i)) && !Character.isUpperCase(name.charAt(i - 1)))
          || name.charAt(i) == '_') {
        String word = name.substring(start, i).replace("_", "").toLowerCase(Locale.ROOT);
        if (!word.isEmpty()) {
          words.add(word);
        }
        start = i;
      }
    }
    for (int i = 0; i < words.size(); i++) {
      if (TEAR_DOWN_WORDS.contains(words.get(i))
          || (i + 1 < words.size() && TEAR_DOWN_WORDS.contains(words.get(i) + words.get(i + 1)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code method} runs when its object is done, so that closing a field there discharges
   * the field: the {@code close()} of an {@link AutoCloseable} class; a {@code @PreDestroy}
   * callback; {@code DisposableBean.destroy}; {@code Servlet.destroy}; a JUnit or TestNG tear-down;
   * a JUnit 5 extension's after-callback; the tear-down half of a framework's pair overriding a
   * library method; or a {@code close()}, {@code shutdown()} or {@code stop()} (or a method whose
   * name begins so, such as {@code closeConnections()}) of a class that is not closeable, when code
   * in the compilation calls it.
   */
  public static boolean isDestructor(MethodSymbol method, VisitorState state) {
    if (method.isStatic() && !hasAnyAnnotation(method, TEST_TEAR_DOWN_ANNOTATIONS, state)) {
      return false;
    }
    if (isCloseOfCloseable(method, state) || isLifecycleTearDown(method, state)) {
      return true;
    }
    String name = method.getSimpleName().toString();
    if (overridesLibraryMethodOf(method, EXTENSION_TEAR_DOWNS, state)) {
      return true;
    }
    if (name.equals("contextDestroyed")
        && method.getParameters().size() == 1
        && overridesLibraryMethodOf(method, SERVLET_CONTEXT_LISTENERS, state)) {
      return true;
    }
    if (!method.getParameters().isEmpty()) {
      return false;
    }
    if ((name.equals("destroy") && overridesLibraryMethodOf(method, DISPOSABLE_TYPES, state))
        || (FRAMEWORK_TEAR_DOWN_NAMES.contains(name)
            && (overridesLibraryMethod(method, state)
                || overridesHalfOfPair(method, FRAMEWORK_SET_UP_NAMES, state)))) {
      return true;
    }
    // A method named so that runs when something calls it: code of the compilation, or whatever
    // calls the supertype's method it implements (a shutdown service the class registers with).
    return namesTearDown(name)
        && method.getReturnType().getKind() == TypeKind.VOID
        && (!ASTHelpers.findSuperMethods(method, state.getTypes()).isEmpty()
            || !CompilationIndex.instance(state).callSitesThroughOverridden(method, state).isEmpty());
  }

  /**
   * Whether {@code method} is a set-up callback that runs once for its object or class:
   * {@code @PostConstruct}, {@code InitializingBean.afterPropertiesSet}, {@code Servlet.init}, a
   * once-per-class test set-up, or the set-up half of a framework's pair.
   */
  public static boolean isOnceOnlySetUp(MethodSymbol method, VisitorState state) {
    String name = method.getSimpleName().toString();
    return isPostConstruct(method, state)
        || hasAnyAnnotation(method, ONCE_PER_CLASS_SET_UP_ANNOTATIONS, state)
        || (name.equals("afterPropertiesSet")
            && overridesLibraryMethodOf(method, ImmutableSet.of(INITIALIZING_BEAN), state))
        || (name.equals("init") && overridesLibraryMethodOf(method, SERVLETS, state))
        || (name.equals("contextInitialized")
            && overridesLibraryMethodOf(method, SERVLET_CONTEXT_LISTENERS, state))
        || observesStartup(method)
        || (FRAMEWORK_SET_UP_NAMES.contains(name)
            && (overridesLibraryMethod(method, state)
                || overridesHalfOfPair(method, FRAMEWORK_TEAR_DOWN_NAMES, state)));
  }

  /**
   * Whether {@code method} overrides a method of a type that also declares, or inherits, a method
   * named as the other half of a set-up/tear-down pair: a plugin contract with {@code init()} and
   * {@code destroy()}, a function's {@code open(...)} and {@code close()}. Whatever runs the
   * contract, in a library or in the compilation, calls the set-up once per object and the
   * tear-down when it is done with it.
   */
  private static boolean overridesHalfOfPair(
      MethodSymbol method, ImmutableSet<String> otherHalf, VisitorState state) {
    Types types = state.getTypes();
    for (MethodSymbol overridden : ASTHelpers.findSuperMethods(method, types)) {
      if (!(overridden.owner instanceof ClassSymbol declaring)) {
        continue;
      }
      for (Type supertype : types.closure(declaring.type)) {
        for (Symbol member : supertype.tsym.getEnclosedElements()) {
          if (member instanceof MethodSymbol other
              && !other.isStatic()
              && otherHalf.contains(other.getSimpleName().toString())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Test methods that run a function expecting it to throw: JUnit's and TestNG's {@code
   * assertThrows}, AssertJ's {@code assertThatThrownBy} and {@code isThrownBy}.
   */
  private static final ImmutableSet<String> EXPECTS_THROW =
      ImmutableSet.of(
          "assertThrows",
          "assertThrowsExactly",
          "expectThrows",
          "assertThatThrownBy",
          "isThrownBy");

  /**
   * Whether {@code code}, a lambda, is handed to a test assertion that expects it to throw: what it
   * creates exists only when the test fails.
   */
  static boolean isExpectedToThrow(TreePath code) {
    if (!(code.getLeaf() instanceof LambdaExpressionTree)
        || code.getParentPath() == null
        || !(code.getParentPath().getLeaf() instanceof MethodInvocationTree call)
        || !((Symbol) ASTHelpers.getSymbol(call) instanceof MethodSymbol method)) {
      return false;
    }
    String owner = method.owner.getQualifiedName().toString();
    return EXPECTS_THROW.contains(method.getSimpleName().toString())
        && (owner.startsWith("org.junit.")
            || owner.startsWith("org.testng.")
            || owner.startsWith("org.assertj."));
  }

  /**
   * Whether {@code receiver} is a Mockito verification ({@code verify(mock)}, {@code
   * inOrder.verify(mock)}, {@code then(mock).should()}): a call on it checks that the mock was
   * called, and runs nothing.
   */
  static boolean isMockVerification(@Nullable ExpressionTree receiver) {
    return receiver instanceof MethodInvocationTree call
        && (Symbol) ASTHelpers.getSymbol(call) instanceof MethodSymbol method
        && (method.getSimpleName().contentEquals("verify")
            || method.getSimpleName().contentEquals("should"))
        && method.owner.getQualifiedName().toString().startsWith("org.mockito.");
  }

  /** The listeners of a web application's start and end, each called once per application. */
  private static final ImmutableSet<String> SERVLET_CONTEXT_LISTENERS =
      ImmutableSet.of(
          "javax.servlet.ServletContextListener", "jakarta.servlet.ServletContextListener");

  /**
   * Events a framework fires once, when the application has started: Quarkus's and Micronaut's
   * {@code StartupEvent}, Spring Boot's {@code ApplicationReadyEvent}, {@code
   * ApplicationStartedEvent} and {@code ContextRefreshedEvent}, Micronaut's {@code
   * ServerStartupEvent}.
   */
  private static final ImmutableSet<String> STARTUP_EVENTS =
      ImmutableSet.of(
          "StartupEvent",
          "ServerStartupEvent",
          "ApplicationReadyEvent",
          "ApplicationStartedEvent",
          "ContextRefreshedEvent");

  /**
   * Whether {@code method} observes the application's start-up event: a CDI observer
   * ({@code @Observes StartupEvent}), an {@code @EventListener} or an {@code onApplicationEvent} of
   * one.
   */
  private static boolean observesStartup(MethodSymbol method) {
    if (method.getParameters().size() != 1) {
      return false;
    }
    VarSymbol parameter = method.getParameters().get(0);
    if (!STARTUP_EVENTS.contains(parameter.type.tsym.getSimpleName().toString())) {
      return false;
    }
    return parameter.getAnnotationMirrors().stream()
            .anyMatch(
                a ->
                    a.getAnnotationType()
                        .asElement()
                        .getSimpleName()
                        .toString()
                        .startsWith("Observes"))
        || method.getAnnotationMirrors().stream()
            .anyMatch(
                a ->
                    a.getAnnotationType()
                        .asElement()
                        .getSimpleName()
                        .contentEquals("EventListener"))
        || method.getSimpleName().contentEquals("onApplicationEvent");
  }

  /**
   * Whether {@code method} runs before all tests of each test class that has it or inherits it
   * ({@code @BeforeAll}, {@code @BeforeClass}): in an abstract base, once for every subclass.
   */
  public static boolean isPerTestClassSetUp(MethodSymbol method, VisitorState state) {
    return hasAnyAnnotation(method, PER_TEST_CLASS_SET_UP_ANNOTATIONS, state);
  }

  /** Whether {@code method} runs after all tests of each test class that has it or inherits it. */
  public static boolean isPerTestClassTearDown(MethodSymbol method, VisitorState state) {
    return hasAnyAnnotation(method, PER_TEST_CLASS_TEAR_DOWN_ANNOTATIONS, state);
  }

  /** Whether {@code method} runs once for each test: a per-test set-up, or a test itself. */
  public static boolean isPerTestSetUp(MethodSymbol method, VisitorState state) {
    return hasAnyAnnotation(method, PER_TEST_SET_UP_ANNOTATIONS, state);
  }

  /**
   * Whether the tests of {@code method}'s class share one instance of it: a TestNG test class (one
   * instance runs all its tests), or a JUnit 5 class (or subclass of one) annotated
   * {@code @TestInstance(Lifecycle.PER_CLASS)}. Otherwise JUnit creates a new instance for each
   * test.
   */
  public static boolean sharesTestInstance(MethodSymbol method, VisitorState state) {
    for (Attribute.Compound annotation : method.getAnnotationMirrors()) {
      if (annotation
          .type
          .tsym
          .getQualifiedName()
          .toString()
          .startsWith("org.testng.annotations.")) {
        return true;
      }
    }
    for (Type type = method.owner.type;
        type != null && type.tsym instanceof ClassSymbol owner;
        type = owner.getSuperclass()) {
      for (Attribute.Compound annotation : owner.getAnnotationMirrors()) {
        if (annotation
            .type
            .tsym
            .getQualifiedName()
            .contentEquals("org.junit.jupiter.api.TestInstance")) {
          for (Map.Entry<Symbol.MethodSymbol, Attribute> value :
              annotation.getElementValues().entrySet()) {
            if (value.getKey().getSimpleName().contentEquals("value")
                && value.getValue() instanceof Attribute.Enum lifecycle
                && lifecycle.value.getSimpleName().contentEquals("PER_CLASS")) {
              return true;
            }
          }
          return false;
        }
      }
    }
    return false;
  }

  /** Whether {@code method} runs after each test: a tear-down or an extension's callback. */
  public static boolean isPerTestTearDown(MethodSymbol method, VisitorState state) {
    return hasAnyAnnotation(method, PER_TEST_TEAR_DOWN_ANNOTATIONS, state)
        || overridesLibraryMethodOf(method, EXTENSION_PER_TEST_TEAR_DOWNS, state);
  }

  /**
   * Whether {@code method} is a JUnit 5 extension's per-test callback: the extension outlives the
   * test, so what it sets up there replaces what the previous test left.
   */
  public static boolean isExtensionPerTestSetUp(MethodSymbol method, VisitorState state) {
    return overridesLibraryMethodOf(method, EXTENSION_PER_TEST_SET_UPS, state);
  }

  private static final ImmutableSet<String> EXTENSION_PER_TEST_SET_UPS =
      ImmutableSet.of(
          "org.junit.jupiter.api.extension.BeforeEachCallback",
          "org.junit.jupiter.api.extension.BeforeTestExecutionCallback");

  private static final ImmutableSet<String> EXTENSION_PER_TEST_TEAR_DOWNS =
      ImmutableSet.of(
          "org.junit.jupiter.api.extension.AfterEachCallback",
          "org.junit.jupiter.api.extension.AfterTestExecutionCallback");

  /** Whether {@code method} overrides a method that a class outside the compilation declares. */
  private static boolean overridesLibraryMethod(MethodSymbol method, VisitorState state) {
    CompilationIndex index = CompilationIndex.instance(state);
    for (MethodSymbol overridden : ASTHelpers.findSuperMethods(method, state.getTypes())) {
      if (!index.isInCompilation(overridden.owner)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code method} overrides a method of one of the named types. */
  private static boolean overridesLibraryMethodOf(
      MethodSymbol method, ImmutableSet<String> types, VisitorState state) {
    for (MethodSymbol overridden : ASTHelpers.findSuperMethods(method, state.getTypes())) {
      if (types.contains(overridden.owner.getQualifiedName().toString())) {
        return true;
      }
    }
    return false;
  }
}
