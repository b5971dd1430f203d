package org.gilbench.workload;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Gil;
import org.gilbench.model.GilThreadState;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;

/**
 * {@code responsive-loop}: seed 001:276-361's tkinter window, headless. A loop ticks every
 * {@link #FRAME_MILLIS} ms (a frame; a GUI's event loop); at frame {@link #START_FRAME} a "click" starts a
 * CPU-bound job (count-loop's {@code calc()}), and what a user feels is how late the frames come while it
 * runs. The seed's blocking handler runs {@code time.sleep(10)} on the GUI thread (the window freezes);
 * its fix starts a thread. Here the job, by {@link Job}:
 * <ul>
 *   <li>{@code none}: no job, the loop's own lateness (the baseline, ~0.1 ms);</li>
 *   <li>{@code same-thread}: the handler runs the job itself: every frame due meanwhile comes when the job
 *       is done, up to the job's length late — the frozen window;</li>
 *   <li>{@code thread}: another platform thread, no GIL: the loop stays on time (a core each);</li>
 *   <li>{@code gil-thread}: another thread under an emulated {@link Gil}, the loop thread under the same
 *       GIL: each tick must take the GIL back from the job after its wait, which takes a switch interval
 *       (5 ms) — the convoy (lesson 4) as a user feels it, a third of a frame late every frame, as a
 *       CPython GUI with a CPU-bound worker thread is;</li>
 *   <li>{@code process}: a child JVM ({@code forked-process}, started when the loop is opened): its own
 *       core and no shared GIL, on time again.</li>
 * </ul>
 * The lateness of a frame is the time between its deadline (start + k x 16 ms) and when the loop got to
 * it; the statistics cover the frames whose deadline fell while the job ran. The job's count is
 * verified, and its thread or child never outlives {@link #close()}.
 *
 * <p>Leaves out: a real GUI toolkit, events other than the ticks, and the time a frame would spend
 * drawing (the loop's frames do no work: the lateness is all waiting).
 */
public final class ResponsiveLoop implements AutoCloseable {

    public static final String NAME = "responsive-loop";
    /** A 60 Hz frame. */
    public static final long FRAME_MILLIS = 16;
    /** The click comes at frame 5, once the loop runs steadily. */
    public static final int START_FRAME = 5;
    /** 40 frames: 640 ms a run, room for a ~0.3 s job and the frames after it. */
    public static final int DEFAULT_FRAMES = 40;
    /** ~0.2 s of calc() on a quiet reference machine (~2 ns an iteration), 0.3–0.5 s on a busy one. */
    public static final long DEFAULT_JOB_ITERATIONS = 100_000_000L;
    /** A job that has not finished this long after the last frame is a failure. */
    static final Duration JOB_WAIT = Duration.ofSeconds(60);

    /** Where the click handler's job runs. */
    public enum Job {
        NONE("none"), SAME_THREAD("same-thread"), THREAD("thread"), GIL_THREAD("gil-thread"), PROCESS("process");

        private final String label;

        Job(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** @throws IllegalArgumentException naming the bad value and the allowed ones */
        public static Job named(String label) {
            return Labels.named(values(), Job::label, "responsive-loop job", label);
        }
    }

    /**
     * One run, verified.
     *
     * @param lateness  each frame's lateness during the job, ns, sorted (all frames after the click for none)
     * @param jobNanos  from the click to the job's end (0 for none)
     */
    public record Outcome(long[] lateness, long jobNanos) {

        /** The p-th percentile of the lateness in ms (JMH's estimator: position p (n + 1) / 100). */
        public double percentileMillis(double p) {
            if (lateness.length == 0) {
                return 0;
            }
            double pos = p * (lateness.length + 1) / 100.0;
            if (pos < 1) {
                return lateness[0] / 1e6;
            }
            if (pos >= lateness.length) {
                return lateness[lateness.length - 1] / 1e6;
            }
            int lower = (int) Math.floor(pos);
            double frac = pos - lower;
            return (lateness[lower - 1] + frac * (lateness[lower] - lateness[lower - 1])) / 1e6;
        }

        public double maxMillis() {
            return lateness.length == 0 ? 0 : lateness[lateness.length - 1] / 1e6;
        }
    }

    private final Job job;
    private final int frames;
    private final long jobIterations;
    private final Gil gil;
    private final ExecutionModel processes;

    /**
     * Opens the loop: for {@code process}, starts its child JVM now (outside any measurement).
     *
     * @param intervalMicros the GIL's switch interval ({@code gil-thread}; CPython's default 5000)
     * @throws IllegalArgumentException for frames not in START_FRAME + 2..100000, iterations < 1, or a bad interval
     */
    public ResponsiveLoop(Job job, int frames, long jobIterations, long intervalMicros) {
        if (frames < START_FRAME + 2 || frames > 100_000) {
            throw new IllegalArgumentException("responsive-loop: frames must be in " + (START_FRAME + 2)
                    + "..100000, got " + frames);
        }
        if (jobIterations < 1) {
            throw new IllegalArgumentException("responsive-loop: job iterations must be >= 1, got " + jobIterations);
        }
        if (intervalMicros < 1 || intervalMicros > 10_000_000) {
            throw new IllegalArgumentException("responsive-loop: interval must be in 1..10000000 µs, got " + intervalMicros);
        }
        this.job = job;
        this.frames = frames;
        this.jobIterations = jobIterations;
        this.gil = job == Job.GIL_THREAD ? new Gil(Gil.Mode.INTERVAL, intervalMicros, TimeUnit.MICROSECONDS, Gil.DEFAULT_TICKS) : null;
        this.processes = job == Job.PROCESS ? Model.FORKED_PROCESS.open(ModelSpec.of(1)) : null;
    }

    public String describe() {
        return NAME + "(job=" + job.label() + ", frames=" + frames + ", job iterations=" + jobIterations
                + (gil != null ? ", " + gil.describe() : "") + ")";
    }

    /** Runs the loop once: {@code frames} frames, the job clicked at frame 5; waits for the job and checks it. */
    public Outcome run() throws InterruptedException, ExecutionException {
        GilThreadState loopState = gil != null ? gil.newThreadState("loop") : null;
        Interpreter loop = loopState != null ? loopState : Interpreter.FREE;
        if (loopState != null) {
            loopState.attach();
        }
        Background background = null;
        long[] due = new long[frames];
        long[] reached = new long[frames];
        long jobStart = 0;
        long jobEnd = Long.MAX_VALUE;
        try {
            long start = System.nanoTime();
            for (int k = 0; k < frames; k++) {
                due[k] = start + k * FRAME_MILLIS * 1_000_000L;
                waitUntil(due[k], loop);
                reached[k] = System.nanoTime();
                if (k == START_FRAME && job != Job.NONE) {
                    jobStart = System.nanoTime();
                    if (job == Job.SAME_THREAD) {
                        check(CountLoop.calc(jobIterations, loop)); // the handler blocks the loop
                        jobEnd = System.nanoTime();
                    } else {
                        background = new Background();
                    }
                }
                loop.poll();
            }
            if (background != null) {
                jobEnd = background.await(loop);
            }
        } finally {
            if (background != null) {
                background.stop();
            }
            if (loopState != null) {
                loopState.detach();
            }
        }
        return outcome(due, reached, jobStart, job == Job.NONE ? 0 : jobEnd);
    }

    private Outcome outcome(long[] due, long[] reached, long jobStart, long jobEnd) {
        long[] late = new long[frames];
        int n = 0;
        for (int k = START_FRAME + 1; k < frames; k++) {
            boolean duringJob = job == Job.NONE || (due[k] >= jobStart && due[k] <= jobEnd);
            if (duringJob) {
                late[n++] = Math.max(0, reached[k] - due[k]);
            }
        }
        long[] lateness = Arrays.copyOf(late, n);
        Arrays.sort(lateness);
        return new Outcome(lateness, job == Job.NONE ? 0 : jobEnd - jobStart);
    }

    private void check(long count) {
        if (count != jobIterations) {
            throw new IllegalStateException(NAME + ": the job counted " + count + ", expected " + jobIterations);
        }
    }

    /** Parks until {@code deadline}; a blocking call, so a GIL is released meanwhile and taken back after. */
    private static void waitUntil(long deadline, Interpreter in) throws InterruptedException {
        if (deadline - System.nanoTime() <= 0) {
            return; // already late: no wait, and no GIL hand-off
        }
        in.beforeBlocking();
        try {
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            in.afterBlocking();
        }
    }

    /** The job off the loop's thread: a platform thread ({@code gilbench-responsive-job}). */
    private final class Background {
        private final Thread thread;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile long end;

        Background() {
            thread = Thread.ofPlatform().daemon(true).name(ThreadNames.PREFIX + "responsive-job").unstarted(this::work);
            thread.start();
        }

        private void work() {
            try {
                switch (job) {
                    case THREAD -> check(CountLoop.calc(jobIterations, Interpreter.FREE));
                    case GIL_THREAD -> {
                        GilThreadState state = gil.newThreadState("job");
                        state.attach();
                        try {
                            check(CountLoop.calc(jobIterations, state));
                        } finally {
                            state.detach();
                        }
                    }
                    case PROCESS -> check(processes.run(List.of(new CountLoop.Calc(0, jobIterations)))[0]);
                    default -> throw new IllegalStateException("no background job for " + job);
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                end = System.nanoTime();
            }
        }

        /** Waits for the job (a blocking call for the loop's GIL); returns when it ended. */
        long await(Interpreter loop) throws InterruptedException, ExecutionException {
            loop.beforeBlocking();
            try {
                thread.join(JOB_WAIT.toMillis());
            } finally {
                loop.afterBlocking();
            }
            if (thread.isAlive()) {
                throw new IllegalStateException(NAME + ": the " + job.label() + " job still runs "
                        + JOB_WAIT.toSeconds() + " s after the last frame");
            }
            Throwable t = failure.get();
            if (t != null) {
                throw new ExecutionException(NAME + ": the " + job.label() + " job failed: " + t, t);
            }
            return end;
        }

        /** On a failure of the loop: ends the job (closing the GIL stops a GIL thread), bounded. */
        void stop() throws InterruptedException {
            if (!thread.isAlive()) {
                return;
            }
            if (gil != null) {
                gil.close();
            }
            thread.interrupt();
            thread.join(JOB_WAIT.toMillis());
        }
    }

    /** Closes the child JVM of {@code process} and the GIL. */
    @Override
    public void close() {
        if (gil != null) {
            gil.close();
        }
        if (processes != null) {
            processes.close();
        }
    }
}
