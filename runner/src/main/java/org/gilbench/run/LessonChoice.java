package org.gilbench.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.gilbench.report.lesson.Lesson;
import org.gilbench.report.lesson.Lessons;

/**
 * {@code --lesson N[,M...]}: the lessons a classroom run measures, and the plan entries they read
 * ({@link Lesson#evidence()}).
 *
 * <p>A number is a <em>seed lesson</em> number (../shared/SEEDS.md, summary.json's {@code lesson}, the report's
 * "seed lesson" column: 1 GIL threads, 2 processes, 3 sleeps, 4 switching, 5 shared state and messages, 6 the
 * event loop) and selects every section serving it; an id ({@code cpu-threads-under-gil}) selects one
 * section. Seed numbers, not the report's section numbers, because the sections are renumbered whenever a
 * lesson is added to {@link Lessons#ALL}, while the seed lessons stay.
 */
record LessonChoice(List<Lesson> lessons) {

    LessonChoice {
        lessons = List.copyOf(lessons);
    }

    /** Parses {@code --lesson}'s value; bad input: IllegalArgumentException naming it and the allowed values. */
    static LessonChoice parse(String list) {
        if (list == null || list.isBlank() || list.startsWith(",") || list.endsWith(",") || list.contains(",,")) {
            throw new IllegalArgumentException("bad --lesson list '" + list + "' (expected e.g. 1 or 1,4 or "
                    + Lessons.ALL.get(0).id() + "; " + allowed() + ")");
        }
        Set<Lesson> chosen = new LinkedHashSet<>();
        for (String item : list.split(",")) {
            String t = item.trim();
            List<Lesson> match = Lessons.ALL.stream()
                    .filter(l -> t.equals(l.id()) || t.equals(String.valueOf(l.number()))).toList();
            if (match.isEmpty()) {
                throw new IllegalArgumentException("unknown lesson '" + t + "' in --lesson (" + allowed() + ")");
            }
            chosen.addAll(match);
        }
        // Report order, whatever order they were given in.
        return new LessonChoice(Lessons.ALL.stream().filter(chosen::contains).toList());
    }

    /** The allowed values in one line: the seed numbers, then the ids. */
    static String allowed() {
        TreeSet<Integer> numbers = new TreeSet<>();
        Lessons.ALL.forEach(l -> numbers.add(l.number()));
        return "seed lesson numbers " + String.join(", ", numbers.stream().map(String::valueOf).toList())
                + " or ids " + String.join(", ", ids(Lessons.ALL));
    }

    static List<String> ids(List<Lesson> lessons) {
        return lessons.stream().map(Lesson::id).toList();
    }

    List<String> ids() {
        return ids(lessons);
    }

    /** The plan entries, CPython benchmarks and steps (the GIL timeline) these lessons read. */
    Set<String> evidence() {
        Set<String> out = new LinkedHashSet<>();
        lessons.forEach(l -> out.addAll(l.evidence()));
        return out;
    }

    /**
     * Whether a cell is read by these lessons: its plan entry is in a lesson's evidence (Java cells), or its
     * benchmark is ({@code cpython.prime-check}: one plan entry per interpreter holds every CPython cell), and
     * its model is among that lesson's {@link Lesson#models()} (when it names some).
     */
    boolean needs(Cell cell) {
        return lessons.stream().anyMatch(l -> needs(l, cell));
    }

    /** One lesson's rule: the entry (or CPython benchmark) is in its evidence, and the model among its models. */
    private static boolean needs(Lesson lesson, Cell cell) {
        List<String> e = lesson.evidence();
        if (!e.contains(cell.experiment()) && !e.contains(cell.benchmark())) {
            return false;
        }
        String model = cell.params().get("model");
        return lesson.models().isEmpty() || model == null || lesson.models().contains(model);
    }

    /** The plan without the cells these lessons do not read; each left-out entry named once. */
    Plan restrict(Plan plan) {
        List<Cell> kept = new ArrayList<>();
        Set<String> dropped = new LinkedHashSet<>();
        for (Cell c : plan.cells()) {
            if (needs(c)) {
                kept.add(c);
            } else {
                dropped.add(c.experiment().startsWith("cpython-") ? c.benchmark() + " (" + c.experiment() + ")" : c.experiment());
            }
        }
        // The plan's own left-out lines start with their entry's name: only those of the entries read here.
        Set<String> e = evidence();
        List<String> leftOut = new ArrayList<>(plan.leftOut().stream()
                .filter(l -> e.stream().anyMatch(name -> l.startsWith(name + " ") || l.startsWith(name + ":"))).toList());
        if (!dropped.isEmpty()) {
            leftOut.add("not read by --lesson " + String.join(",", ids()) + ": " + String.join(", ", dropped));
        }
        return new Plan(plan.selection(), kept, leftOut, plan.notes());
    }
}
