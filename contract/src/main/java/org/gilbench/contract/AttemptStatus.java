package org.gilbench.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How one fork of a cell ended, as the runner judged it; lower case in {@code cells.json}. */
public enum AttemptStatus {
    /** Measured with the machine quiet (or the noise watch unavailable). */
    OK,
    /** Measured, but other work used a core during it: usable, never confirming. */
    DISTURBED,
    /** Stopped at the cell's limit: no score. */
    TIMEOUT,
    /** The fork failed (a benchmark's own check, a crash, a bad configuration): no score. */
    FAILED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the attempt produced a score (ok or disturbed). */
    public boolean finished() {
        return this == OK || this == DISTURBED;
    }

    /** @throws IllegalArgumentException naming the bad label and the known ones */
    @JsonCreator
    public static AttemptStatus of(String label) {
        return Arrays.stream(values()).filter(s -> s.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown attempt status '" + label + "' (known: ok, disturbed, timeout, failed)"));
    }
}
