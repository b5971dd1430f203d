package org.gilbench.report.analysis;

import java.util.Locale;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DiagonalMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * A weighted least-squares fit of a scalability law to measured speedups (Levenberg-Marquardt with
 * analytic gradients, weights 1 / se^2 from JMH's errors, parameters kept &gt;= 0).
 *
 * <ul>
 *   <li>Amdahl: S(n) = 1 / ((1 - p) + p / n); p = the parallel fraction.</li>
 *   <li>Universal Scalability Law: C(n) = n / (1 + sigma (n - 1) + kappa n (n - 1)); sigma = contention
 *       (queueing on a shared resource, e.g. a lock or the GIL), kappa = coherency (crosstalk, e.g.
 *       cache lines bouncing); a kappa &gt; 0 means a peak at n* = sqrt((1 - sigma) / kappa).</li>
 * </ul>
 *
 * <p>The standard errors are the unscaled ones ({@code Optimum.getSigma}): right when the weights are
 * real inverse variances, as here; chi^2/dof near 1 says the law and the errors agree, far above 1 says
 * the law does not describe the points (or the errors are too small). Only n &lt;= cores should be
 * fitted: oversubscribed points measure the scheduler, not the law.
 *
 * <p>The fitted time is T(n) = T1 / C(n) with T1 free: on speedups over serial that is S(n) = a C(n)
 * with a = T_serial / T1 fitted too, so a model whose one worker is slower than serial (forked-process
 * pays for its pipe) is not read as a misfit of the law.
 *
 * @param params  Amdahl: {p, a}; USL: {sigma, kappa, a}; a = the fitted speedup at one worker
 * @param errors  standard errors of {@code params}
 */
public record ScalingFit(Law law, double[] params, double[] errors, double chi2, int dof) {

    /** The fewest distinct worker counts a fit needs to say something (dof >= 1 for USL, 2 for Amdahl). */
    public static final int MIN_POINTS = 3;

    /** The normal 97.5% quantile: kappa's 95% interval must exclude 0 before a peak is claimed. */
    static final double KAPPA_Z = 1.959964;

    public enum Law {
        AMDAHL("Amdahl", 2),
        USL("USL", 3);

        public final String label;
        public final int parameterCount;

        Law(String label, int parameterCount) {
            this.label = label;
            this.parameterCount = parameterCount;
        }
    }

    public double predict(double n) {
        return scale() * (law == Law.AMDAHL ? amdahl(params[0], n) : usl(params[0], params[1], n));
    }

    /** The fitted speedup at one worker, T_serial / T1 (1 when the model costs nothing at n = 1). */
    public double scale() {
        return params[law.parameterCount - 1];
    }

    public double chi2PerDof() {
        return dof > 0 ? chi2 / dof : Double.NaN;
    }

    /** USL only: the n where capacity peaks, or +infinity when kappa is 0. */
    public double peak() {
        // Only when kappa's 95% interval excludes 0: a kappa within its error of 0 predicts no peak.
        if (law != Law.USL || params[1] - KAPPA_Z * errors[1] <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.sqrt(Math.max(0, 1 - params[0]) / params[1]);
    }

    /**
     * USL only: which term costs more at {@code n} workers: contention sigma (n - 1) or coherency
     * kappa n (n - 1).
     */
    public String dominantLimit(double n) {
        if (law != Law.USL) {
            return params[0] >= 0.999 ? "none visible" : "serial fraction";
        }
        double contention = params[0] * (n - 1);
        double coherency = params[1] * n * (n - 1);
        if (contention == 0 && coherency == 0) {
            return "none visible";
        }
        return contention >= coherency ? "contention" : "coherency";
    }

    /** "p = 0.947 ± 0.001, χ²/dof = 1.2"; a parameter held at its limit is marked (its ± is then rough). */
    public String describe() {
        String fmt = law == Law.AMDAHL
                ? String.format(Locale.ROOT, "p = %.4f ± %.4f%s", params[0], errors[0], atBound(params[0], true))
                : String.format(Locale.ROOT, "σ = %.4f ± %.4f%s, κ = %.5f ± %.5f%s", params[0], errors[0],
                        atBound(params[0], false), params[1], errors[1], atBound(params[1], false));
        return fmt + String.format(Locale.ROOT, ", T_serial / T₁ = %.3f ± %.3f, χ²/dof = %.2f (dof %d)", scale(),
                errors[law.parameterCount - 1], chi2PerDof(), dof);
    }

    private static String atBound(double value, boolean fraction) {
        return value == 0 || (fraction && value == 1) ? " (at its limit)" : "";
    }

    public static double amdahl(double p, double n) {
        return 1 / ((1 - p) + p / n);
    }

    public static double usl(double sigma, double kappa, double n) {
        return n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
    }

    /**
     * Fits {@code law} to speedups {@code s} with standard errors {@code se} at worker counts {@code n}.
     *
     * @return the fit, or null when the optimiser fails (the caller says so)
     */
    public static ScalingFit fit(Law law, double[] n, double[] s, double[] se) {
        int m = n.length;
        if (m <= law.parameterCount) {
            return null;  // no degrees of freedom left: the law would pass through every point
        }
        double[] weights = new double[m];
        for (int i = 0; i < m; i++) {
            weights[i] = 1 / (se[i] * se[i]);
        }
        MultivariateJacobianFunction model = point -> {
            double[] p = point.toArray();
            double[] value = new double[m];
            double[][] jacobian = new double[m][law.parameterCount];
            for (int i = 0; i < m; i++) {
                double a = p[law.parameterCount - 1];
                if (law == Law.AMDAHL) {
                    double d = (1 - p[0]) + p[0] / n[i];
                    value[i] = a / d;
                    jacobian[i][0] = a * (1 - 1 / n[i]) / (d * d);
                    jacobian[i][1] = 1 / d;
                } else {
                    double d = 1 + p[0] * (n[i] - 1) + p[1] * n[i] * (n[i] - 1);
                    value[i] = a * n[i] / d;
                    jacobian[i][0] = -a * n[i] * (n[i] - 1) / (d * d);
                    jacobian[i][1] = -a * n[i] * n[i] * (n[i] - 1) / (d * d);
                    jacobian[i][2] = n[i] / d;
                }
            }
            return new Pair<RealVector, org.apache.commons.math3.linear.RealMatrix>(
                    new ArrayRealVector(value, false), new Array2DRowRealMatrix(jacobian, false));
        };
        double[] start = law == Law.AMDAHL ? new double[] {0.9, 1} : new double[] {0.05, 0.001, 1};
        try {
            LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(
                    new LeastSquaresBuilder()
                            .model(model)
                            .target(s)
                            .start(start)
                            .weight(new DiagonalMatrix(weights))
                            .parameterValidator(v -> clamp(law, v))
                            .maxEvaluations(10_000)
                            .maxIterations(10_000)
                            .build());
            double[] params = optimum.getPoint().toArray();
            double[] errors = optimum.getSigma(1e-14).toArray();
            return new ScalingFit(law, params, errors, optimum.getCost() * optimum.getCost(), m - law.parameterCount);
        } catch (RuntimeException e) {
            // TooManyEvaluations, singular matrix: the points do not determine the law.
            return null;
        }
    }

    /** Keeps the parameters physical: 0 <= p <= 1, sigma and kappa >= 0. */
    private static RealVector clamp(Law law, RealVector v) {
        double[] p = v.toArray();
        p[0] = law == Law.AMDAHL ? Math.min(1, Math.max(0, p[0])) : Math.max(0, p[0]);
        if (law == Law.USL) {
            p[1] = Math.max(0, p[1]);
        }
        p[law.parameterCount - 1] = Math.max(1e-6, p[law.parameterCount - 1]);
        return new ArrayRealVector(p, false);
    }
}
