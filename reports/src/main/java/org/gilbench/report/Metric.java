package org.gilbench.report;

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
 */
record Metric(double score, double error, String unit, double[][] raw, long samples) {

    /** The mean of each fork: the independent unit when two runs are compared. */
    double[] forkMeans() {
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
    double[] allValues() {
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
