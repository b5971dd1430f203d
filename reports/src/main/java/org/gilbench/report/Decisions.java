package org.gilbench.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gilbench.report.lesson.Evidence;
import org.gilbench.report.lesson.Lesson;
import org.gilbench.report.lesson.Lessons;
import org.gilbench.report.lesson.Section;
import org.gilbench.report.read.ReportException;
import org.gilbench.report.read.ResultsFolder;

/**
 * The lessons' verdicts on a results folder as it stands, without charts or files: what the runner asks after
 * each round to know which cells to give extra forks (the report's own arithmetic, so the runner and the
 * report cannot disagree on what is decided).
 */
public final class Decisions {

    /** One lesson's state: its verdict and, when undecided, the cells that would decide it, most decisive first. */
    public record Decision(String lessonId, String verdict, String reason, List<String> deciding) {
        public boolean decided() {
            return verdict.equals("confirms") || verdict.equals("contradicts");
        }
    }

    /**
     * A system property of the report's JVM: comma-separated lesson ids, and the report writes only their
     * sections, each under its usual number (the runner's {@code --lesson} sets it); unset or empty, every lesson.
     */
    public static final String LESSONS_PROPERTY = "gilbench.lessons";

    private Decisions() {
    }

    /**
     * The decisions of {@code lessons} (ids; empty: every lesson) on the folder {@code dir}.
     *
     * @throws ReportException when the folder cannot be read
     */
    public static List<Decision> of(Path dir, List<String> lessons) throws ReportException {
        Evidence evidence = new Evidence(ResultsFolder.load(dir));
        List<Decision> out = new ArrayList<>();
        for (Lesson lesson : Lessons.ALL) {
            if (!lessons.isEmpty() && !lessons.contains(lesson.id())) {
                continue;
            }
            Section s;
            try {
                s = lesson.build(evidence);
            } catch (RuntimeException e) {
                out.add(new Decision(lesson.id(), "failed", "the lesson could not be built: " + e, List.of()));
                continue;
            }
            String verdict = s.verdict().label();
            List<String> deciding = verdict.equals("too-noisy") ? lesson.deciding(evidence) : List.of();
            out.add(new Decision(lesson.id(), verdict, s.reason(), deciding));
        }
        return out;
    }
}
