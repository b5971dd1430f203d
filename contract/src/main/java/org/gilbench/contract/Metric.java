package org.gilbench.contract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One JMH metric (the primary score or a secondary one such as {@code cpu.util}) as read from the JSON.
 *
 * @param score    JMH's score (for the primary metric already in ms/op, see {@link Units})
 * @param error    JMH's {@code scoreError}: half-width of a 99.9% Student-t interval over all samples;
 *                 NaN when JMH had too few samples (it writes {@code "NaN"} for 2 or fewer)
 * @param unit     the unit after normalisation ({@code ms/op} for times, as written otherwise)
 * @param raw      per fork, the value of each measurement iteration (in sample mode, the mean of each
 *                 iteration's histogram); empty when the JSON had none
 * @param samples  the number of samples behind {@code error}: iterations x forks, or the histogram count
 * @param disturbed true when the runner marked every attempt behind it {@code disturbed} (cells.json)
 */
public record Metric(double score, double error, String unit, double[][] raw, long samples, boolean disturbed) {

    /** A metric from one undisturbed JMH result. */
    public Metric(double score, double error, String unit, double[][] raw, long samples) {
        this(score, error, unit, raw, samples, false);
    }

    /**
     * Several results of one cell (rounds, re-measured attempts) as one metric: their forks side by
     * side; the score is the mean of every value (JMH's definition), the error is unknown (the report
     * computes its intervals from the raw data).
     */
    public static Metric pooled(List<Metric> parts, boolean disturbed) {
        if (parts.size() == 1) {
            Metric m = parts.get(0);
            return new Metric(m.score, m.error, m.unit, m.raw, m.samples, disturbed);
        }
        List<double[]> forks = new ArrayList<>();
        long samples = 0;
        double sum = 0;
        int n = 0;
        for (Metric m : parts) {
            forks.addAll(Arrays.asList(m.raw));
            samples += m.samples;
            for (double v : m.allValues()) {
                sum += v;
                n++;
            }
        }
        double score = n > 0 ? sum / n : parts.get(0).score;
        return new Metric(score, Double.NaN, parts.get(0).unit, forks.toArray(new double[0][]), samples, disturbed);
    }

    /** The mean of each fork: the independent unit when two runs are compared. */
    public double[] forkMeans() {
        double[] means = new double[raw.length];
        for (int f = 0; f < raw.length; f++) {
            double sum = 0;
            for (double v : raw[f]) {
                sum += v;
            }
            means[f] = raw[f].length == 0 ? Double.NaN : sum / raw[f].length;
        }
        return means;
    }

    /** Every iteration value of every fork, in one array. */
    public double[] allValues() {
        int n = 0;
        for (double[] fork : raw) {
            n += fork.length;
        }
        double[] all = new double[n];
        int i = 0;
        for (double[] fork : raw) {
            for (double v : fork) {
                all[i++] = v;
            }
        }
        return all;
    }
}
