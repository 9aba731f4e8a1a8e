package io.github.mongoguard.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;
import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;
import static com.google.errorprone.matchers.method.MethodMatchers.staticMethod;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.StandardTags;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.BinaryTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.CompilationUnitTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.LiteralTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.inject.Inject;

/**
 * A {@link BugChecker} that flags MongoDB passwords written into the source: in a connection
 * string, or passed to a {@code MongoCredential} factory.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "Read MongoDB credentials at run time; never write a password into the source",
    severity = ERROR,
    tags = StandardTags.LIKELY_ERROR,
    linkType = CUSTOM,
    link = Documentation.CHECKS_BASE_URL + "HardcodedMongoCredentials.md")
public final class HardcodedMongoCredentials extends BugChecker
    implements CompilationUnitTreeMatcher,
        LiteralTreeMatcher,
        BinaryTreeMatcher,
        MethodInvocationTreeMatcher {
  private static final long serialVersionUID = 1L;

  /** The factories of {@code com.mongodb.MongoCredential} that take a password. */
  private static final Matcher<ExpressionTree> CREDENTIAL_FACTORY =
      staticMethod()
          .onClass("com.mongodb.MongoCredential")
          .namedAnyOf(
              "createCredential",
              "createScramSha1Credential",
              "createScramSha256Credential",
              "createPlainCredential",
              "createAwsCredential");

  private static final Matcher<ExpressionTree> TO_CHAR_ARRAY =
      instanceMethod().onExactClass("java.lang.String").named("toCharArray");

  /** The scheme of a connection string, anywhere in a string. */
  private static final Pattern SCHEME = Pattern.compile("(?i)mongodb(?:\\+srv)?://");

  /**
   * Stand-ins for a password that a template fills in later: {@code ${...}}, {@code <password>},
   * {@code %s} (also {@code %1$s}), {@code {0}}, and a password already masked with asterisks.
   */
  private static final Pattern PLACEHOLDER =
      Pattern.compile("(?:\\$\\{[^}]*}|<[^>]*>|%(?:\\d+\\$)?s|\\{\\d+})+|\\*+");

  /** What replaces a password in every message. */
  static final String MASK = "****";

  private final MongoGuardFlags flags;

  /** Instantiates a new {@link HardcodedMongoCredentials} without flags. */
  public HardcodedMongoCredentials() {
    this(ErrorProneFlags.empty());
  }

  /**
   * Instantiates a new {@link HardcodedMongoCredentials}.
   *
   * @param flags Any provided command line flags.
   */
  @Inject
  HardcodedMongoCredentials(ErrorProneFlags flags) {
    this.flags = MongoGuardFlags.parse(flags);
  }

  @Override
  public Description matchCompilationUnit(CompilationUnitTree tree, VisitorState state) {
    return flags.reportProblemsOnce(this, tree, state);
  }

  @Override
  public Description matchLiteral(LiteralTree tree, VisitorState state) {
    return tree.getKind() == Tree.Kind.STRING_LITERAL
        ? matchConstantString(tree, state)
        : Description.NO_MATCH;
  }

  @Override
  public Description matchBinary(BinaryTree tree, VisitorState state) {
    return tree.getKind() == Tree.Kind.PLUS
        ? matchConstantString(tree, state)
        : Description.NO_MATCH;
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    if (!CREDENTIAL_FACTORY.matches(tree, state)) {
      return Description.NO_MATCH;
    }
    MethodSymbol factory = ASTHelpers.getSymbol(tree);
    List<VarSymbol> parameters = factory.getParameters();
    Type charArray = state.arrayTypeForType(state.getSymtab().charType);
    for (int i = 0; i < parameters.size() && i < tree.getArguments().size(); i++) {
      ExpressionTree argument = tree.getArguments().get(i);
      if (ASTHelpers.isSameType(parameters.get(i).type, charArray, state)
          && isConstantPassword(argument, state)) {
        return buildDescription(argument)
            .setMessage(
                String.format(
                    "MongoCredential.%s is given a password written into the source (shown here"
                        + " as \"%s\"). Anyone who can read the repository or the compiled class"
                        + " can read it. %s",
                    factory.getSimpleName(), MASK, remedy()))
            .build();
      }
    }
    return Description.NO_MATCH;
  }

  /** {@code "hunter2".toCharArray()} of a constant string, or a {@code char[]} of constants. */
  private static boolean isConstantPassword(ExpressionTree argument, VisitorState state) {
    ExpressionTree password = ASTHelpers.stripParentheses(argument);
    if (password instanceof MethodInvocationTree call && TO_CHAR_ARRAY.matches(call, state)) {
      String value = ASTHelpers.constValue(ASTHelpers.getReceiver(call), String.class);
      return value != null && !value.isEmpty();
    }
    if (password instanceof NewArrayTree array && array.getInitializers() != null) {
      return !array.getInitializers().isEmpty()
          && array.getInitializers().stream().allMatch(e -> ASTHelpers.constValue(e) != null);
    }
    return false;
  }

  private Description matchConstantString(ExpressionTree tree, VisitorState state) {
    String value = ASTHelpers.constValue(tree, String.class);
    if (value == null) {
      return Description.NO_MATCH;
    }
    // The string test first: it rules out nearly every constant before any look at the tree.
    Optional<String> masked = maskPasswords(value);
    if (masked.isEmpty() || isPartOfLargerConstant(state)) {
      return Description.NO_MATCH;
    }
    return buildDescription(tree)
        .setMessage(
            String.format(
                "This constant holds a MongoDB connection string with a password written into the"
                    + " source: \"%s\". Anyone who can read the repository or the compiled class"
                    + " can read it. %s",
                masked.get(), remedy()))
        .build();
  }

  private static String remedy() {
    return "Read the connection string at run time from the environment"
        + " (System.getenv(\"MONGODB_URI\")) or a secret store, and rotate the exposed password:"
        + " it stays in the version history.";
  }

  /** Whether the constant at the current path is an operand of a constant concatenation. */
  private static boolean isPartOfLargerConstant(VisitorState state) {
    TreePath parent = state.getPath().getParentPath();
    while (parent != null && parent.getLeaf() instanceof ParenthesizedTree) {
      parent = parent.getParentPath();
    }
    return parent != null
        && parent.getLeaf() instanceof BinaryTree binary
        && binary.getKind() == Tree.Kind.PLUS
        && ASTHelpers.constValue(binary, String.class) != null;
  }

  /**
   * The value with the password of every connection string in it replaced by {@link #MASK}, or
   * empty when it holds no connection string with a real (non-empty, non-placeholder) password.
   *
   * <p>The user information is what the driver takes for it: the text between the scheme and the
   * last {@code @} before the first {@code /} (or {@code ?}); the password follows its first
   * {@code :}.
   */
  static Optional<String> maskPasswords(String value) {
    if (!value.contains("://")) {
      return Optional.empty();
    }
    java.util.regex.Matcher scheme = SCHEME.matcher(value);
    StringBuilder masked = new StringBuilder();
    int copied = 0;
    while (scheme.find()) {
      int start = scheme.end();
      int end = start;
      while (end < value.length() && !endsAuthority(value.charAt(end))) {
        end++;
      }
      int at = value.lastIndexOf('@', end - 1);
      if (at < start) {
        continue;
      }
      int colon = value.indexOf(':', start);
      if (colon < 0 || colon >= at) {
        continue;
      }
      String password = value.substring(colon + 1, at);
      if (password.isEmpty() || PLACEHOLDER.matcher(password).matches()) {
        continue;
      }
      masked.append(value, copied, colon + 1).append(MASK);
      copied = at;
    }
    if (copied == 0) {
      return Optional.empty();
    }
    return Optional.of(masked.append(value, copied, value.length()).toString());
  }

  private static boolean endsAuthority(char c) {
    return c == '/' || c == '?' || c == '"' || c == '\'' || Character.isWhitespace(c);
  }
}
