package io.github.mongoguard.checks;

import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import org.jspecify.annotations.Nullable;

/**
 * Small tree facts the ownership analyses share: what a {@code close()} call is, and where the code
 * around an expression begins.
 */
final class Lifecycle {
  private Lifecycle() {}

  /** Whether {@code tree} is a call of {@code close()} without arguments. */
  static boolean isCloseCall(Tree tree) {
    return tree instanceof MethodInvocationTree invocation
        && invocation.getArguments().isEmpty()
        && invocation.getMethodSelect() instanceof MemberSelectTree select
        && select.getIdentifier().contentEquals("close");
  }

  /** The receiver of a {@code close()} call, or null when {@code tree} is none. */
  static @Nullable ExpressionTree closeReceiver(Tree tree) {
    return isCloseCall(tree)
        ? ((MemberSelectTree) ((MethodInvocationTree) tree).getMethodSelect()).getExpression()
        : null;
  }

  /** Whether {@code tree} is the statement {@code variable.close();}. */
  static boolean isCloseStatement(Tree tree, Symbol variable) {
    return tree instanceof ExpressionStatementTree statement
        && ValueFlow.refersTo(closeReceiver(statement.getExpression()), variable);
  }

  /**
   * Whether {@code tree} closes {@code field} anywhere inside it: {@code field.close()}, {@code
   * field::close}, or {@code field} handed as an argument to another call (a close helper such as
   * {@code closeQuietly(field)}).
   */
  static boolean mentionsClose(@Nullable Tree tree, Symbol field) {
    if (tree == null) {
      return false;
    }
    Boolean found =
        new TreeScanner<Boolean, Void>() {
          @Override
          public Boolean visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
            if (ValueFlow.refersTo(closeReceiver(invocation), field)) {
              return true;
            }
            for (ExpressionTree argument : invocation.getArguments()) {
              if (ValueFlow.refersTo(argument, field)) {
                return true;
              }
            }
            return super.visitMethodInvocation(invocation, null);
          }

          @Override
          public Boolean visitMemberReference(MemberReferenceTree reference, Void unused) {
            if (reference.getName().contentEquals("close")
                && ValueFlow.refersTo(reference.getQualifierExpression(), field)) {
              return true;
            }
            return super.visitMemberReference(reference, null);
          }

          @Override
          public Boolean reduce(Boolean left, Boolean right) {
            return Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right);
          }
        }.scan(tree, null);
    return Boolean.TRUE.equals(found);
  }

  /** The path of the closest enclosing method, lambda or class, or null. */
  static @Nullable TreePath enclosingCode(TreePath path) {
    for (TreePath current = path.getParentPath();
        current != null;
        current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof MethodTree
          || leaf instanceof LambdaExpressionTree
          || leaf instanceof ClassTree) {
        return current;
      }
    }
    return null;
  }

  /**
   * Whether the expression at {@code path} runs in a static initializer block or the initializer of
   * a static field, where a client lives as long as the process by design.
   */
  static boolean inStaticInitializer(TreePath path) {
    Tree child = path.getLeaf();
    for (TreePath current = path.getParentPath();
        current != null;
        child = current.getLeaf(), current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof MethodTree || leaf instanceof LambdaExpressionTree) {
        return false;
      }
      if (leaf instanceof ClassTree) {
        if (child instanceof BlockTree block) {
          return block.isStatic();
        }
        if (child instanceof VariableTree variable) {
          Symbol symbol = ASTHelpers.getSymbol(variable);
          return symbol != null && ASTHelpers.isStatic(symbol);
        }
        return false;
      }
    }
    return false;
  }
}
