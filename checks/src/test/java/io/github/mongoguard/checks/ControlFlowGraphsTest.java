package io.github.mongoguard.checks;

import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.processing.JavacProcessingEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.UnderlyingAST;
import org.checkerframework.errorprone.dataflow.cfg.block.Block;
import org.checkerframework.errorprone.dataflow.cfg.builder.CFGBuilder;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.junit.jupiter.api.Test;

final class ControlFlowGraphsTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(GraphComparer.class, getClass());

  /**
   * The graphs the shared builder makes, with the type and method lookups it keeps for the whole
   * compilation, are those of the Checker Framework's own builder: the same blocks in the same
   * order, holding the same nodes of the same types, for every tree the builder adds itself (the
   * iterator calls of enhanced {@code for} loops, boxing and unboxing, the close of a resource).
   */
  @Test
  void sameGraphsAsTheLibrarysBuilder() {
    helper
        .addSourceLines(
            "Shapes.java",
            """
            import com.mongodb.client.MongoClient;
            import com.mongodb.client.MongoClients;
            import java.util.ArrayList;
            import java.util.Iterator;
            import java.util.List;
            import java.util.Map;
            import java.util.Set;

            class Shapes {
              static final class Names implements Iterable<String> {
                @Override
                public Iterator<String> iterator() {
                  return List.of("a").iterator();
                }
              }

              // BUG: Diagnostic contains: same graph
              int lists(List<String> names, Set<? extends CharSequence> texts, Names own) {
                int n = 0;
                for (String name : names) {
                  n += name.length();
                }
                for (CharSequence text : texts) {
                  n += text.length();
                }
                for (String name : own) {
                  n += name.length();
                }
                for (Map.Entry<String, List<Integer>> entry : Map.of("a", List.of(1)).entrySet()) {
                  for (int value : entry.getValue()) {
                    n += value;
                  }
                }
                return n;
              }

              // BUG: Diagnostic contains: same graph
              long boxes(Integer boxed, List<Long> longs) {
                int unboxed = boxed;
                Integer again = unboxed + 1;
                List<Integer> list = new ArrayList<>();
                list.add(unboxed);
                Long first = longs.isEmpty() ? 0L : longs.get(0);
                return again + first + (char) 'x' + (boxed == null ? 0 : boxed);
              }

              // BUG: Diagnostic contains: same graph
              String resources(String uri) throws Exception {
                try (MongoClient client = MongoClients.create(uri);
                    AutoCloseable other = () -> {}) {
                  return client.getDatabase("app").getName();
                }
              }

              // BUG: Diagnostic contains: same graph
              int arrays(int[] values, String... names) {
                int n = 0;
                for (int value : values) {
                  n += value;
                }
                for (String name : names) {
                  n += name.length();
                }
                return n;
              }
            }
            """)
        .doTest();
  }

  /** Reports, on each method, whether the two builders made the same graph for it. */
  @BugPattern(summary = "Compares the shared graph builder with the library's", severity = ERROR)
  public static final class GraphComparer extends BugChecker implements MethodTreeMatcher {
    private static final long serialVersionUID = 1L;
    private static final Pattern SYNTHETIC_NUMBER = Pattern.compile("#num\\d+");

    @Override
    public Description matchMethod(MethodTree tree, VisitorState state) {
      if (tree.getBody() == null
          || !(state.getPath().getParentPath().getLeaf() instanceof ClassTree enclosing)
          || tree.getName().contentEquals("<init>")
          || tree.getName().contentEquals("iterator")) {
        return Description.NO_MATCH;
      }
      ControlFlowGraph shared = ControlFlowGraphs.instance(state.context).graph(state.getPath());
      ControlFlowGraph library =
          CFGBuilder.build(
              new TreePath(state.getPath(), tree.getBody()),
              new UnderlyingAST.CFGMethod(tree, enclosing),
              /* assumeAssertionsEnabled= */ false,
              /* assumeAssertionsDisabled= */ false,
              JavacProcessingEnvironment.instance(state.context));
      List<String> ours = describe(shared);
      List<String> theirs = describe(library);
      return buildDescription(tree)
          .setMessage(
              ours.equals(theirs) && !ours.isEmpty()
                  ? "same graph"
                  : "different graphs: " + ours + " and " + theirs)
          .build();
    }

    /** Every node of every block, in the graph's depth-first order, with its type. */
    private static List<String> describe(ControlFlowGraph graph) {
      List<String> nodes = new ArrayList<>();
      if (graph == null) {
        return nodes;
      }
      for (Block block : graph.getDepthFirstOrderedBlocks()) {
        nodes.add(block.getType().toString());
        for (Node node : block.getNodes()) {
          nodes.add(
              node.getClass().getSimpleName()
                  + " "
                  // The builder numbers the variables it adds across all its graphs.
                  + SYNTHETIC_NUMBER.matcher(node.toString()).replaceAll("#")
                  + " : "
                  + Objects.toString(node.getType()));
        }
      }
      return nodes;
    }
  }
}
