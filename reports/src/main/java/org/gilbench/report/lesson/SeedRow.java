package org.gilbench.report.lesson;

import org.gilbench.contract.Estimate;

/**
 * One experiment of the seed chapters in the report's seeds table and summary.json's {@code "seeds"}: which
 * seed program it is, where this run measures it, and where the chapters publish a number, theirs beside
 * this machine's. A lesson adds the rows of the experiments it shows ({@link Section#seed}); an id no lesson
 * measured is listed as not measured, with the reason.
 *
 * @param id          one of {@link SeedIds#ALL}
 * @param seeds       seed file(s) and lines as ../shared/SEEDS.md cites them, e.g. "seed 002:377-397"
 * @param description one line: what the chapter does and what this run measures
 * @param measured    whether this run measured it; {@code reason} says why not
 * @param reason      why it was not measured ("" when it was)
 * @param published   the chapter's number, or null when the chapter publishes none
 * @param here        this run's comparable figure, or null
 * @param scaling     how {@code here} compares with {@code published} when the work differs (the scale, the
 *                    machine), "" when it does not
 */
public record SeedRow(String id, String seeds, String description, boolean measured, String reason,
                      Published published, Here here, String scaling) {

    public SeedRow {
        if (!SeedIds.ALL.contains(id)) {
            throw new IllegalArgumentException("seed id '" + id + "' unknown (known: " + String.join(", ", SeedIds.ALL) + ")");
        }
        reason = reason == null ? "" : reason;
        scaling = scaling == null ? "" : scaling;
    }

    /** A number the chapter publishes: its value, unit, and the author's machine as the chapter names it. */
    public record Published(double value, String unit, String machine) {
    }

    /** This run's figure with its interval. */
    public record Here(Estimate value, String unit) {
    }

    /** A measured experiment without a published number. */
    public static SeedRow measured(String id, String seeds, String description) {
        return new SeedRow(id, seeds, description, true, "", null, null, "");
    }

    /** A measured experiment with the chapter's number and this run's. */
    public static SeedRow compared(String id, String seeds, String description, Published published, Here here,
                                   String scaling) {
        return new SeedRow(id, seeds, description, here != null, here != null ? "" : "no comparable cell in this run",
                published, here, scaling);
    }

    /** An experiment the lesson shows but this run did not measure. */
    public static SeedRow notMeasured(String id, String seeds, String description, String reason) {
        return new SeedRow(id, seeds, description, false, reason, null, null, "");
    }
}
