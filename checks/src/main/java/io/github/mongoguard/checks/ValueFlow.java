package io.github.mongoguard.checks;

import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * What happens to the value of an expression: discarded, used as the receiver of a call chain,
 * returned, passed as an argument, or assigned to a local variable or a field.
 *
 * <p>Parentheses, casts and the branches of a conditional expression are looked through. Every
 * other shape is {@link Kind#OTHER}, which the checks skip.
 */
record ValueFlow(Kind kind, TreePath where, @Nullable VarSymbol variable) {
  /** The kinds of use a value can have. */
  enum Kind {
    /** An expression statement: the value is dropped. */
    DISCARDED,
    /** The receiver of a method call: {@code where} is the outermost call of the chain. */
    CHAINED,
    /** Returned from a method, or the body of an expression lambda. */
    RETURNED,
    /** An argument of a method call or constructor. */
    ARGUMENT,
    /** Declared into, or assigned to, a local variable (a try-with-resources resource included). */
    LOCAL,
    /** Declared into, or assigned to, a field that is not static. */
    INSTANCE_FIELD,
    /** Declared into, or assigned to, a static field. */
    STATIC_FIELD,
    /** Any other use. */
    OTHER
  }

  /** Whether the value reaches {@code variable} through an assignment, not a declaration. */
  boolean isAssignment() {
    return where.getLeaf() instanceof AssignmentTree;
  }

  /** Classifies the use of the value of the expression at {@code path}. */
  static ValueFlow of(TreePath path) {
    TreePath child = path;
    TreePath parent = path.getParentPath();
    while (parent != null
        && (parent.getLeaf() instanceof ParenthesizedTree
            || parent.getLeaf() instanceof TypeCastTree
            || (parent.getLeaf() instanceof ConditionalExpressionTree conditional
                && conditional.getCondition() != child.getLeaf()))) {
      child = parent;
      parent = parent.getParentPath();
    }
    if (parent == null) {
      return new ValueFlow(Kind.OTHER, path, null);
    }
    Tree leaf = parent.getLeaf();
    Tree value = child.getLeaf();
    if (leaf instanceof ExpressionStatementTree) {
      return new ValueFlow(Kind.DISCARDED, parent, null);
    }
    if (leaf instanceof MemberSelectTree select
        && select.getExpression() == value
        && parent.getParentPath() != null
        && parent.getParentPath().getLeaf() instanceof MethodInvocationTree) {
      return new ValueFlow(Kind.CHAINED, outermostCall(parent.getParentPath()), null);
    }
    if (leaf instanceof ReturnTree
        || (leaf instanceof LambdaExpressionTree lambda && lambda.getBody() == value)) {
      return new ValueFlow(Kind.RETURNED, parent, null);
    }
    if ((leaf instanceof MethodInvocationTree invocation
            && invocation.getArguments().contains(value))
        || (leaf instanceof NewClassTree newClass && newClass.getArguments().contains(value))) {
      return new ValueFlow(Kind.ARGUMENT, parent, null);
    }
    if (leaf instanceof VariableTree variable && variable.getInitializer() == value) {
      return ofVariable(ASTHelpers.getSymbol(variable), parent);
    }
    if (leaf instanceof AssignmentTree assignment && assignment.getExpression() == value) {
      return ofVariable(ASTHelpers.getSymbol(assignment.getVariable()), parent);
    }
    return new ValueFlow(Kind.OTHER, parent, null);
  }

  private static ValueFlow ofVariable(@Nullable Symbol symbol, TreePath where) {
    if (!(symbol instanceof VarSymbol variable)) {
      return new ValueFlow(Kind.OTHER, where, null);
    }
    if (variable.getKind() == ElementKind.FIELD) {
      return new ValueFlow(
          ASTHelpers.isStatic(variable) ? Kind.STATIC_FIELD : Kind.INSTANCE_FIELD, where, variable);
    }
    if (variable.getKind() == ElementKind.LOCAL_VARIABLE
        || variable.getKind() == ElementKind.RESOURCE_VARIABLE) {
      return new ValueFlow(Kind.LOCAL, where, variable);
    }
    return new ValueFlow(Kind.OTHER, where, null);
  }

  /** The outermost method call of the chain whose innermost call is at {@code call}. */
  private static TreePath outermostCall(TreePath call) {
    TreePath current = call;
    while (current.getParentPath() != null
        && current.getParentPath().getLeaf() instanceof MemberSelectTree select
        && select.getExpression() == current.getLeaf()
        && current.getParentPath().getParentPath() != null
        && current.getParentPath().getParentPath().getLeaf() instanceof MethodInvocationTree) {
      current = current.getParentPath().getParentPath();
    }
    return current;
  }

  /** Whether {@code tree}, with parentheses and casts removed, refers to {@code variable}. */
  static boolean refersTo(@Nullable ExpressionTree tree, Symbol variable) {
    ExpressionTree stripped = tree == null ? null : ASTHelpers.stripParentheses(tree);
    while (stripped instanceof TypeCastTree cast) {
      stripped = ASTHelpers.stripParentheses(cast.getExpression());
    }
    return stripped != null && ASTHelpers.getSymbol(stripped) == variable;
  }
}
