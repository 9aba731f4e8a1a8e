package io.github.mongoguard.checks;

import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Tree shapes that close a variable, shared by the lifecycle checks. */
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
   * Whether the {@code finally} block of {@code tryTree} closes {@code variable} whatever happens:
   * as one of its own statements, guarded only by {@code variable != null}, or inside a nested
   * {@code try} whose body does so.
   */
  static boolean finallyCloses(TryTree tryTree, Symbol variable) {
    BlockTree finallyBlock = tryTree.getFinallyBlock();
    return finallyBlock != null && closesUnconditionally(finallyBlock, variable);
  }

  private static boolean closesUnconditionally(StatementTree statement, Symbol variable) {
    if (isCloseStatement(statement, variable)) {
      return true;
    }
    if (statement instanceof BlockTree block) {
      for (StatementTree inner : block.getStatements()) {
        if (closesUnconditionally(inner, variable)) {
          return true;
        }
      }
      return false;
    }
    if (statement instanceof TryTree nested) {
      return closesUnconditionally(nested.getBlock(), variable)
          || (nested.getFinallyBlock() != null
              && closesUnconditionally(nested.getFinallyBlock(), variable));
    }
    if (statement instanceof IfTree ifTree && ifTree.getElseStatement() == null) {
      return isNotNullCheck(ifTree.getCondition(), variable)
          && closesUnconditionally(ifTree.getThenStatement(), variable);
    }
    return false;
  }

  private static boolean isNotNullCheck(ExpressionTree condition, Symbol variable) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(condition);
    return stripped instanceof BinaryTree binary
        && binary.getKind() == Tree.Kind.NOT_EQUAL_TO
        && (isNullComparison(binary.getLeftOperand(), binary.getRightOperand(), variable)
            || isNullComparison(binary.getRightOperand(), binary.getLeftOperand(), variable));
  }

  /** Whether {@code condition} contains {@code symbol == null}, for one of {@code symbols}. */
  static boolean checksNull(ExpressionTree condition, Set<Symbol> symbols) {
    Boolean found =
        new TreeScanner<Boolean, Void>() {
          @Override
          public Boolean visitBinary(BinaryTree tree, Void unused) {
            if (tree.getKind() == Tree.Kind.EQUAL_TO) {
              for (Symbol symbol : symbols) {
                if (isNullComparison(tree.getLeftOperand(), tree.getRightOperand(), symbol)
                    || isNullComparison(tree.getRightOperand(), tree.getLeftOperand(), symbol)) {
                  return true;
                }
              }
            }
            return super.visitBinary(tree, null);
          }

          @Override
          public Boolean reduce(Boolean left, Boolean right) {
            return Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right);
          }
        }.scan(condition, null);
    return Boolean.TRUE.equals(found);
  }

  private static boolean isNullComparison(
      ExpressionTree operand, ExpressionTree other, Symbol variable) {
    return ValueFlow.refersTo(operand, variable) && other.getKind() == Tree.Kind.NULL_LITERAL;
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

  /**
   * Whether {@code method}, or a method of the same class it calls (a few levels deep), closes
   * {@code field}.
   */
  static boolean methodCloses(
      MethodTree method, Symbol field, ClassTree owner, Set<MethodSymbol> visited) {
    if (!visited.add(ASTHelpers.getSymbol(method)) || visited.size() > 8) {
      return false;
    }
    if (mentionsClose(method.getBody(), field)) {
      return true;
    }
    Boolean found =
        new TreeScanner<Boolean, Void>() {
          @Override
          public Boolean visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
            MethodSymbol callee = ASTHelpers.getSymbol(invocation);
            for (Tree member : owner.getMembers()) {
              if (member instanceof MethodTree candidate
                  && ASTHelpers.getSymbol(candidate) == callee
                  && methodCloses(candidate, field, owner, visited)) {
                return true;
              }
            }
            return super.visitMethodInvocation(invocation, null);
          }

          @Override
          public Boolean visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
            return false;
          }

          @Override
          public Boolean visitClass(ClassTree tree, Void unused) {
            return false;
          }

          @Override
          public Boolean reduce(Boolean left, Boolean right) {
            return Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right);
          }
        }.scan(method.getBody(), null);
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
