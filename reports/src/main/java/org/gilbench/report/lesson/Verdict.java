package org.gilbench.report.lesson;

/**
 * What a run's numbers say about one seed lesson, decided from intervals, never from point estimates
 * alone. The rules per lesson are in each lesson's class and in the report's "How the numbers were
 * computed" section.
 */
public enum Verdict {
    /** The deciding interval lies wholly on the lesson's side of its threshold. */
    CONFIRMS("confirms"),
    /** The deciding interval lies wholly on the other side. */
    CONTRADICTS("contradicts"),
    /** The interval straddles the threshold, is missing, or rests on a fallback cell. */
    TOO_NOISY("too-noisy"),
    /** The cells the rule needs were not measured (or did not finish). */
    NOT_MEASURED("not-measured");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** The name in report.md and summary.json. */
    public String label() {
        return label;
    }
}
