package io.github.mongoguard.checks;

import static com.google.errorprone.matchers.Matchers.anyOf;
import static com.google.errorprone.matchers.method.MethodMatchers.constructor;
import static com.google.errorprone.matchers.method.MethodMatchers.staticMethod;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.suppliers.Supplier;
import com.google.errorprone.suppliers.Suppliers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewClassTree;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.util.Context;
import java.nio.CharBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.type.TypeKind;
import org.jspecify.annotations.Nullable;

/**
 * What Mongo Guard knows about the MongoDB Java drivers: the client types and the expressions that
 * create a client.
 *
 * <p>Every check asks this class; none names a driver type itself. Types are matched by fully
 * qualified name, so the checks need no driver on their own classpath, and a user's own class
 * called {@code MongoClients} or {@code MongoClient} never matches.
 */
public final class MongoDriver {
  /** The factory class of the synchronous driver ({@code mongodb-driver-sync}). */
  static final String SYNC_CLIENTS = "com.mongodb.client.MongoClients";

  /** The factory class of the Reactive Streams driver ({@code mongodb-driver-reactivestreams}). */
  static final String REACTIVE_CLIENTS = "com.mongodb.reactivestreams.client.MongoClients";

  /** The client interface of the synchronous driver. */
  static final String SYNC_CLIENT = "com.mongodb.client.MongoClient";

  /** The client interface of the Reactive Streams driver. */
  static final String REACTIVE_CLIENT = "com.mongodb.reactivestreams.client.MongoClient";

  /** The legacy client class ({@code mongodb-driver-legacy}, {@code mongo-java-driver} 3.x). */
  static final String LEGACY_CLIENT = "com.mongodb.MongoClient";

  /** The text every creation form has in its compilation unit: a type name or an import. */
  private static final String CREATION_MARKER = "MongoClient";

  private static final Matcher<ExpressionTree> SYNC_FACTORY =
      staticMethod().onClass(SYNC_CLIENTS).named("create");
  private static final Matcher<ExpressionTree> REACTIVE_FACTORY =
      staticMethod().onClass(REACTIVE_CLIENTS).named("create");
  private static final Matcher<ExpressionTree> LEGACY_CONSTRUCTOR =
      constructor().forClass(LEGACY_CLIENT);

  /**
   * Matches every expression that creates a client: a call of either driver's {@code
   * MongoClients.create}, a legacy {@code new MongoClient(...)}, and method references to them.
   * Anonymous subclasses of the legacy client are covered by {@link #createdClient}.
   */
  public static final Matcher<ExpressionTree> CLIENT_CREATION =
      anyOf(SYNC_FACTORY, REACTIVE_FACTORY, LEGACY_CONSTRUCTOR);

  private static final Context.Key<UnitGuard> UNIT_GUARD = new Context.Key<>();

  private static final Context.Key<Map<Symbol, Optional<ClientKind>>> CLASS_KINDS =
      new Context.Key<>();

  private MongoDriver() {}

  /** The kinds of client a creation produces. */
  public enum ClientKind {
    SYNC(SYNC_CLIENT, "MongoClients.create", "com.mongodb.client.MongoClient"),
    REACTIVE(
        REACTIVE_CLIENT, "MongoClients.create", "com.mongodb.reactivestreams.client.MongoClient"),
    LEGACY(LEGACY_CLIENT, "new MongoClient", "legacy com.mongodb.MongoClient");

    private final String clientType;
    private final String creation;
    private final String description;
    private final Supplier<Type> type;

    ClientKind(String clientType, String creation, String description) {
      this.clientType = clientType;
      this.creation = creation;
      this.description = description;
      this.type = Suppliers.typeFromString(clientType);
    }

    /** The fully qualified name of the client type this kind creates. */
    public String clientType() {
      return clientType;
    }

    /** The client type in the compilation of {@code state}, or null when it is not on the path. */
    public @Nullable Type type(VisitorState state) {
      return type.get(state);
    }

    /** How the source spells the creation, for messages: {@code MongoClients.create}. */
    public String creation() {
      return creation;
    }

    /** The client type as messages name it. */
    public String description() {
      return description;
    }
  }

  /**
   * Returns the kind of client {@code tree} creates, or empty when it creates none.
   *
   * <p>Accepts method invocations, {@code new} expressions (anonymous subclasses of the legacy
   * client included) and method references; every other tree yields empty.
   */
  public static Optional<ClientKind> createdClient(ExpressionTree tree, VisitorState state) {
    if (SYNC_FACTORY.matches(tree, state)) {
      return Optional.of(ClientKind.SYNC);
    }
    if (REACTIVE_FACTORY.matches(tree, state)) {
      return Optional.of(ClientKind.REACTIVE);
    }
    if (LEGACY_CONSTRUCTOR.matches(tree, state) || isAnonymousLegacyClient(tree)) {
      return Optional.of(ClientKind.LEGACY);
    }
    return Optional.empty();
  }

  private static boolean isAnonymousLegacyClient(ExpressionTree tree) {
    if (!(tree instanceof NewClassTree newClass) || newClass.getClassBody() == null) {
      return false;
    }
    Symbol superclass = ASTHelpers.getSymbol(newClass.getIdentifier());
    return superclass != null && superclass.getQualifiedName().contentEquals(LEGACY_CLIENT);
  }

  /** Whether {@code type} is, or is a subtype of, one of the drivers' client types. */
  public static boolean isClientType(@Nullable Type type, VisitorState state) {
    return clientKind(type, state).isPresent();
  }

  /** The kind of client {@code type} is, or empty when it is no MongoDB client type. */
  public static Optional<ClientKind> clientKind(@Nullable Type type, VisitorState state) {
    if (type == null || type.isPrimitive()) {
      return Optional.empty();
    }
    if (type.getKind() == TypeKind.DECLARED) {
      // The client types are not generic: whether a class type is one depends on its class alone.
      Map<Symbol, Optional<ClientKind>> kinds = state.context.get(CLASS_KINDS);
      if (kinds == null) {
        kinds = new HashMap<>();
        state.context.put(CLASS_KINDS, kinds);
      }
      Optional<ClientKind> known = kinds.get(type.tsym);
      if (known == null) {
        known = computeClientKind(type, state);
        kinds.put(type.tsym, known);
      }
      return known;
    }
    return computeClientKind(type, state);
  }

  private static Optional<ClientKind> computeClientKind(Type type, VisitorState state) {
    for (ClientKind kind : ClientKind.values()) {
      Type clientType = kind.type.get(state);
      if (clientType != null && ASTHelpers.isSubtype(type, clientType, state)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the compilation unit being scanned can contain a client creation at all.
   *
   * <p>Every creation form names {@code MongoClient} or {@code MongoClients} somewhere in its
   * compilation unit (in the expression, in an import or in a fully qualified name), or a method
   * or client class of the compilation that hands out clients ({@link
   * CompilationIndex#clientSources}). Checks call this first, so that a file that names neither
   * costs a few text searches, once, for all checks together.
   */
  public static boolean mayCreateClient(VisitorState state) {
    UnitGuard guard = state.context.get(UNIT_GUARD);
    if (guard == null) {
      guard = new UnitGuard();
      state.context.put(UNIT_GUARD, guard);
    }
    return guard.mayCreateClient(state);
  }

  /** Remembers the answer of {@link #mayCreateClient} for the compilation unit last asked about. */
  private static final class UnitGuard {
    private @Nullable CompilationUnitTree unit;
    private boolean mayCreateClient;

    boolean mayCreateClient(VisitorState state) {
      CompilationUnitTree current = state.getPath().getCompilationUnit();
      if (current != unit) {
        unit = current;
        CharSequence source = state.getSourceCode();
        mayCreateClient = source == null || contains(source, CREATION_MARKER);
        if (!mayCreateClient) {
          // A factory of another file of the compilation hands out clients by its own name.
          for (String name : CompilationIndex.instance(state).clientSources(state)) {
            if (contains(source, name)) {
              mayCreateClient = true;
              break;
            }
          }
        }
      }
      return mayCreateClient;
    }

    /** {@code text.toString().contains(marker)}, without copying the file's content. */
    private static boolean contains(CharSequence text, String marker) {
      if (text instanceof String string) {
        return string.contains(marker);
      }
      if (text instanceof CharBuffer buffer && buffer.hasArray()) {
        return indexOf(
                buffer.array(),
                buffer.arrayOffset() + buffer.position(),
                buffer.arrayOffset() + buffer.limit(),
                marker)
            >= 0;
      }
      char first = marker.charAt(0);
      int last = text.length() - marker.length();
      for (int i = 0; i <= last; i++) {
        if (text.charAt(i) == first && startsWith(text, i, marker)) {
          return true;
        }
      }
      return false;
    }

    private static int indexOf(char[] text, int from, int to, String marker) {
      char first = marker.charAt(0);
      int last = to - marker.length();
      outer:
      for (int i = from; i <= last; i++) {
        if (text[i] != first) {
          continue;
        }
        for (int j = 1; j < marker.length(); j++) {
          if (text[i + j] != marker.charAt(j)) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    private static boolean startsWith(CharSequence text, int offset, String marker) {
      for (int j = 1; j < marker.length(); j++) {
        if (text.charAt(offset + j) != marker.charAt(j)) {
          return false;
        }
      }
      return true;
    }
  }
}
