package org.gilbench.contract;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * A cell's value with a 95% interval and where that interval came from, so a chart footer and a
 * verdict can say how far to trust it.
 *
 * <p>The value is a <em>median</em> (timings are skewed and at times bimodal: one 33 s operation among
 * 1 s ones must not move the estimate). The interval is computed on log values (times are positive
 * and their noise multiplicative), so it is asymmetric around the value:
 * <ul>
 *   <li>two or more forks: a Student-t interval over the forks' medians (forks are the independent
 *       unit); basis "95% CI over N forks";</li>
 *   <li>one fork: the same over that fork's operations; basis "within one fork (N operations)" —
 *       operations of one JVM share its JIT decisions, so this interval is optimistic;</li>
 *   <li>no raw data: JMH's own 99.9% error, rescaled to 95%; basis "JMH's error";</li>
 *   <li>a single operation: no interval (drawn hollow).</li>
 * </ul>
 *
 * @param value    the median (or JMH's score when there is no raw data)
 * @param low      lower 95% bound, NaN when there is no interval
 * @param high     upper 95% bound, NaN when there is no interval
 * @param se       a symmetric standard error for weighting fits: (high - low) / (2 z), NaN when none
 * @param basis    what the interval rests on, in words for footers and tables
 * @param shape    outlier operations and two-cluster cells, shown and never averaged in silently
 * @param fallback true when only disturbed attempts were available: may not confirm a lesson
 * @param forks    independent forks the interval rests on (0: none, or operations within one fork only)
 * @param logMean  the mean of the forks' log medians (NaN unless {@code forks >= 2})
 * @param logVar   the variance of that mean, s² / n on the log scale (NaN unless {@code forks >= 2})
 * @param df       its degrees of freedom: n - 1 for a cell, Welch–Satterthwaite's for a ratio (NaN: none)
 */
public record Estimate(double value, double low, double high, double se, String basis, Shape shape,
                       boolean fallback, int forks, double logMean, double logVar, double df) {

    /** An estimate that carries no fork-level statistics (a definition, JMH's error, one fork). */
    public Estimate(double value, double low, double high, double se, String basis, Shape shape, boolean fallback) {
        this(value, low, high, se, basis, shape, fallback, 0, Double.NaN, Double.NaN, Double.NaN);
    }

    /** JMH's {@code scoreError} is the half-width of a 99.9% Student-t interval. */
    public static final double JMH_CONFIDENCE = 0.999;

    /** The level of every interval the report prints. */
    public static final double REPORT_CONFIDENCE = 0.95;

    /**
     * An operation more than this many times above (or below) its cell's median is an outlier: a 3x
     * excursion is beyond JIT warm-up and GC jitter on these workloads (typically within 30%), and is
     * what a descheduled or swapped-out run looks like.
     */
    public static final double OUTLIER_FACTOR = 3.0;

    /**
     * Two clusters: the sorted operations split at a gap of more than this factor (50%), with at least
     * {@link #CLUSTER_MIN} operations on each side and the gap wider than {@link #CLUSTER_GAP_VS_SPREAD}
     * times the spread inside either side. Below 50% a split is indistinguishable from jitter.
     */
    public static final double CLUSTER_GAP = 1.5;
    public static final int CLUSTER_MIN = 2;
    public static final double CLUSTER_GAP_VS_SPREAD = 2.0;

    private static final double Z = new NormalDistribution().inverseCumulativeProbability(0.975);

    /** Outlier operations and two clusters in one cell. */
    public record Shape(int operations, int outliers, boolean twoClusters) {
        public static final Shape NONE = new Shape(0, 0, false);

        public boolean irregular() {
            return outliers > 0 || twoClusters;
        }

        /** "1 outlier", "2 clusters", "" for a regular cell. */
        public String describe() {
            String s = outliers == 0 ? "" : outliers + (outliers == 1 ? " outlier" : " outliers");
            if (twoClusters) {
                s += (s.isEmpty() ? "" : ", ") + "2 clusters";
            }
            return s;
        }
    }

    /** The estimate of one JMH metric from its raw data (see the class comment). */
    public static Estimate of(Metric m) {
        Estimate e = fromRaw(m);
        return m.disturbed() ? e.asFallback() : e;
    }

    private static Estimate fromRaw(Metric m) {
        double[][] raw = m.raw();
        double[] all = finitePositive(m.allValues());
        Shape shape = shape(all);
        int forks = 0;
        for (double[] f : raw) {
            if (finitePositive(f).length > 0) {
                forks++;
            }
        }
        if (forks >= 2) {
            double[] medians = new double[forks];
            int i = 0;
            for (double[] f : raw) {
                double[] v = finitePositive(f);
                if (v.length > 0) {
                    medians[i++] = median(v);
                }
            }
            return overForks(median(all), medians, shape);
        }
        if (all.length >= 2) {
            return logT(median(all), all, "within one fork (" + all.length + " operations)", shape);
        }
        if (Double.isFinite(m.error()) && m.samples() >= 2 && m.score() > 0) {
            double se = m.error() / tQuantile(1 - (1 - JMH_CONFIDENCE) / 2, m.samples() - 1);
            return symmetric(m.score(), se, m.samples() - 1, "JMH's error");
        }
        double v = all.length == 1 ? all[0] : m.score();
        return none(v, all.length == 1 ? "no interval (1 operation)" : "no interval");
    }

    /** A value with no interval: drawn hollow, never decides a verdict. */
    public static Estimate none(double value, String basis) {
        return new Estimate(value, Double.NaN, Double.NaN, Double.NaN, basis, Shape.NONE, false);
    }

    /** An exact value (a definition, e.g. serial's speedup of 1). */
    public static Estimate exact(double value) {
        return new Estimate(value, value, value, 0, "exact", Shape.NONE, false);
    }

    /** value ± t(0.975, df) se: for means (machine comparison's fork means, JMH errors). */
    public static Estimate symmetric(double value, double se, double df, String basis) {
        if (!Double.isFinite(se) || !(df > 0)) {
            return none(value, basis);
        }
        double hw = tQuantile(0.975, df) * se;
        return new Estimate(value, value - hw, value + hw, se, basis, Shape.NONE, false);
    }

    /**
     * A cell over its forks: the interval exp(mean ± t(n-1) s / sqrt(n)) of the forks' log medians (the fork is
     * the independent unit), keeping the mean and its variance so ratios can combine them by Welch–Satterthwaite.
     */
    static Estimate overForks(double center, double[] forkMedians, Shape shape) {
        Estimate e = logT(center, forkMedians, "95% CI over " + forkMedians.length + " forks", shape);
        int n = forkMedians.length;
        double[] logs = Arrays.stream(forkMedians).map(Math::log).toArray();
        return new Estimate(e.value, e.low, e.high, e.se, e.basis, shape, false, n, StatUtils.mean(logs),
                StatUtils.variance(logs) / n, n - 1);
    }

    /** Median {@code center}, interval exp(mean log ± t sd/sqrt(n)) over {@code values}. */
    static Estimate logT(double center, double[] values, String basis, Shape shape) {
        int n = values.length;
        double[] logs = Arrays.stream(values).map(Math::log).toArray();
        double sd = Math.sqrt(StatUtils.variance(logs));
        double hw = tQuantile(0.975, n - 1) * sd / Math.sqrt(n);
        double mid = StatUtils.mean(logs);
        // The interval is about the centre of the log values; the median may sit off it in skewed data,
        // so the bounds are widened to keep the printed value inside its own interval.
        double low = Math.min(center, Math.exp(mid - hw));
        double high = Math.max(center, Math.exp(mid + hw));
        return new Estimate(center, low, high, (high - low) / (2 * Z), basis, shape, false);
    }

    /** The same estimate, marked as resting on disturbed attempts only. */
    public Estimate asFallback() {
        return new Estimate(value, low, high, se, basis + ", disturbed attempts only", shape, true, forks, logMean,
                logVar, df);
    }

    /** Whether the interval rests on at least {@code n} independent forks (never on operations of one fork). */
    public boolean restsOnForks(int n) {
        return forks >= n && hasError();
    }

    public boolean hasError() {
        return Double.isFinite(low) && Double.isFinite(high);
    }

    /** high / low: 1 for an exact value, infinite without an interval. */
    public double widthRatio() {
        return hasError() && low > 0 ? high / low : Double.POSITIVE_INFINITY;
    }

    /**
     * The larger distance from the value to a bound: XChart draws symmetric error bars only, so the bar
     * covers the whole interval (never understates it). NaN when there is no interval.
     */
    public double halfWidth() {
        return hasError() ? Math.max(value - low, high - value) : Double.NaN;
    }

    /** The interval's standard error on the log scale (for ratios), NaN without an interval. */
    double logSe() {
        if (!hasError() || low <= 0) {
            return Double.NaN;
        }
        return (Math.log(high) - Math.log(low)) / (2 * Z);
    }

    /**
     * {@code this / other} with a log-space interval: log variances add, so a ratio of two noisy times
     * gets an interval that is wide on both sides and never crosses zero.
     */
    public Estimate dividedBy(Estimate other) {
        double r = value / other.value;
        boolean fb = fallback || other.fallback;
        String b = basis.equals(other.basis) ? basis : basis + " / " + other.basis;
        if (forks >= 2 && other.forks >= 2 && logVar > 0 && other.logVar > 0) {
            return welch(r, other, b, fb);
        }
        if (!hasError() || !other.hasError()) {
            return new Estimate(r, Double.NaN, Double.NaN, Double.NaN, b, Shape.NONE, fb);
        }
        double a = logSe();
        double c = other.logSe();
        double s = Math.sqrt(a * a + c * c);
        double low = r * Math.exp(-Z * s);
        double high = r * Math.exp(Z * s);
        return new Estimate(r, low, high, (high - low) / (2 * Z), b, Shape.NONE, fb);
    }

    /**
     * Welch–Satterthwaite on the log fork medians: the log ratio's variance is the sum of the two means'
     * variances, with df = (v1 + v2)² / (v1² / df1 + v2² / df2); the interval is centred on the difference of
     * the log means and widened, like a cell's, to keep the ratio of the medians inside it. Its coverage is
     * checked by simulation (EstimateCoverageTest: log-normal forks with a known ratio at 2, 3, 5, 8 forks).
     */
    private Estimate welch(double r, Estimate other, String b, boolean fb) {
        double v = logVar + other.logVar;
        double dfWs = v * v / (logVar * logVar / df + other.logVar * other.logVar / other.df);
        double hw = tQuantile(0.975, dfWs) * Math.sqrt(v);
        double mid = logMean - other.logMean;
        double low = Math.min(r, Math.exp(mid - hw));
        double high = Math.max(r, Math.exp(mid + hw));
        return new Estimate(r, low, high, (high - low) / (2 * Z), b, Shape.NONE, fb, Math.min(forks, other.forks),
                mid, v, dfWs);
    }

    /** This estimate times an exact positive constant (efficiency = speedup / workers). */
    public Estimate times(double k) {
        return new Estimate(value * k, low * k, high * k, se * k, basis, shape, fallback, forks, logMean + Math.log(k),
                logVar, df);
    }

    /** This estimate plus an exact constant (lateness = step time - the sleep). */
    public Estimate shifted(double d) {
        return new Estimate(value + d, low + d, high + d, se, basis, shape, fallback, forks, Double.NaN, Double.NaN, Double.NaN);
    }

    /** "1.93 [1.85, 2.01]". */
    @Override
    public String toString() {
        return hasError() ? String.format(Locale.ROOT, "%.3g [%.3g, %.3g]", value, low, high)
                : String.format(Locale.ROOT, "%.3g [no interval]", value);
    }

    static Shape shape(double[] values) {
        if (values.length < 3) {
            return new Shape(values.length, 0, false);
        }
        double med = median(values);
        int outliers = 0;
        for (double v : values) {
            if (v > med * OUTLIER_FACTOR || v < med / OUTLIER_FACTOR) {
                outliers++;
            }
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        boolean clusters = false;
        for (int i = CLUSTER_MIN; i <= sorted.length - CLUSTER_MIN; i++) {
            double gap = sorted[i] / sorted[i - 1];
            double lowSpread = sorted[i - 1] / sorted[0];
            double highSpread = sorted[sorted.length - 1] / sorted[i];
            if (gap > CLUSTER_GAP && Math.log(gap) > CLUSTER_GAP_VS_SPREAD * Math.log(Math.max(lowSpread, highSpread))) {
                clusters = true;
            }
        }
        return new Shape(values.length, outliers, clusters);
    }

    public static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double[] finitePositive(double[] values) {
        return Arrays.stream(values).filter(v -> Double.isFinite(v) && v > 0).toArray();
    }

    /** Student-t quantile; the normal one for infinite df. */
    public static double tQuantile(double p, double df) {
        if (!Double.isFinite(df) || df > 1e7) {
            return new NormalDistribution().inverseCumulativeProbability(p);
        }
        return new TDistribution(null, df).inverseCumulativeProbability(p);
    }
}
