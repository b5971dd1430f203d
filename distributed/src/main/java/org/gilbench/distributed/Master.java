package org.gilbench.distributed;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.gilbench.distributed.wire.Beat;
import org.gilbench.distributed.wire.Cancel;
import org.gilbench.distributed.wire.Challenge;
import org.gilbench.distributed.wire.Hello;
import org.gilbench.distributed.wire.MasterMessage;
import org.gilbench.distributed.wire.Result;
import org.gilbench.distributed.wire.Welcome;
import org.gilbench.distributed.wire.WorkerMessage;
import org.gilbench.workload.Task;

/**
 * The master of seed 002's {@code task_master.py} (seed 002:696-737): it holds the task queue and the
 * result queue, and workers that connect take tasks from the one and put answers on the other. Here
 * the queues live in this JVM behind a gRPC server (the seed's {@code BaseManager} server process on
 * port 5000), and each worker holds one bidirectional stream ({@link DistributedService#WORK}).
 *
 * <p>What the seed's manager does not do, and this one does:
 * <ul>
 *   <li>every worker proves the run key before it may take a task (an HMAC of a fresh nonce,
 *       {@link RunKey}), and is refused, logged and counted ({@code distributed.rejected}) otherwise;
 *       a stream that does not prove it within {@link #AUTH_WAIT} is closed;</li>
 *   <li>a task handed out is <em>leased</em>: if its worker disconnects, or falls silent for longer
 *       than the lease (no heartbeat: killed, stopped, cut off), the task goes back to the front of the
 *       queue ({@code distributed.requeued}) and another worker runs it. A Python manager's
 *       {@code queue.get()} is final: a worker that dies holding a task loses it;</li>
 *   <li>a task that runs longer than {@code task-timeout} fails the run (the task, not the worker, is at
 *       fault), and one that loses {@code max-attempts} workers fails it too, so a poison task cannot
 *       kill worker after worker for ever;</li>
 *   <li>messages are capped ({@link #MAX_WORKER_MESSAGE}: workers only ever send a few dozen bytes)
 *       and malformed ones close only their own stream.</li>
 * </ul>
 *
 * <p>One task per worker at a time, dealt to whichever worker is idle (as forked-process's pool,
 * chunksize 1). A result for a lease the master revoked (the run ended, the task timed out) is
 * dropped and counted ({@code distributed.stale-results}), so every task of a run is answered once.
 */
final class Master implements AutoCloseable {

    /** A worker's messages are tiny (Hello ~150 bytes, a Result ~30, a failure line at most ~8 KB). */
    static final int MAX_WORKER_MESSAGE = 64 * 1024;
    /** Headers a worker may send: gRPC's own are a few hundred bytes. */
    static final int MAX_METADATA = 8 * 1024;
    /** How long a new stream may take to prove the key; also the TLS / HTTP/2 handshake's limit. */
    static final Duration AUTH_WAIT = Duration.ofSeconds(5);
    /** Longest worker name kept for log lines. */
    private static final int MAX_NAME = 120;

    /**
     * @param bind where to listen
     * @param credentials TLS or plaintext (the caller allows plaintext on loopback only)
     * @param lease how long a worker may stay silent before its task goes back on the queue
     * @param taskTimeout how long one task may run before it fails the run
     * @param maxAttempts hand-outs of one task that may be lost before it fails the run
     * @param noWorkerWait how long a run waits with no worker connected before it fails
     * @param announceJoins log every worker that joins (remote workers; local ones join quietly)
     */
    record Settings(InetSocketAddress bind, ServerCredentials credentials, Duration lease, Duration taskTimeout,
            int maxAttempts, Duration noWorkerWait, boolean announceJoins) {

        /** Beats go out four times per lease, at most once a second: a lost one or two do not cost the task. */
        Duration heartbeat() {
            long ms = Math.clamp(lease.toMillis() / 4, 25, 1000);
            return Duration.ofMillis(ms);
        }
    }

    /** What the owner of the master hears about its workers. Called without the master's lock held. */
    interface Events {
        void joined(int workerId, long pid, String name);

        void lost(int workerId, long pid, String reason);

        /** True while workers are starting that have not joined yet (a run then waits for them). */
        boolean starting();

        /** Added to a "no worker" failure: e.g. the last stderr lines of workers that died. */
        String hint();
    }

    private final RunKey key;
    private final Settings settings;
    private final Events events;
    private final EventLoopGroup boss = Net.eventLoops("master-accept", 1);
    private final EventLoopGroup loops = Net.eventLoops("master-io", 2);
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(Net.threads("master-watchdog"));
    private final Server server;

    // Counters, cumulative (ExecutionModel#counters).
    final LongAdder bytesSent = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder workerCpuNanos = new LongAdder();
    final LongAdder joined = new LongAdder();
    final LongAdder tasksSent = new LongAdder();
    final LongAdder results = new LongAdder();
    final LongAdder requeued = new LongAdder();
    final LongAdder staleResults = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder workersLost = new LongAdder();

    /** Guards everything below; never held while a message is sent. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled on every answer, join and loss: runs and awaitWorkers wait on it. */
    private final Condition progress = lock.newCondition();
    /** The seed's task_queue: jobs waiting for a worker; requeued ones go to the front. */
    private final Deque<Job> queue = new ArrayDeque<>();
    /** Authenticated workers with no task. */
    private final Deque<Conn> idle = new ArrayDeque<>();
    /** Every open stream, authenticated or not. */
    private final Set<Conn> conns = new LinkedHashSet<>();
    /** Tasks dealt but not yet sent: whichever thread dealt them sends them once it let go of the lock. */
    private final List<Lease> outbox = new ArrayList<>();
    private int authenticated;
    private int workerIds;
    private long leaseIds;
    private int runIds;
    private int[] lastHandouts = new int[0];
    private long lastBeat = System.nanoTime();
    private volatile boolean closed;

    /** One run at a time: the queue carries one run's tasks. */
    private final ReentrantLock runLock = new ReentrantLock();

    /**
     * Starts listening at once.
     *
     * @throws IllegalStateException if the address cannot be bound (in use, not this machine's)
     */
    Master(RunKey key, Settings settings, Events events) {
        this.key = key;
        this.settings = settings;
        this.events = events;
        NettyServerBuilder builder = NettyServerBuilder.forAddress(settings.bind(), settings.credentials())
                .channelType(NioServerSocketChannel.class)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(loops)
                // Handlers only move things between queues and never block: running them on the
                // network threads saves a thread hop per message (the round trip is what is measured).
                .directExecutor()
                .maxInboundMessageSize(MAX_WORKER_MESSAGE)
                .maxInboundMetadataSize(MAX_METADATA)
                // A worker needs one stream; a second is a reconnect racing the first.
                .maxConcurrentCallsPerConnection(2)
                .handshakeTimeout(AUTH_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .addService(DistributedService.bind(this::startCall));
        try {
            this.server = builder.build().start();
        } catch (IOException | RuntimeException e) {
            shutdownThreads();
            throw new IllegalStateException(Distributed.NAME + ": cannot listen on " + settings.bind() + ": " + e.getMessage(), e);
        }
        long tick = Math.max(10, settings.heartbeat().toMillis() / 2);
        watchdog.scheduleWithFixedDelay(this::watch, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** The port listened on (the one given, or the one the system chose for port 0). */
    int port() {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** Workers connected and authenticated now. */
    int workers() {
        lock.lock();
        try {
            return authenticated;
        } finally {
            lock.unlock();
        }
    }

    /** How often each task of the last run was handed out (1 each when no worker was lost). */
    int[] lastHandouts() {
        lock.lock();
        try {
            return lastHandouts.clone();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code n} workers are connected and authenticated.
     *
     * @param problem asked while waiting: a non-null answer (e.g. "a local worker exited") ends the wait
     * @throws IllegalStateException on timeout or a problem, with the reason
     */
    void awaitWorkers(int n, Duration timeout, java.util.function.Supplier<String> problem) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (authenticated < n) {
                String why = problem.get();
                if (why != null) {
                    throw new IllegalStateException(Distributed.NAME + ": " + authenticated + " of " + n
                            + " workers joined; " + why);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(Distributed.NAME + ": " + authenticated + " of " + n
                            + " workers joined within " + timeout.toSeconds() + " s (wait-s)" + hintLine());
                }
                progress.await(Math.min(left, 100_000_000L), TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private String hintLine() {
        String hint = events.hint();
        return hint == null || hint.isBlank() ? "" : "; " + hint;
    }

    /**
     * Puts every task on the queue and takes their answers off the result queue, in task order. Calls
     * from several threads are taken in turn.
     *
     * @throws ExecutionException the lowest-numbered failure seen: a task that threw in its worker
     *     ({@link RemoteTaskException}), ran past the task timeout, lost too many workers, or found no
     *     worker ({@link WorkerLostException})
     */
    long[] run(List<? extends Task> tasks) throws ExecutionException, InterruptedException {
        runLock.lockInterruptibly();
        try {
            if (closed) {
                throw new IllegalStateException(Distributed.NAME + " is closed");
            }
            return runNow(tasks);
        } finally {
            runLock.unlock();
        }
    }

    private long[] runNow(List<? extends Task> tasks) throws ExecutionException, InterruptedException {
        Run run;
        lock.lock();
        try {
            run = new Run(++runIds, tasks);
            for (int i = 0; i < tasks.size(); i++) {
                queue.addLast(new Job(run, i, tasks.get(i)));
            }
            dealLocked();
        } finally {
            lock.unlock();
        }
        flush();
        List<Conn> toCancel = List.of();
        lock.lock();
        try {
            long noWorkerSince = 0;
            try {
                while (!run.finished()) {
                    if (closed) {
                        run.fail(0, new ExecutionException(Distributed.NAME + " was closed during the run",
                                new WorkerLostException("the master closed")));
                        break;
                    }
                    if (authenticated == 0 && !events.starting()) {
                        long now = System.nanoTime();
                        if (noWorkerSince == 0) {
                            noWorkerSince = now;
                        } else if (now - noWorkerSince > settings.noWorkerWait().toNanos()) {
                            int first = run.firstOpen();
                            String why = "no worker connected for " + settings.noWorkerWait().toSeconds() + " s"
                                    + hintLine();
                            run.fail(first, new ExecutionException(tasks.get(first).describe() + " could not run: "
                                    + why, new WorkerLostException(why)));
                            break;
                        }
                    } else {
                        noWorkerSince = 0;
                    }
                    progress.await(100, TimeUnit.MILLISECONDS);
                }
            } finally {
                toCancel = end(run);
            }
        } finally {
            lock.unlock();
            // Also when the caller was interrupted: the workers drop what they hold for this run.
            for (Conn c : toCancel) {
                Lease l = c.cancelled;
                if (l != null) {
                    c.send(MasterMessage.newBuilder().setCancel(Cancel.newBuilder().setLease(l.id)).build());
                }
            }
        }
        return run.resultsOrThrow();
    }

    /** The run is over: its queued jobs go, its leases are revoked. Returns the workers to tell. Under the lock. */
    private List<Conn> end(Run run) {
        run.over = true;
        queue.removeIf(j -> j.run == run);
        lastHandouts = run.handouts.clone();
        List<Conn> cancel = new ArrayList<>();
        for (Conn c : conns) {
            Lease l = c.lease;
            if (l != null && l.job.run == run && !l.revoked) {
                l.revoked = true;
                c.cancelled = l;
                cancel.add(c);
            }
        }
        return cancel;
    }

    // --- the streams -------------------------------------------------------------------------------

    private ServerCall.Listener<WorkerMessage> startCall(ServerCall<WorkerMessage, MasterMessage> call, Metadata headers) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        Conn conn = new Conn(call, String.valueOf(remote));
        lock.lock();
        try {
            if (closed) {
                call.close(Status.UNAVAILABLE.withDescription("the master is closing"), new Metadata());
                return new ServerCall.Listener<>() { };
            }
            conns.add(conn);
        } finally {
            lock.unlock();
        }
        call.sendHeaders(new Metadata());
        conn.send(MasterMessage.newBuilder().setChallenge(Challenge.newBuilder()
                .setVersion(DistributedService.VERSION).setNonce(ByteString.copyFrom(conn.nonce))).build());
        call.request(1);
        return new ServerCall.Listener<>() {
            @Override
            public void onMessage(WorkerMessage m) {
                conn.lastHeard = System.nanoTime();
                bytesReceived.add(m.getSerializedSize());
                if (handle(conn, m)) {
                    call.request(1); // one message at a time: a flood waits in the peer's flow-control window
                }
                flush();
            }

            @Override
            public void onHalfClose() {
                conn.close(Status.OK.withDescription("the worker closed its stream"));
                lost(conn, "closed its stream");
            }

            @Override
            public void onCancel() {
                lost(conn, "disconnected");
            }
        };
    }

    /** One message from a worker; false if its stream was closed because of it. */
    private boolean handle(Conn conn, WorkerMessage m) {
        if (m == DistributedService.MALFORMED) {
            return refuse(conn, "sent bytes that are not a WorkerMessage");
        }
        return switch (m.getKindCase()) {
            case HELLO -> hello(conn, m.getHello());
            case RESULT -> result(conn, m.getResult());
            // A beat may overtake the master's own bookkeeping of the Hello it follows: any Hello will do.
            case BEAT -> conn.helloSeen() || refuse(conn, "sent a Beat before proving the key");
            case KIND_NOT_SET -> refuse(conn, "sent a message of no known kind");
        };
    }

    private boolean hello(Conn conn, Hello hello) {
        if (conn.helloSeen()) {
            return refuse(conn, "sent a second Hello");
        }
        if (hello.getVersion() != DistributedService.VERSION) {
            return refuse(conn, "speaks wire version " + hello.getVersion() + ", this master " + DistributedService.VERSION);
        }
        if (!key.verify(RunKey.WORKER_LABEL, conn.nonce, hello.getProof().toByteArray())) {
            return refuse(conn, "wrong key proof");
        }
        if (hello.getNonce().size() != RunKey.NONCE_BYTES) {
            return refuse(conn, "sent a nonce of " + hello.getNonce().size() + " bytes, not " + RunKey.NONCE_BYTES);
        }
        String name = printable(hello.getName());
        int id;
        lock.lock();
        try {
            if (conn.gone) {
                return false;
            }
            id = ++workerIds;
            conn.id = id;
            conn.pid = hello.getPid();
            conn.name = name;
            conn.lastCpuNanos = hello.getCpuNs(); // start-up CPU counts, as forked-process's HELLO does
            workerCpuNanos.add(hello.getCpuNs());
        } finally {
            lock.unlock();
        }
        // Welcome goes out before the worker can be dealt a task, so it is the first thing it reads.
        boolean sent = conn.send(MasterMessage.newBuilder().setWelcome(Welcome.newBuilder()
                .setProof(ByteString.copyFrom(key.proof(RunKey.MASTER_LABEL, hello.getNonce().toByteArray())))
                .setWorkerId(id)
                .setHeartbeatMs((int) settings.heartbeat().toMillis())).build());
        if (!sent) {
            lost(conn, "could not be welcomed");
            return false;
        }
        // Before the worker counts as joined: whoever waits for the workers then sees its start counted.
        events.joined(id, conn.pid, name);
        lock.lock();
        try {
            if (conn.gone) {
                return false;
            }
            conn.authenticated = true;
            authenticated++;
            idle.addLast(conn);
            dealLocked();
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        joined.increment();
        if (settings.announceJoins()) {
            Net.log("worker #" + id + " joined: " + name + " from " + conn.peer);
        }
        return true;
    }

    private boolean result(Conn conn, Result r) {
        lock.lock();
        try {
            if (!conn.authenticated) {
                return refuseLocked(conn, "sent a Result before proving the key");
            }
            Lease l = conn.lease;
            if (l == null || l.id != r.getLease()) {
                return refuseLocked(conn, "sent a Result for lease " + r.getLease() + ", which it does not hold");
            }
            conn.lease = null;
            conn.cancelled = null;
            results.increment();
            if (r.getCpuNs() > conn.lastCpuNanos) { // cumulative in the worker: only growth counts
                workerCpuNanos.add(r.getCpuNs() - conn.lastCpuNanos);
                conn.lastCpuNanos = r.getCpuNs();
            }
            if (l.revoked || l.job.run.over) {
                staleResults.increment();
            } else {
                deliver(conn, l.job, r);
            }
            if (!conn.gone) {
                idle.addLast(conn);
                dealLocked();
            }
            progress.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The seed's {@code result.put(...)}: the answer lands in its run's slot. Under the lock. */
    private void deliver(Conn conn, Job job, Result r) {
        Task task = job.task;
        switch (r.getOutcomeCase()) {
            case VALUE -> job.run.accept(job.index, r.getValue());
            case FAILURE -> job.run.fail(job.index, new ExecutionException(task.describe() + " failed in "
                    + conn.label() + ": " + r.getFailure(), new RemoteTaskException(r.getFailure())));
            case OUTCOME_NOT_SET -> job.run.fail(job.index, new ExecutionException(task.describe() + ": "
                    + conn.label() + " answered with neither a value nor a failure",
                    new WorkerLostException("empty result")));
        }
    }

    private boolean refuse(Conn conn, String why) {
        lock.lock();
        try {
            return refuseLocked(conn, why);
        } finally {
            lock.unlock();
            flush();
        }
    }

    /**
     * Closes a stream that broke the rules, logs it in one line and counts it; a task it held goes back
     * on the queue. Always false (the stream is gone).
     */
    private boolean refuseLocked(Conn conn, String why) {
        rejected.increment();
        conn.refused = true;
        Net.log("refused " + conn.label() + ": " + why);
        Status status = conn.authenticated ? Status.INVALID_ARGUMENT : Status.UNAUTHENTICATED;
        lostLocked(conn, why); // first: should closing call back into onCancel, the stream is already gone
        conn.close(status.withDescription(why));
        return false;
    }

    private void lost(Conn conn, String reason) {
        Runnable after;
        lock.lock();
        try {
            after = lostLocked(conn, reason);
        } finally {
            lock.unlock();
        }
        flush(); // its task, requeued, may have been dealt to another worker
        after.run();
    }

    /** A stream ended: forget it, requeue its task. Returns what to do once the lock is released. */
    private Runnable lostLocked(Conn conn, String reason) {
        if (conn.gone) {
            return () -> { };
        }
        conn.gone = true;
        conns.remove(conn);
        idle.remove(conn);
        Lease l = conn.lease;
        conn.lease = null;
        if (l != null && !l.revoked && !l.job.run.over) {
            requeue(l.job, conn.label() + " " + reason);
        }
        progress.signalAll();
        if (!conn.authenticated) {
            if (!conn.refused && !closed) {
                // It left (or gRPC closed it: an oversized message, a broken frame) before proving the key.
                rejected.increment();
                Net.log(conn.label() + " ended before proving the key: " + reason);
            }
            return () -> { };
        }
        conn.authenticated = false;
        authenticated--;
        workersLost.increment();
        if (!closed) {
            Net.log(conn.label() + " left: " + reason);
        }
        int id = conn.id;
        long pid = conn.pid;
        return closed ? () -> { } : () -> events.lost(id, pid, reason);
    }

    /** The lease is lost: the task goes back to the front of the queue, or fails after max-attempts. Under the lock. */
    private void requeue(Job job, String why) {
        job.attempts++;
        if (job.attempts >= settings.maxAttempts()) {
            job.run.fail(job.index, new ExecutionException(job.task.describe() + " lost its worker " + job.attempts
                    + " times (max-attempts " + settings.maxAttempts() + "); last: " + why, new WorkerLostException(why)));
            return;
        }
        requeued.increment();
        Net.log(job.task.describe() + " goes back on the queue: " + why);
        queue.addFirst(job);
        dealLocked();
    }

    // --- dealing and the watchdog ------------------------------------------------------------------

    /**
     * Pairs idle workers with queued tasks (front first: requeued tasks go there), as many as both
     * allow; the leases go to the outbox, sent by {@link #flush}. Under the lock. There is no
     * dispatcher thread: whoever makes a task or a worker available deals, which saves a thread
     * hand-off per task.
     */
    private void dealLocked() {
        while (!closed && !idle.isEmpty() && !queue.isEmpty()) {
            Conn conn = idle.pollFirst();
            Job job = queue.pollFirst();
            Lease lease = new Lease(++leaseIds, job, conn, System.nanoTime());
            conn.lease = lease;
            job.run.handouts[job.index]++;
            tasksSent.increment();
            outbox.add(lease);
        }
    }

    /** Sends what was dealt; called without the lock (a slice's encoding copies its elements). */
    private void flush() {
        List<Lease> out;
        lock.lock();
        try {
            if (outbox.isEmpty()) {
                return;
            }
            out = new ArrayList<>(outbox);
            outbox.clear();
        } finally {
            lock.unlock();
        }
        for (Lease lease : out) {
            MasterMessage m = MasterMessage.newBuilder().setTask(TaskCodec.encode(lease.id, lease.job.task)).build();
            if (!lease.conn.send(m)) {
                lost(lease.conn, "could not be sent its task"); // its lease goes back on the queue
            }
        }
    }

    /** Every tick: streams that never proved the key, silent workers, tasks past their timeout, beats. */
    private void watch() {
        long now = System.nanoTime();
        List<Conn> unproven = new ArrayList<>();
        List<Conn> silent = new ArrayList<>();
        List<Conn> overdue = new ArrayList<>();
        List<Conn> beat = new ArrayList<>();
        boolean beatDue = now - lastBeat >= settings.heartbeat().toNanos();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            for (Conn c : conns) {
                if (!c.authenticated) {
                    if (now - c.opened > AUTH_WAIT.toNanos()) {
                        unproven.add(c);
                    }
                } else if (now - c.lastHeard > settings.lease().toNanos()) {
                    silent.add(c);
                } else {
                    Lease l = c.lease;
                    if (l != null && !l.revoked && now - l.sent > settings.taskTimeout().toNanos()) {
                        l.revoked = true;
                        l.job.run.fail(l.job.index, new ExecutionException(l.job.task.describe() + ": no answer from "
                                + c.label() + " within " + settings.taskTimeout().toSeconds() + " s (task-timeout-s)",
                                new WorkerLostException("task timeout")));
                        progress.signalAll();
                        overdue.add(c);
                    }
                    if (beatDue) {
                        beat.add(c);
                    }
                }
            }
            if (beatDue) {
                lastBeat = now;
            }
        } finally {
            lock.unlock();
        }
        for (Conn c : unproven) {
            refuse(c, "did not prove the key within " + AUTH_WAIT.toSeconds() + " s");
        }
        for (Conn c : silent) {
            String why = "silent for more than " + settings.lease().toMillis() + " ms (lease-ms)";
            c.close(Status.UNAVAILABLE.withDescription(why));
            lost(c, why);
        }
        for (Conn c : overdue) {
            // A task that ignores Cancel (CPU-bound kernels do not poll interrupts) would keep its worker
            // busy for ever: the stream is closed, so the worker exits (a local one is replaced).
            String why = "its task ran past the task timeout (task-timeout-s)";
            c.close(Status.DEADLINE_EXCEEDED.withDescription(why));
            lost(c, why);
        }
        MasterMessage beatMessage = MasterMessage.newBuilder().setBeat(Beat.getDefaultInstance()).build();
        for (Conn c : beat) {
            c.send(beatMessage);
        }
        flush();
    }

    /** Tells every worker the master is closing (they exit), stops the server and every thread. Idempotent. */
    @Override
    public void close() {
        List<Conn> open;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            progress.signalAll();
            open = new ArrayList<>(conns);
        } finally {
            lock.unlock();
        }
        for (Conn c : open) {
            c.close(Status.OK.withDescription("the master is closing"));
        }
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(Net.CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        shutdownThreads();
    }

    private void shutdownThreads() {
        Net.shutdown(watchdog);
        Net.shutdown(loops);
        Net.shutdown(boss);
    }

    private static String printable(String name) {
        String clean = name.codePoints().filter(c -> c >= 0x20 && c != 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > MAX_NAME ? clean.substring(0, MAX_NAME) + "..." : clean;
    }

    // --- state ------------------------------------------------------------------------------------------

    /** One task of one run, as it waits on the queue. */
    private static final class Job {
        final Run run;
        final int index;
        final Task task;
        /** Hand-outs lost so far (worker died, went silent). */
        int attempts;

        Job(Run run, int index, Task task) {
            this.run = run;
            this.index = index;
            this.task = task;
        }
    }

    /** A job handed to a worker: the worker must answer under this id. */
    private static final class Lease {
        final long id;
        final Job job;
        final Conn conn;
        final long sent;
        /** The master no longer wants the answer (run over, task timed out); the worker is still busy. */
        boolean revoked;

        Lease(long id, Job job, Conn conn, long sent) {
            this.id = id;
            this.job = job;
            this.conn = conn;
            this.sent = sent;
        }
    }

    /** The seed's result_queue for one run: one slot per task, the lowest-numbered failure. Under the lock. */
    private static final class Run {
        final int id;
        final long[] values;
        final boolean[] done;
        final int[] handouts;
        int remaining;
        int failedIndex = Integer.MAX_VALUE;
        ExecutionException failure;
        boolean over;

        Run(int id, List<? extends Task> tasks) {
            this.id = id;
            this.values = new long[tasks.size()];
            this.done = new boolean[tasks.size()];
            this.handouts = new int[tasks.size()];
            this.remaining = tasks.size();
        }

        void accept(int index, long value) {
            if (!done[index]) {
                done[index] = true;
                values[index] = value;
                remaining--;
            }
        }

        void fail(int index, ExecutionException e) {
            if (index < failedIndex) {
                failedIndex = index;
                failure = e;
            }
        }

        boolean finished() {
            return remaining == 0 || failure != null;
        }

        int firstOpen() {
            for (int i = 0; i < done.length; i++) {
                if (!done[i]) {
                    return i;
                }
            }
            return 0;
        }

        long[] resultsOrThrow() throws ExecutionException {
            if (failure != null) {
                throw failure;
            }
            return values;
        }

        @Override
        public String toString() {
            return "run " + id;
        }
    }

    /** One worker's stream. Fields without a note are guarded by the master's lock. */
    private final class Conn {
        final ServerCall<WorkerMessage, MasterMessage> call;
        final String peer;
        final long opened = System.nanoTime();
        final byte[] nonce = RunKey.nonce();
        /** When the worker last said anything (written by the network thread, read by the watchdog). */
        volatile long lastHeard = opened;
        boolean authenticated;
        boolean refused;
        boolean gone;
        int id;
        long pid;
        String name = "?";
        long lastCpuNanos;
        Lease lease;
        /** The lease the worker was told to cancel, until it answers. */
        Lease cancelled;
        /** Guarded by {@code this}: a ServerCall is not thread-safe. */
        private boolean callClosed;

        Conn(ServerCall<WorkerMessage, MasterMessage> call, String peer) {
            this.call = call;
            this.peer = peer;
        }

        boolean helloSeen() {
            lock.lock();
            try {
                return id != 0;
            } finally {
                lock.unlock();
            }
        }

        boolean isAuthenticated() {
            lock.lock();
            try {
                return authenticated;
            } finally {
                lock.unlock();
            }
        }

        String label() {
            return id == 0 ? "a connection from " + peer : "worker #" + id + " (" + name + ", " + peer + ")";
        }

        /** False if the stream is closed or the send failed (the peer is gone). */
        synchronized boolean send(MasterMessage m) {
            if (callClosed) {
                return false;
            }
            try {
                call.sendMessage(m);
                bytesSent.add(m.getSerializedSize());
                return true;
            } catch (RuntimeException e) {
                return false; // cancelled under us: onCancel follows
            }
        }

        synchronized void close(Status status) {
            if (!callClosed) {
                callClosed = true;
                try {
                    call.close(status, new Metadata());
                } catch (RuntimeException e) {
                    // already cancelled by the peer
                }
            }
        }
    }
}
