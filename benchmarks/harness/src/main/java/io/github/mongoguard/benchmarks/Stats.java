package io.github.mongoguard.benchmarks;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.Ordering;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Medians and distribution-free confidence intervals of small samples. */
final class Stats {
  private Stats() {}

  static double median(List<Double> values) {
    ImmutableList<Double> sorted = ImmutableList.sortedCopyOf(Ordering.natural(), values);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  /**
   * The 95 % confidence interval of the median from order statistics: the widest pair {@code x(k)},
   * {@code x(n - k + 1)} whose binomial tail stays below 2.5 % on each side. For 7 to 8 values it
   * is the whole range, for 9 to 11 values the second smallest to the second largest.
   */
  static Interval medianInterval(List<Double> values) {
    ImmutableList<Double> sorted = ImmutableList.sortedCopyOf(Ordering.natural(), values);
    int n = sorted.size();
    int k = 0; // number of values cut from each end
    while (k + 1 < n - k - 1 && binomialTail(n, k + 1) <= 0.025) {
      k++;
    }
    return new Interval(sorted.get(k), sorted.get(n - 1 - k));
  }

  /** P(X < j) for X ~ Binomial(n, 1/2). */
  private static double binomialTail(int n, int j) {
    double sum = 0;
    double coefficient = 1;
    for (int i = 0; i < j; i++) {
      sum += coefficient;
      coefficient = coefficient * (n - i) / (i + 1);
    }
    return sum / Math.pow(2, n);
  }

  /** The system's load averages over 1, 5 and 15 minutes, where the system says (Linux). */
  static String loadAverage() {
    try {
      List<String> fields =
          Splitter.on(' ').splitToList(Files.readString(Path.of("/proc/loadavg")).trim());
      return String.join(" ", fields.subList(0, 3));
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** A closed interval. */
  record Interval(double low, double high) {
    boolean contains(double value) {
      return low <= value && value <= high;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.3f to %.3f", low, high);
    }
  }

  /**
   * A ratio of paired timings with its 95 % interval, or, when the interval reaches across 1, the
   * statement that the runs cannot tell the two apart and the largest difference they allow.
   */
  static String describeRatio(List<Double> ratios) {
    double median = median(ratios);
    Interval interval = medianInterval(ratios);
    double effect = Math.abs(median - 1);
    double spread = (interval.high() - interval.low()) / 2;
    if (interval.contains(1.0) || spread > effect) {
      return String.format(
          Locale.ROOT,
          "no ratio printed: its spread (%.3f to %.3f, +/-%.1f %%) is wider than the effect it"
              + " would claim (%+.1f %%); the runs allow at most %+.1f %%",
          interval.low(),
          interval.high(),
          100 * spread,
          100 * (median - 1),
          100 * (interval.high() - 1));
    }
    return String.format(
        Locale.ROOT,
        "%.3f (95 %% interval %s; effect %+.1f %%, spread +/-%.1f %%)",
        median,
        interval,
        100 * (median - 1),
        100 * spread);
  }
}
