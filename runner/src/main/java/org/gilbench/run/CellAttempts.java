package org.gilbench.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.gilbench.contract.Attempt;
import org.gilbench.contract.AttemptStatus;

/**
 * The attempts of a {@link RunSession}: one fork of a cell at a time, on a thread of its own so that the
 * cell's time limit can stop it, watched for outside work ({@link NoiseWatch}), recorded in cells.json the
 * moment it ends, and reported in one console line. Used for the rounds and for re-measuring alike.
 * Closing it ends the cell thread.
 */
final class CellAttempts implements AutoCloseable {

    /** A timed-out fork gets this long to go after a polite stop, before it is killed. */
    static final long STOP_GRACE_MS = 2000;

    private final Console console;
    private final Path dir;
    private final Map<String, CellRunner> runners;
    private final CellsFile cells;
    private final Progress progress;
    /** experiment -> {estimated, measured} wall seconds, for machine.json and the summary. */
    private final Map<String, double[]> estimateVsWall;
    /** Why the noise watch cannot run here, or null when it can. */
    private final String noiseUnavailable;
    /** True once the interrupt hook stops the run: an attempt ending then is not recorded. */
    private final BooleanSupplier stopping;
    private ExecutorService executor = newExecutor();

    CellAttempts(Console console, Path dir, Map<String, CellRunner> runners, CellsFile cells, Progress progress,
                 Map<String, double[]> estimateVsWall, String noiseUnavailable, BooleanSupplier stopping) {
        this.console = console;
        this.dir = dir;
        this.runners = runners;
        this.cells = cells;
        this.progress = progress;
        this.estimateVsWall = estimateVsWall;
        this.noiseUnavailable = noiseUnavailable;
        this.stopping = stopping;
    }

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("gilbench-cell").daemon(true).unstarted(r));
    }

    /**
     * One fork of a cell, watched and bounded; recorded in cells.json and said on the console. Null when
     * interrupted.
     *
     * @param extra the re-measuring fork's number, or null for a round's attempt
     */
    Attempt run(Cell cell, int round, int attemptNo, Integer extra) {
        String name = extra != null ? "extra-" + extra + "/" + cell.id() + ".json"
                : "round-" + round + "/" + cell.id() + (attemptNo == 1 ? "" : "-attempt" + attemptNo) + ".json";
        Path rel = Path.of("jmh").resolve(name);
        Path file = dir.resolve(rel);
        CellRunner runner = runners.get(cell.runner());
        PrintStream log = console.log();
        log.println("== " + cell.key() + " round " + round + " attempt " + attemptNo + " -> " + rel);
        NoiseWatch.Span watch = begin();
        long t0 = System.nanoTime();
        AttemptStatus status;
        String message = null;
        CellRunner.Score score = null;
        try {
            Files.createDirectories(file.getParent());
            Future<CellRunner.Score> f = executor.submit(() -> runner.run(cell, file, log));
            try {
                score = f.get((long) (cell.limitSeconds() * 1000), TimeUnit.MILLISECONDS);
                status = AttemptStatus.OK;
            } catch (TimeoutException e) {
                Descendants.stop(STOP_GRACE_MS);
                f.cancel(true);
                awaitCellThread(f);
                status = AttemptStatus.TIMEOUT;
                message = "did not finish within " + Math.round(cell.limitSeconds()) + " s";
            } catch (ExecutionException e) {
                status = AttemptStatus.FAILED;
                message = RunSession.oneLine(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IOException e) {
            status = AttemptStatus.FAILED;
            message = RunSession.oneLine(e);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        if (stopping.getAsBoolean()) {
            return null;
        }
        Double cores = watch != null ? watch.end() : null;
        Double outside = cores != null ? RunSession.round2(cores) : null;
        if (status == AttemptStatus.OK && outside != null && NoiseWatch.disturbed(outside)) {
            status = AttemptStatus.DISTURBED;
            message = String.format("outside work used %.2f cores on average (threshold %.2f)", outside,
                    NoiseWatch.DISTURBED_CORES);
        }
        if (status == AttemptStatus.TIMEOUT || status == AttemptStatus.FAILED) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                console.warn("cannot delete " + file + ": " + e.getMessage());
            }
        }
        progress.record(cell.estimateSeconds(), wall);
        double[] ev = estimateVsWall.computeIfAbsent(cell.experiment(), k -> new double[2]);
        ev[0] += cell.estimateSeconds();
        ev[1] += wall;
        Attempt a = new Attempt(round, attemptNo, extra, score != null ? rel.toString() : null, status,
                CellsFile.round1(wall), outside, message, score != null ? score.score() : null,
                score != null ? score.unit() : null, score != null ? score.operations() : null);
        cells.add(cell.id(), a);
        cells.write(dir);
        report(a, score);
        return a;
    }

    private void report(Attempt a, CellRunner.Score score) {
        String outside = a.outsideCpuCores() == null ? "" : String.format("; outside %.2f core", a.outsideCpuCores());
        switch (a.status()) {
            case OK, DISTURBED -> console.say(String.format("      %s %s (%s) in %.1f s%s%s", RunSession.fmt(score.score()),
                    score.unit(), String.join(", ", score.operations().stream().map(RunSession::fmt).toList()),
                    a.wallSeconds(), outside, a.is(AttemptStatus.DISTURBED) ? " — DISTURBED" : ""));
            case TIMEOUT -> console.warn("cell stopped: " + a.message() + " (recorded as a timeout; the run goes on)");
            case FAILED -> console.warn("cell failed: " + a.message() + " (see run.log)");
        }
    }

    private void awaitCellThread(Future<?> f) throws InterruptedException {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            // expected: its fork was stopped
        } catch (TimeoutException e) {
            executor.shutdownNow();
            executor = newExecutor(); // the stuck thread is a daemon; the next cell gets a fresh one
        }
    }

    private NoiseWatch.Span begin() {
        if (noiseUnavailable != null) {
            return null;
        }
        try {
            return NoiseWatch.begin();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
