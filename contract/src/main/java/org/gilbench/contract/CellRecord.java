package org.gilbench.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One planned cell in {@code cells.json} and every attempt at it.
 *
 * @param key         {@link CellKey#of}: the name the report finds the cell's JMH results by
 * @param id          file-name-safe id, unique in the plan, e.g. {@code prime-check-thread-pool-w2}
 * @param entry       the plan entry the cell comes from, as lessons name their evidence ({@code prime-check};
 *                    a CPython cell: its interpreter's entry, {@code cpython-3.11.7}); absent in folders written
 *                    before it was recorded
 * @param params      every param, defaults included, sorted by name
 * @param estimateSeconds the plan's estimate of one attempt
 * @param limitSeconds    how long an attempt may run before it is stopped (a timeout)
 * @param unsure      why the runner still judged the cell unsure when the run ended (absent: sure, or not judged)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CellRecord(String key, String id, String entry, String benchmark, Map<String, String> params, double estimateSeconds,
                         double limitSeconds, List<Attempt> attempts, String unsure) {

    public CellRecord {
        attempts = attempts == null ? new java.util.ArrayList<>() : attempts;
        params = params == null ? Map.of() : params;
    }

    /** Whether some attempt produced a score. */
    public boolean finished() {
        return attempts.stream().anyMatch(a -> a.status() != null && a.status().finished());
    }

    /** The last failure's message when no attempt finished and one failed or timed out. */
    public Optional<Attempt> lastFailure() {
        if (finished()) {
            return Optional.empty();
        }
        return attempts.stream().filter(a -> a.is(AttemptStatus.FAILED) || a.is(AttemptStatus.TIMEOUT))
                .reduce((a, b) -> b);
    }

    public boolean anyDisturbed() {
        return attempts.stream().anyMatch(a -> a.is(AttemptStatus.DISTURBED));
    }

    public CellRecord withUnsure(String reason) {
        return new CellRecord(key, id, entry, benchmark, params, estimateSeconds, limitSeconds, attempts, reason);
    }
}
