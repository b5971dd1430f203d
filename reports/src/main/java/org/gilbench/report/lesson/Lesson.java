package org.gilbench.report.lesson;

import java.util.List;

/**
 * One section of the report: one teaching point of the seed course, with its own analysis, chart(s),
 * table, paragraph and verdict. The report calls {@link #build} for every lesson registered in
 * {@link Lessons#ALL}, in that order, and numbers the sections consecutively.
 *
 * <h2>Adding a lesson</h2>
 * <ol>
 *   <li>Write {@code class MyLesson implements Lesson} in this package. {@link #build} reads what it
 *       needs from {@link Evidence} (measurements by benchmark/params, the CPU and I/O analyses, the
 *       machine, extra artifacts under the results folder) and returns a {@link Section}: Markdown
 *       text, charts (drawn later, each failure isolated), a {@link Verdict} with its reason, and the
 *       numbers for summary.json.</li>
 *   <li>Decide the verdict from intervals ({@link Rules} has the shared ones), with every threshold a
 *       named constant commented with why its value. When the cells are absent return
 *       {@link Verdict#NOT_MEASURED} with a reason naming them.</li>
 *   <li>Name the cells it reads in {@link #evidence()} and say its rule in {@link #rule()}, from the
 *       same constants; the methods section assembles every lesson's rule.</li>
 *   <li>Add one line to {@link Lessons#ALL}.</li>
 *   <li>Test every verdict branch with fixtures built by {@code JmhJson} (see the tests).</li>
 * </ol>
 */
public interface Lesson {

    /** The seed lesson this section tests (../shared/SEEDS.md: 1 GIL threads ... 6 event loop). */
    int number();

    /** A stable id for summary.json and scripts, e.g. {@code cpu-threads-under-gil}. */
    String id();

    /** The section title, without its number. */
    String title();

    /**
     * The cells this lesson reads, as the names the runner plans by ({@link PlanEntries}: its plan
     * entries, the GIL timeline step, the CPython cells). Data the runner can plan from; the lesson
     * still says "not measured" for whatever is missing.
     */
    List<String> evidence();

    /**
     * The models of the cells it needs from its {@link #evidence()} entries, when fewer than all: the runner's
     * {@code --lesson} then plans only those (a cell without a model param is always kept). Empty: every model.
     * A full run plans every lesson, so this narrows classroom runs only.
     */
    default List<String> models() {
        return List.of();
    }

    /**
     * The lesson's verdict rule in words, one Markdown list item's text for the report's methods
     * section, built from the same named thresholds the verdict uses (so the prose cannot drift).
     */
    String rule();

    /** Analyses the evidence and writes the section. Must not throw on missing data: say so instead. */
    Section build(Evidence evidence);

    /**
     * When this lesson is undecided (too-noisy) on {@code evidence}: the keys of the cells whose extra forks
     * would decide it, most decisive first (the widest contribution to the deciding interval first). The
     * runner gives those cells forks until the verdict's interval clears its threshold or the budget ends
     * (issue 18). Empty when decided, or when more forks cannot help (a missing or failed cell).
     */
    default List<String> deciding(Evidence evidence) {
        return List.of();
    }
}
