package org.gilbench.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import org.gilbench.workload.Task;

/**
 * {@code forked-process}: tasks run in child JVMs — the seeds' {@code multiprocessing}. Java cannot
 * fork(), so a process is a fresh JVM on this JVM's own {@code java.home} and class path, running
 * {@link Child}; tasks and answers travel over its stdin and stdout in a compact binary
 * {@link Protocol}.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code start=pool} (default), the seeds' {@code ProcessPoolExecutor(workers)} / {@code Pool}:
 *       {@code workers} long-lived children started when the model opens (outside any measurement; the
 *       time is counted in {@code process.start-ns}); tasks are dealt one at a time to whichever child is
 *       idle, like {@code map} with chunksize 1, which balances the very uneven prime tasks.
 *       {@code start=per-task}, the seeds' {@code Process} per slice: a fresh child for every task, at
 *       most {@code workers} at once, its start-up and exit inside {@link #run}.</li>
 *   <li>{@code child-model=serial} (default) or {@code gil-emulated}: the interpreter each child runs its
 *       tasks in, opened with one worker — with {@code gil-emulated}, every child has its own GIL, which
 *       is what multiprocessing buys in CPython.</li>
 *   <li>{@code task-timeout-s} (default 600): a child silent for longer on one task is killed and the
 *       task fails. {@code jvm=lean|default} and {@code cache=auto|off}: the child's start-up flags and
 *       AOT cache ({@link ChildCommand}).</li>
 * </ul>
 *
 * <p>Data goes where it would in Python: a range-sum {@code Slice} ships its elements (8 bytes each),
 * as {@code Process(args=(number_list[i:j],))} pickles the slice. Counters: {@code process.starts},
 * {@code process.start-ns}, {@code process.bytes-sent}, {@code process.bytes-received},
 * {@code process.child-cpu-ns} (CPU the children report with every answer, start-up included).
 *
 * <p>Left out: fork()'s copy-on-write sharing (a child JVM shares nothing with its parent, like
 * Python's "spawn" start method, the default on macOS and Windows); pickling of arbitrary functions
 * (only the workload tasks have a compact form; other {@code Serializable} tasks use Java serialization);
 * chunked {@code map} (chunksize &gt; 1).
 *
 * <p>No child outlives the model: {@link #close()} ends them; a shutdown hook kills them on SIGINT or
 * SIGTERM of this JVM; and if this JVM dies without hooks (SIGKILL), each child sees end of stdin and
 * exits by itself.
 */
final class ForkedProcess implements ExecutionModel {

    static final String NAME = Model.FORKED_PROCESS_NAME;
    static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofSeconds(600);
    /** Generous: a child JVM starts in ~50 ms, but on a loaded 2-core machine, with 8 at once... */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final int workers;
    private final boolean perTask;
    private final String childModel;
    private final Duration taskTimeout;
    private final boolean lean;
    private final ChildCommand command;
    private final ChildJvm.Counters counters = new ChildJvm.Counters();
    /** The warm pool: slot w belongs to dispatcher w during a run; null or broken slots are restarted. */
    private final AtomicReferenceArray<ChildJvm> slots;
    /** Every child alive or being started, for close(), interrupts and the shutdown hook. */
    private final Set<ChildJvm> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger started = new AtomicInteger();
    private final ExecutorService dispatchers;
    private final ScheduledExecutorService watchdog;
    private final Thread shutdownHook;
    /** One run at a time: the children's pipes carry one conversation each. */
    private final ReentrantLock runLock = new ReentrantLock();
    private volatile boolean closed;

    ForkedProcess(ModelSpec spec) {
        spec.requireOnly(NAME, Set.of("start", "child-model", "task-timeout-s", "jvm", "cache"));
        this.workers = spec.workers();
        this.perTask = spec.choice("start", "pool", Set.of("pool", "per-task")).equals("per-task");
        this.childModel = spec.choice("child-model", Model.SERIAL_NAME, Set.of(Model.SERIAL_NAME, Model.GIL_EMULATED_NAME));
        this.taskTimeout = Duration.ofSeconds(spec.number("task-timeout-s", DEFAULT_TASK_TIMEOUT.toSeconds(), 1, 86_400));
        this.lean = spec.choice("jvm", "lean", Set.of("lean", "default")).equals("lean");
        boolean cache = spec.choice("cache", "auto", Set.of("auto", "off")).equals("auto");
        if (workers > 1024) {
            throw new IllegalArgumentException("forked-process: workers must be in 1..1024 (one JVM each), got " + workers);
        }
        this.slots = new AtomicReferenceArray<>(workers);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(Threads.platform(Threads.PREFIX + "forked-watchdog"));
        this.dispatchers = Executors.newFixedThreadPool(workers, Threads.platform(Threads.PREFIX + "forked"));
        this.shutdownHook = new Thread(this::killAll, "forked-process-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            this.command = ChildCommand.prepare(childModel, lean, cache, watchdog);
            Threads.prestart(dispatchers, workers);
            if (!perTask) {
                startPool();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts every pool child at once (on the dispatcher threads), so the pool is ready in ~one start. */
    private void startPool() {
        List<Future<?>> starts = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            int slot = w;
            starts.add(dispatchers.submit(() -> slots.set(slot, startChild())));
        }
        for (Future<?> f : starts) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(NAME + ": interrupted while starting children", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    private ChildJvm startChild() {
        if (closed) {
            throw new IllegalStateException(NAME + " is closed");
        }
        ChildJvm child = ChildJvm.start(started.incrementAndGet(), command.command(), counters, watchdog, START_TIMEOUT);
        live.add(child);
        if (closed) { // close() ran while it was starting
            live.remove(child);
            child.kill();
            throw new IllegalStateException(NAME + " is closed");
        }
        return child;
    }

    /**
     * Runs the tasks in the children. Calls from several threads are taken one after another (each
     * child's pipe carries one conversation), so they are correct but do not overlap.
     */
    @Override
    public long[] run(List<? extends Task> tasks) throws ExecutionException, InterruptedException {
        tasks.forEach(Protocol::requireShippable); // fail before any child starts working
        runLock.lockInterruptibly();
        try {
            if (closed) {
                throw new IllegalStateException(NAME + " is closed");
            }
            return runNow(tasks);
        } finally {
            runLock.unlock();
        }
    }

    private long[] runNow(List<? extends Task> tasks) throws ExecutionException, InterruptedException {
        long[] results = new long[tasks.size()];
        AtomicInteger next = new AtomicInteger();
        Failures failures = new Failures();
        int loops = Math.min(workers, tasks.size());
        List<Future<?>> futures = new ArrayList<>(loops);
        for (int w = 0; w < loops; w++) {
            int slot = w;
            futures.add(dispatchers.submit(() -> dispatch(slot, tasks, results, next, failures)));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            // Cancel: stop dealing tasks, kill the children that are busy (they restart on the next run).
            failures.stop = true;
            live.forEach(ChildJvm::kill);
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException | InterruptedException ignored) {
                    // the dispatchers end within EXIT_WAIT once their children are dead
                }
            }
            throw e;
        }
        failures.rethrowFirst();
        return results;
    }

    /** One dispatcher: takes the next task, runs it on its child, until the tasks run out or one fails. */
    private Void dispatch(int slot, List<? extends Task> tasks, long[] results, AtomicInteger next, Failures failures) {
        while (!failures.stop) {
            int i = next.getAndIncrement();
            if (i >= tasks.size()) {
                break;
            }
            Task task = tasks.get(i);
            try {
                results[i] = perTask ? runInFreshChild(task) : runInPool(slot, task);
            } catch (ExecutionException e) {
                failures.add(i, e);
            } catch (RuntimeException e) {
                failures.add(i, new ExecutionException(task.describe() + " failed: " + e.getMessage(), e));
            }
        }
        return null;
    }

    private long runInPool(int slot, Task task) throws ExecutionException {
        ChildJvm child = slots.get(slot);
        if (child == null || child.broken()) {
            if (child != null) {
                retire(child);
            }
            child = startChild(); // a crashed or killed child is replaced, as Pool replaces dead workers
            slots.set(slot, child);
        }
        return child.run(task, taskTimeout);
    }

    /** The seed's {@code p = Process(...); p.start(); ...; p.join()}: start, one task, exit. */
    private long runInFreshChild(Task task) throws ExecutionException {
        ChildJvm child = startChild();
        try {
            long value = child.run(task, taskTimeout);
            child.close();
            return value;
        } finally {
            retire(child);
        }
    }

    private void retire(ChildJvm child) {
        live.remove(child);
        if (child.isAlive()) {
            child.kill();
            child.awaitExit(ChildJvm.EXIT_WAIT);
        }
    }

    /** Failures of one run; the lowest-numbered task's is reported, as joining futures in order does. */
    private static final class Failures {
        volatile boolean stop;
        private int firstIndex = Integer.MAX_VALUE;
        private ExecutionException first;

        synchronized void add(int index, ExecutionException e) {
            stop = true;
            if (index < firstIndex) {
                firstIndex = index;
                first = e;
            }
        }

        synchronized void rethrowFirst() throws ExecutionException {
            if (first != null) {
                throw first;
            }
        }
    }

    @Override
    public String describe() {
        return NAME + "(workers=" + workers + ", start=" + (perTask ? "per-task" : "pool") + ", child-model="
                + childModel + ", jvm=" + (lean ? "lean" : "default") + ", cache="
                + (command == null ? "?" : command.cacheNote()) + ")";
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("process.starts", counters.starts.sum());
        map.put("process.start-ns", counters.startNanos.sum());
        map.put("process.bytes-sent", counters.bytesSent.sum());
        map.put("process.bytes-received", counters.bytesReceived.sum());
        map.put("process.child-cpu-ns", counters.childCpuNanos.sum());
        return map;
    }

    /** Pids of the children alive now (for tests that check nothing is left behind). */
    List<Long> childPids() {
        return live.stream().filter(ChildJvm::isAlive).map(ChildJvm::pid).toList();
    }

    /** Closes every child's stdin (they exit by themselves), waits a bounded time, kills stragglers. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ChildJvm> children = new ArrayList<>(live);
        children.forEach(ChildJvm::endInput);
        for (ChildJvm child : children) {
            child.awaitExit(ChildJvm.EXIT_WAIT);
            live.remove(child);
        }
        Tasks.shutdown(dispatchers, workers, NAME);
        Tasks.shutdown(watchdog, 1, NAME);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
        }
        List<Long> survivors = children.stream().filter(ChildJvm::isAlive).map(ChildJvm::pid).toList();
        if (!survivors.isEmpty()) {
            throw new IllegalStateException(NAME + ": child JVMs still alive after close: pids " + survivors);
        }
    }

    /** The shutdown hook: SIGKILL every child, at once (hooks must be quick). */
    private void killAll() {
        closed = true;
        live.forEach(ChildJvm::kill);
    }
}
