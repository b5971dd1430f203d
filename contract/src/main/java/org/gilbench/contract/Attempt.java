package org.gilbench.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One fork of one cell in {@code cells.json}.
 *
 * @param round      1..rounds for the planned rounds; rounds + k for the k-th extra fork ({@code extra} = k)
 * @param attempt    1 for the round's measurement, 2-3 for a disturbed one measured again
 * @param extra      k for the k-th extra fork given by re-measuring, absent for a planned round
 * @param file       the JMH JSON, relative to the results folder (absent for a timeout or failure)
 * @param status     how it ended
 * @param wallSeconds the attempt's wall time, fork start included
 * @param outsideCpuCores mean cores used outside the run during the attempt (absent: not watched)
 * @param message    the first line of the error of a failed or timed-out attempt
 * @param score      JMH's primary score of the fork, in {@code unit}
 * @param operations the fork's measured operations' scores (what the estimator reads)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Attempt(int round, int attempt, Integer extra, String file, AttemptStatus status, double wallSeconds,
                      Double outsideCpuCores, String message, Double score, String unit, List<Double> operations) {

    public boolean is(AttemptStatus s) {
        return status == s;
    }
}
