package org.gilbench.distributed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.gilbench.workload.Task;

/**
 * {@code distributed}: seed 002's "distributed processes" (seed 002:684-839) — a master that holds a
 * task queue and a result queue, as {@code task_master.py}'s {@code BaseManager} does, and worker
 * processes that connect to it over the network, take tasks and put results ({@code task_worker.py}).
 * The queues live in this JVM behind a gRPC server ({@link Master}); each worker is a JVM running
 * {@link WorkerMain}, started here ({@code workers} of them, connecting over loopback: then it is
 * {@code forked-process} with a network in between) or on other machines ({@code remote}).
 *
 * <p>Options ({@link ModelSpec}, e.g. {@code remote=2;bind=0.0.0.0;port=5000;tls=self-signed}):
 * <ul>
 *   <li>{@code remote=R} (default 0): R of the {@code workers} join from elsewhere (started by hand with
 *       {@code WorkerMain}); the other {@code workers - R} start here. Opening waits up to {@code wait-s}
 *       for all of them, and prints the command a remote worker needs;</li>
 *   <li>{@code bind=ADDRESS} (default {@code 127.0.0.1}) and {@code port=P} (default 0, any free port;
 *       5000, the seed's, when {@code remote > 0}). A bind that is not loopback requires TLS and is refused
 *       without it;</li>
 *   <li>{@code tls=off|self-signed} (default off), or {@code cert=FILE;key=FILE} (the user's PEM pair);
 *       {@code tls-name} names a self-signed certificate (default {@code localhost} on loopback, else
 *       this host's name);</li>
 *   <li>{@code key-file=FILE}: the run key for remote workers — read if it exists (at least 128 bits as
 *       hex), else generated and written there ({@code rw-------}); by default a fresh 256-bit key in a new
 *       private temporary folder. Local workers get it in their environment, never on a command line;</li>
 *   <li>{@code lease-ms} (default 3000): a worker silent that long loses its task to the queue;
 *       {@code task-timeout-s} (default 600): a task running that long fails the run;
 *       {@code max-attempts} (default 3): lost hand-outs of one task before it fails the run;
 *       {@code wait-s} (default 60, 600 with remote workers): how long opening waits for workers;
 *       {@code max-task-mb} (default 256): the largest task message (a materialised slice's elements);</li>
 *   <li>{@code child-model=serial|gil-emulated}, {@code jvm=lean|default}: as forked-process's — the
 *       workers' interpreter and JVM flags ({@code lean}: {@code -XX:+UseSerialGC -XX:-UsePerfData}).</li>
 * </ul>
 *
 * <p>Counters: {@code process.starts}, {@code process.start-ns} (local workers, from process start to
 * the master accepting its key proof), {@code process.bytes-sent}, {@code process.bytes-received}
 * (protobuf bytes of the messages; gRPC and HTTP/2 framing not counted), {@code process.child-cpu-ns}
 * (CPU the workers report), and {@code distributed.workers-joined}, {@code .tasks-sent}, {@code .results},
 * {@code .requeued}, {@code .stale-results}, {@code .rejected}, {@code .workers-lost}.
 *
 * <p>What it imitates: the seed's two queues on a server, workers on any machine that knows the
 * address and the key, and {@code result.get()} per task. Left out, deliberately: pickles (only the
 * five workload task kinds cross the wire, as fixed protobuf messages), a 3-byte authkey (a random
 * 256-bit key, a proof in both directions, TLS off loopback), and losing a task whose worker dies (its
 * lease expires and it runs again elsewhere). Also left out: forked-process's AOT cache for the worker
 * JVMs, {@code start=per-task}, and tasks other than the workload's (refused in one line: they would
 * need Java serialization).
 *
 * <p>No worker outlives the model: {@link #close()} ends the streams (workers exit), waits and kills
 * stragglers; a shutdown hook kills them on SIGINT or SIGTERM; and a local worker whose master's JVM
 * dies any other way sees its stdin end and exits. A remote worker exits when the master's stream
 * ends or falls silent for a few seconds.
 */
public final class Distributed implements ExecutionModel {

    public static final String NAME = org.gilbench.model.Model.DISTRIBUTED_NAME;

    /** The seed's port, the default when remote workers must be told where to connect. */
    static final int SEED_PORT = 5000;
    /** Generous: a worker JVM with gRPC starts in well under a second, but 8 at once on 2 cores ... */
    static final Duration LOCAL_WAIT = Duration.ofSeconds(60);
    static final Duration REMOTE_WAIT = Duration.ofSeconds(600);
    /** How long a run with no worker connected (and none starting) waits before it fails. */
    static final Duration NO_WORKER_WAIT = Duration.ofSeconds(5);
    /** How long a local worker told to exit (its stream closed) may take. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(5);
    static final List<String> LEAN = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData");
    private static final int STDERR_LINES = 20;

    private static final Set<String> OPTIONS = Set.of("remote", "bind", "port", "tls", "tls-name", "cert", "key",
            "key-file", "lease-ms", "task-timeout-s", "max-attempts", "wait-s", "max-task-mb", "child-model", "jvm");

    private final int workers;
    private final int remote;
    private final String childModel;
    private final boolean lean;
    private final int maxTaskBytes;
    private final Path runDir;
    private final Tls tls;
    private final RunKey key;
    private final Master master;
    private final InetSocketAddress localTarget;

    private final LongAdder starts = new LongAdder();
    private final LongAdder startNanos = new LongAdder();
    private final Map<Long, LocalWorker> local = new ConcurrentHashMap<>();
    private final AtomicInteger starting = new AtomicInteger();
    private final AtomicInteger localIds = new AtomicInteger();
    /** Why local workers died, newest last, for "no worker" failures. */
    private final Deque<String> deaths = new ArrayDeque<>();
    private final ExecutorService starter = Executors.newSingleThreadExecutor(Net.threads("local-starter"));
    private final Thread shutdownHook = new Thread(this::killAll, "distributed-shutdown-hook");
    private volatile boolean closed;

    /**
     * Opens the master and waits for its workers (trial setup: outside any measurement).
     *
     * @throws IllegalArgumentException for unknown options, bad values, or a non-loopback bind without TLS
     */
    public Distributed(ModelSpec spec) {
        spec.requireOnly(NAME, OPTIONS);
        this.workers = spec.workers();
        if (workers > 256) {
            throw new IllegalArgumentException(NAME + ": workers must be in 1..256 (one JVM each), got " + workers);
        }
        this.remote = (int) spec.number("remote", 0, 0, workers);
        InetAddress bind = address(spec.options().getOrDefault("bind", "127.0.0.1"));
        int port = (int) spec.number("port", remote > 0 ? SEED_PORT : 0, 0, 65535);
        String tlsMode = spec.choice("tls", "off", Set.of("off", "self-signed"));
        String cert = spec.options().get("cert");
        String certKey = spec.options().get("key");
        if ((cert == null) != (certKey == null)) {
            throw new IllegalArgumentException("options cert and key go together: give both PEM files, or neither");
        }
        if (cert != null && tlsMode.equals("self-signed")) {
            throw new IllegalArgumentException("options cert/key and tls=self-signed exclude each other: use one");
        }
        boolean wantTls = cert != null || tlsMode.equals("self-signed");
        if (!bind.isLoopbackAddress() && !wantTls) {
            throw new IllegalArgumentException("bad value for option bind: " + bind.getHostAddress() + " is not loopback,"
                    + " so the master needs TLS (tls=self-signed, or cert=FILE;key=FILE) and will not start without it");
        }
        this.childModel = spec.choice("child-model", Model.SERIAL.label(), WorkerMain.CHILD_MODELS);
        this.lean = spec.choice("jvm", "lean", Set.of("lean", "default")).equals("lean");
        this.maxTaskBytes = (int) spec.number("max-task-mb", WorkerMain.DEFAULT_MAX_TASK_MB, 1, 2047) * 1024 * 1024;
        Duration lease = Duration.ofMillis(spec.number("lease-ms", 3000, 100, 600_000));
        Duration taskTimeout = Duration.ofSeconds(spec.number("task-timeout-s", 600, 1, 86_400));
        int maxAttempts = (int) spec.number("max-attempts", 3, 1, 100);
        Duration wait = Duration.ofSeconds(spec.number("wait-s", (remote > 0 ? REMOTE_WAIT : LOCAL_WAIT).toSeconds(), 1, 86_400));
        String tlsName = spec.options().getOrDefault("tls-name", bind.isLoopbackAddress() ? "localhost" : hostName());
        String keyFile = spec.options().get("key-file");

        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Path dir = null;
        Tls security = null;
        Master m = null;
        try {
            dir = Files.createTempDirectory("gilbench-distributed-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            security = cert != null ? Tls.files(Path.of(cert), Path.of(certKey))
                    : wantTls ? Tls.selfSigned(tlsName, dir) : Tls.plaintext();
            this.key = runKey(keyFile, dir);
            m = new Master(key, new Master.Settings(new InetSocketAddress(bind, port), security.credentials(), lease,
                    taskTimeout, maxAttempts, remote == 0 ? NO_WORKER_WAIT : wait,
                    remote > 0), new Events());
        } catch (IOException e) {
            cleanupOnFailure(m, security, dir);
            throw new IllegalStateException(NAME + ": cannot create its private folder: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            cleanupOnFailure(m, security, dir);
            throw e;
        }
        this.runDir = dir;
        this.tls = security;
        this.master = m;
        this.localTarget = new InetSocketAddress(bind.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bind,
                master.port());
        try {
            if (remote > 0) {
                announce(bind, keyFile == null ? runDir.resolve("run.key") : Path.of(keyFile), wait);
            }
            for (int i = 0; i < workers - remote; i++) {
                startLocal();
            }
            master.awaitWorkers(workers, wait, this::localFailure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException(NAME + ": interrupted while waiting for workers", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private RunKey runKey(String keyFile, Path dir) {
        if (keyFile != null && Files.exists(Path.of(keyFile))) {
            return RunKey.read(Path.of(keyFile)); // the user's key, e.g. already copied to the other machines
        }
        RunKey fresh = RunKey.generate();
        if (remote > 0) {
            fresh.writeNew(keyFile != null ? Path.of(keyFile) : dir.resolve("run.key"));
        }
        return fresh;
    }

    /** The one line a person needs to start a remote worker. */
    private void announce(InetAddress bind, Path keyFile, Duration wait) {
        String host = bind.isAnyLocalAddress() ? hostName() : bind.getHostAddress();
        StringBuilder cmd = new StringBuilder("java -cp distributed.jar ").append(WorkerMain.class.getName())
                .append(" --master ").append(host).append(':').append(master.port())
                .append(" --key-file ").append(keyFile);
        if (tls.enabled()) {
            cmd.append(" --tls-ca ").append(tls.caFile());
            if (tls.authority() != null && !tls.authority().equals(host)) {
                cmd.append(" --tls-authority ").append(tls.authority());
            }
        }
        Net.log("master listening on " + bind.getHostAddress() + ":" + master.port() + (tls.enabled() ? " (TLS)" : "")
                + "; waiting up to " + wait.toSeconds() + " s for " + remote + " remote worker" + (remote == 1 ? "" : "s")
                + ". Copy the key file" + (tls.enabled() ? " and the certificate" : "") + " to each worker machine"
                + " (keep the key private) and run there: " + cmd);
    }

    // --- local workers ------------------------------------------------------------------------------

    /** One worker JVM started here, and its last words. */
    private final class LocalWorker {
        final int id;
        final Process process;
        final long begin;
        final Deque<String> stderrTail = new ArrayDeque<>();
        volatile boolean joined;

        LocalWorker(int id, Process process, long begin) {
            this.id = id;
            this.process = process;
            this.begin = begin;
            Thread.ofPlatform().daemon(true).name(Net.PREFIX + "local-stderr-" + process.pid()).start(this::drain);
        }

        private void drain() {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = err.readLine()) != null; ) {
                    synchronized (stderrTail) {
                        if (stderrTail.size() == STDERR_LINES) {
                            stderrTail.removeFirst();
                        }
                        stderrTail.addLast(line.length() > 500 ? line.substring(0, 500) + "..." : line);
                    }
                }
            } catch (IOException e) {
                // the worker is gone
            }
        }

        String lastWords() {
            synchronized (stderrTail) {
                return stderrTail.isEmpty() ? "stderr was empty" : "last stderr lines: " + String.join(" | ", stderrTail);
            }
        }
    }

    private void startLocal() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (lean) {
            command.addAll(LEAN);
        }
        int id = localIds.incrementAndGet();
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(),
                "--master", localTarget.getAddress().getHostAddress() + ":" + localTarget.getPort(),
                "--parent-pipe", "--model", childModel, "--name", "local-" + id,
                "--max-task-mb", Integer.toString(maxTaskBytes / (1024 * 1024))));
        if (tls.enabled()) {
            command.addAll(List.of("--tls-ca", tls.caFile().toString()));
            if (tls.authority() != null) {
                command.addAll(List.of("--tls-authority", tls.authority()));
            }
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put(RunKey.ENV, key.hex()); // by environment, never on the command line
        starting.incrementAndGet();
        long begin = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            starting.decrementAndGet();
            throw new IllegalStateException(NAME + ": cannot start a local worker (" + command.get(0) + "): " + e.getMessage(), e);
        }
        LocalWorker w = new LocalWorker(id, p, begin);
        local.put(p.pid(), w);
        if (closed) {
            p.destroyForcibly();
        }
        p.onExit().thenRun(() -> exited(w));
    }

    private void exited(LocalWorker w) {
        if (!w.joined) {
            starting.decrementAndGet();
        }
        String death = "local worker " + w.id + " (pid " + w.process.pid() + ") exited with code " + w.process.exitValue()
                + (w.joined ? "" : " before joining") + "; " + w.lastWords();
        synchronized (deaths) {
            if (!closed) {
                deaths.addLast(death);
                if (deaths.size() > 4) {
                    deaths.removeFirst();
                }
            }
        }
    }

    /** Non-null once a local worker died before it joined: opening gives up at once. */
    private String localFailure() {
        for (LocalWorker w : local.values()) {
            if (!w.joined && !w.process.isAlive()) {
                return "local worker " + w.id + " (pid " + w.process.pid() + ") exited with code "
                        + w.process.exitValue() + " before joining; " + w.lastWords();
            }
        }
        return null;
    }

    /** What the master tells this model about workers coming and going. */
    private final class Events implements Master.Events {
        @Override
        public void joined(int workerId, long pid, String name) {
            LocalWorker w = local.get(pid);
            if (w != null && !w.joined) {
                w.joined = true;
                starting.decrementAndGet();
                starts.increment();
                startNanos.add(System.nanoTime() - w.begin);
            }
        }

        @Override
        public void lost(int workerId, long pid, String reason) {
            LocalWorker w = local.get(pid);
            if (w == null || closed) {
                return; // a remote worker: it may come back by itself
            }
            // Lost but alive means stopped or hung (the lease ran out): it is killed, as Pool replaces a
            // dead worker; its replacement starts on the starter thread, not on the network thread.
            w.process.destroyForcibly();
            starter.execute(() -> {
                try {
                    w.process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    local.remove(w.process.pid());
                    if (!closed && w.joined) {
                        startLocal();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    Net.log("could not replace local worker " + w.id + ": " + e.getMessage());
                }
            });
        }

        @Override
        public boolean starting() {
            return starting.get() > 0;
        }

        @Override
        public String hint() {
            synchronized (deaths) {
                return deaths.isEmpty() ? null : String.join("; ", deaths);
            }
        }
    }

    // --- the model ------------------------------------------------------------------------------------

    /**
     * Puts the tasks on the master's queue and returns their answers in order. Calls from several
     * threads are taken one after another.
     *
     * @throws IllegalArgumentException before anything is sent, for a task with no wire form
     */
    @Override
    public long[] run(List<? extends Task> tasks) throws ExecutionException, InterruptedException {
        tasks.forEach(t -> TaskCodec.requireShippable(t, maxTaskBytes));
        if (closed) {
            throw new IllegalStateException(NAME + " is closed");
        }
        return master.run(tasks);
    }

    @Override
    public String describe() {
        return NAME + "(workers=" + workers + ", remote=" + remote + ", tls=" + (tls.enabled() ? "on" : "off")
                + ", child-model=" + childModel + ", jvm=" + (lean ? "lean" : "default") + ")";
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("process.starts", starts.sum());
        map.put("process.start-ns", startNanos.sum());
        map.put("process.bytes-sent", master.bytesSent.sum());
        map.put("process.bytes-received", master.bytesReceived.sum());
        map.put("process.child-cpu-ns", master.workerCpuNanos.sum());
        map.put("distributed.workers-joined", master.joined.sum());
        map.put("distributed.tasks-sent", master.tasksSent.sum());
        map.put("distributed.results", master.results.sum());
        map.put("distributed.requeued", master.requeued.sum());
        map.put("distributed.stale-results", master.staleResults.sum());
        map.put("distributed.rejected", master.rejected.sum());
        map.put("distributed.workers-lost", master.workersLost.sum());
        return map;
    }

    /** The port the master listens on (remote workers need it; tests connect to it). */
    public int port() {
        return master.port();
    }

    /** Workers connected now. */
    int connectedWorkers() {
        return master.workers();
    }

    /** How often each task of the last run was handed out. */
    int[] lastHandouts() {
        return master.lastHandouts();
    }

    /** Pids of the local workers alive now. */
    List<Long> localPids() {
        return local.values().stream().filter(w -> w.process.isAlive()).map(w -> w.process.pid()).sorted().toList();
    }

    RunKey key() {
        return key;
    }

    Path runDir() {
        return runDir;
    }

    /** Ends every stream (workers exit), waits for local workers, kills stragglers, stops every thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (master != null) {
            master.close();
        }
        Net.shutdown(starter);
        List<LocalWorker> all = new ArrayList<>(local.values());
        for (LocalWorker w : all) {
            try {
                w.process.getOutputStream().close(); // --parent-pipe: the end of stdin ends the worker at once
            } catch (IOException e) {
                // already gone
            }
        }
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        for (LocalWorker w : all) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !w.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    w.process.destroyForcibly();
                    w.process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                w.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (tls != null) {
            tls.cleanup().run();
        }
        deleteRunDir();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
        }
        List<Long> survivors = all.stream().filter(w -> w.process.isAlive()).map(w -> w.process.pid()).toList();
        if (!survivors.isEmpty()) {
            throw new IllegalStateException(NAME + ": local workers still alive after close: pids " + survivors);
        }
    }

    /**
     * The shutdown hook (Ctrl-C, SIGTERM): SIGKILL every local worker at once and delete the run's private
     * folder (the key, a generated TLS key), all quick, as hooks must be.
     */
    private void killAll() {
        closed = true;
        local.values().forEach(w -> w.process.destroyForcibly());
        if (tls != null) {
            tls.cleanup().run();
        }
        deleteRunDir();
    }

    private void deleteRunDir() {
        if (runDir == null) {
            return;
        }
        try (var files = Files.list(runDir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(runDir);
        } catch (IOException e) {
            Net.log("could not delete " + runDir + ": " + e.getMessage());
        }
    }

    private void cleanupOnFailure(Master m, Tls security, Path dir) {
        if (m != null) {
            m.close();
        }
        if (security != null) {
            security.cleanup().run();
        }
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // a stray empty folder in the temp dir
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // shutting down
        }
        Net.shutdown(starter);
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad value for option bind: '" + text + "' (expected an address of this"
                    + " machine, e.g. 127.0.0.1 or 0.0.0.0)", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
