package org.gilbench.report;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * A value with its standard error and degrees of freedom, so that intervals on derived quantities
 * (speedups, ratios) use the right Student-t quantile.
 *
 * @param se  standard error; NaN when unknown (JMH had too few samples)
 * @param df  degrees of freedom of {@code se}; may be fractional (Welch-Satterthwaite)
 */
record Estimate(double value, double se, double df) {

    /** JMH's {@code scoreError} is the half-width of a 99.9% interval: t(0.9995, n-1) x se. */
    static final double JMH_CONFIDENCE = 0.999;

    /** The level of every interval the report prints. */
    static final double REPORT_CONFIDENCE = 0.95;

    /**
     * The standard error JMH's score error implies: undo its t factor. With "NaN" errors (2 or fewer
     * samples) falls back to the raw data when there are 2 values, else the error stays unknown.
     */
    static Estimate of(Metric m) {
        long n = m.samples();
        if (Double.isFinite(m.error()) && n >= 2) {
            return new Estimate(m.score(), m.error() / tQuantile(1 - (1 - JMH_CONFIDENCE) / 2, n - 1), n - 1);
        }
        double[] values = m.allValues();
        if (values.length >= 2) {
            double mean = 0;
            for (double v : values) {
                mean += v;
            }
            mean /= values.length;
            double ss = 0;
            for (double v : values) {
                ss += (v - mean) * (v - mean);
            }
            double sd = Math.sqrt(ss / (values.length - 1));
            return new Estimate(m.score(), sd / Math.sqrt(values.length), values.length - 1);
        }
        return new Estimate(m.score(), Double.NaN, Double.NaN);
    }

    static Estimate exact(double value) {
        return new Estimate(value, 0, Double.POSITIVE_INFINITY);
    }

    boolean hasError() {
        return Double.isFinite(se) && df > 0;
    }

    double relativeSe() {
        return se / Math.abs(value);
    }

    /** Half-width of the {@link #REPORT_CONFIDENCE} interval; NaN when the error is unknown. */
    double halfWidth() {
        return halfWidth(REPORT_CONFIDENCE);
    }

    double halfWidth(double level) {
        if (!hasError()) {
            return Double.NaN;
        }
        if (se == 0) {
            return 0;
        }
        return tQuantile(1 - (1 - level) / 2, df) * se;
    }

    double low() {
        return value - halfWidth();
    }

    double high() {
        return value + halfWidth();
    }

    /**
     * {@code this / other} by the delta method: relative variances add, and the degrees of freedom come
     * from Welch-Satterthwaite, so a ratio of two short JMH runs gets a wide enough interval.
     */
    Estimate dividedBy(Estimate other) {
        double r = value / other.value;
        if (!hasError() || !other.hasError()) {
            return new Estimate(r, Double.NaN, Double.NaN);
        }
        double a = relativeSe() * relativeSe();
        double b = other.relativeSe() * other.relativeSe();
        double se = Math.abs(r) * Math.sqrt(a + b);
        return new Estimate(r, se, welchSatterthwaite(a, df, b, other.df));
    }

    /** This estimate times an exact constant (efficiency = speedup / workers). */
    Estimate times(double k) {
        return new Estimate(value * k, se * Math.abs(k), df);
    }

    /** Welch-Satterthwaite degrees of freedom of a sum of two variances with their own df. */
    static double welchSatterthwaite(double varA, double dfA, double varB, double dfB) {
        double num = (varA + varB) * (varA + varB);
        double den = (dfA > 0 && Double.isFinite(dfA) ? varA * varA / dfA : 0)
                + (dfB > 0 && Double.isFinite(dfB) ? varB * varB / dfB : 0);
        return den == 0 ? Double.POSITIVE_INFINITY : num / den;
    }

    /** Student-t quantile; the normal one for infinite df. */
    static double tQuantile(double p, double df) {
        if (!Double.isFinite(df) || df > 1e7) {
            return new org.apache.commons.math3.distribution.NormalDistribution().inverseCumulativeProbability(p);
        }
        return new TDistribution(null, df).inverseCumulativeProbability(p);
    }
}
