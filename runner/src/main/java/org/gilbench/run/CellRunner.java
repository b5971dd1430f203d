package org.gilbench.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures one attempt of one cell: one fresh process (a JMH fork, a CPython interpreter, ...) that writes
 * a JMH-format JSON result file. The run loop around it is the same for every kind: shuffling, the noise
 * watch, the time limit (it stops every descendant of this JVM), retries and cells.json. A runner for
 * another kind of cell implements this, and {@link RunBench#runners} maps the cells' {@link Cell#runner()}
 * name to it.
 */
public interface CellRunner {

    /**
     * Runs the cell once and writes its JMH-format JSON to {@code resultFile}. Blocks; may be interrupted
     * (the run loop stops its processes when the cell is past its limit or the user pressed Ctrl-C).
     *
     * @param log the run's log (run.log): everything the measured program prints goes there
     * @throws Exception with a one-line message when the cell failed
     */
    Score run(Cell cell, Path resultFile, PrintStream log) throws Exception;

    /** The fork's primary score, its unit, and the scores of its measured iterations (operations). */
    record Score(double score, String unit, List<Double> operations) {
    }
}
