package org.gilbench.distributed;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientStreamTracer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gilbench.distributed.wire.Beat;
import org.gilbench.distributed.wire.Challenge;
import org.gilbench.distributed.wire.Hello;
import org.gilbench.distributed.wire.MasterMessage;
import org.gilbench.distributed.wire.Result;
import org.gilbench.distributed.wire.TaskMessage;
import org.gilbench.distributed.wire.Welcome;
import org.gilbench.distributed.wire.WorkerMessage;
import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.gilbench.workload.Task;

/**
 * One worker of seed 002's {@code task_worker.py} (seed 002:743-779): connects to the master, proves the
 * run key, then takes one task at a time, runs it in its own interpreter and puts the answer back. It
 * runs until the master closes its stream, stops answering, or refuses it; {@link #await()} says which.
 *
 * <p>Unlike the seed's worker, which takes exactly 10 tasks with {@code task.get(timeout=1)}, this one
 * serves any number of runs, and it also checks the master: the master must answer the worker's own nonce
 * with the run key before any task is taken, so a worker pointed at the wrong address (or a rogue
 * listener) gets nothing done.
 */
final class Worker implements AutoCloseable {

    /** How a worker's life ended, with the exit code {@link WorkerMain} uses. */
    enum End {
        /** The master closed the stream normally: the run is over. */
        MASTER_CLOSED(0),
        /** The master cannot be reached, disconnected, or fell silent. */
        MASTER_GONE(1),
        /** The master refused this worker (wrong key, wrong version) or failed to prove the key itself. */
        REFUSED(3),
        /** The master broke the conversation's rules (an out-of-order or unknown message). */
        PROTOCOL(4),
        /** Closed from this side (tests, a parent that went away). */
        CLOSED(0);

        final int exitCode;

        End(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /** Longest failure summary sent: well below the master's message cap even in 3-byte UTF-8. */
    static final int MAX_SUMMARY = 8000;
    /** How long a Challenge may take to arrive once connected. */
    static final Duration HELLO_WAIT = Duration.ofSeconds(10);

    private final RunKey key;
    private final String name;
    private final ExecutionModel interpreter;
    private final EventLoopGroup loops = Net.eventLoops("worker-io", 1);
    private final ExecutorService offload = Executors.newSingleThreadExecutor(Net.threads("worker-offload"));
    /** One task at a time, on a platform thread (a gil-emulated interpreter wants a real OS thread). */
    private final ExecutorService taskThread = Executors.newSingleThreadExecutor(Net.threads("worker-task"));
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(Net.threads("worker-beat"));
    private final ManagedChannel channel;
    private final ClientCall<WorkerMessage, MasterMessage> call;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final long started = System.nanoTime();
    private final com.sun.management.OperatingSystemMXBean os;

    private final byte[] nonce = RunKey.nonce();
    private volatile long lastHeard = System.nanoTime();
    /** Guards the call (not thread-safe), the state, the current task and the end. */
    private final Object lock = new Object();
    private boolean challenged;
    private boolean welcomed;
    private long heartbeatMs;
    private long currentLease = -1;
    private Future<?> currentTask;
    /**
     * A Cancel that overtook its task: the master deals on one thread and cancels on another, so the
     * Cancel of a lease can arrive before the lease's task. That task is then answered at once, unrun.
     */
    private long cancelledAhead = -1;
    private End end;
    private String endReason;

    /**
     * Connects at once; the conversation runs on the channel's thread.
     *
     * @param master the master's address
     * @param credentials TLS (trusting the master's certificate) or plaintext
     * @param authority the name the master's certificate must carry, if not the address's host
     * @param childModel the interpreter tasks run in: {@code serial} or {@code gil-emulated}
     * @param maxTaskBytes the largest task message accepted (slices carry their elements)
     */
    Worker(InetSocketAddress master, ChannelCredentials credentials, String authority, RunKey key, String childModel,
            int maxTaskBytes, String name) {
        this.key = key;
        this.name = name;
        this.interpreter = Model.named(childModel).open(ModelSpec.of(1));
        // Loaded before connecting, so its ~25 ms of class loading are start-up, not the first task.
        this.os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(master, credentials)
                .eventLoopGroup(loops)
                .channelType(NioSocketChannel.class)
                .offloadExecutor(offload)
                .directExecutor() // the listener only hands tasks to the task thread: no thread hop
                .maxInboundMessageSize(maxTaskBytes)
                .maxInboundMetadataSize(Master.MAX_METADATA);
        if (authority != null) {
            builder.overrideAuthority(authority);
        }
        this.channel = builder.build();
        // Every byte from the master counts as the master speaking, not only whole messages: a 100 MB slice
        // takes seconds to arrive on a busy machine, and the beats queued behind it on the stream with it.
        ClientStreamTracer.Factory hearing = new ClientStreamTracer.Factory() {
            @Override
            public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
                return new ClientStreamTracer() {
                    @Override
                    public void inboundWireSize(long bytes) {
                        lastHeard = System.nanoTime();
                    }
                };
            }
        };
        this.call = channel.newCall(DistributedService.WORK, CallOptions.DEFAULT.withStreamTracerFactory(hearing));
        call.start(new Listener(), new Metadata());
        call.request(1);
        beats.schedule(this::checkChallenged, HELLO_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Blocks until the worker's life ends and says how. */
    End await() throws InterruptedException {
        ended.await();
        synchronized (lock) {
            return end;
        }
    }

    /** The end, or null while it runs. */
    End end() {
        synchronized (lock) {
            return end;
        }
    }

    /** Why it ended, in words (for the one line a worker prints). */
    String endReason() {
        synchronized (lock) {
            return endReason;
        }
    }

    /** Ends the conversation (if it still runs) and stops every thread, waiting a bounded time. Idempotent. */
    @Override
    public void close() {
        finish(End.CLOSED, "closed by its owner");
        channel.shutdownNow();
        try {
            channel.awaitTermination(Net.CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Net.shutdown(beats);
        Net.shutdown(taskThread);
        Net.shutdown(offload);
        Net.shutdown(loops);
        interpreter.close();
    }

    private void checkChallenged() {
        synchronized (lock) {
            if (challenged) {
                return;
            }
        }
        finish(End.MASTER_GONE, "no Challenge from the master within " + HELLO_WAIT.toSeconds() + " s");
    }

    private final class Listener extends ClientCall.Listener<MasterMessage> {
        @Override
        public void onMessage(MasterMessage m) {
            lastHeard = System.nanoTime();
            if (handle(m)) {
                call.request(1);
            }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            String how = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription())
                    + (status.getCause() == null ? "" : " (" + status.getCause() + ")");
            if (status.isOk()) {
                finish(End.MASTER_CLOSED, "the master closed the stream (" + how + ")");
            } else if (status.getCode() == Status.Code.UNAUTHENTICATED) {
                finish(End.REFUSED, "the master refused this worker: " + how);
            } else if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED || status.getCode() == Status.Code.INTERNAL) {
                finish(End.PROTOCOL, "the stream broke: " + how);
            } else {
                finish(End.MASTER_GONE, "the master is gone: " + how);
            }
        }
    }

    /** One message from the master, in the order distributed.proto gives; false once the worker ended. */
    private boolean handle(MasterMessage m) {
        return switch (m.getKindCase()) {
            case CHALLENGE -> challenge(m.getChallenge());
            case WELCOME -> welcome(m.getWelcome());
            case TASK -> task(m.getTask());
            case CANCEL -> cancel(m.getCancel().getLease());
            case BEAT -> true;
            case KIND_NOT_SET -> protocol("a message of no known kind");
        };
    }

    private boolean challenge(Challenge c) {
        synchronized (lock) {
            if (challenged) {
                return protocolLocked("a second Challenge");
            }
            challenged = true;
            if (c.getVersion() != DistributedService.VERSION) {
                finishLocked(End.REFUSED, "the master speaks wire version " + c.getVersion() + ", this worker "
                        + DistributedService.VERSION);
                return false;
            }
            return sendLocked(WorkerMessage.newBuilder().setHello(Hello.newBuilder()
                    .setVersion(DistributedService.VERSION)
                    .setProof(ByteString.copyFrom(key.proof(RunKey.WORKER_LABEL, c.getNonce().toByteArray())))
                    .setNonce(ByteString.copyFrom(nonce))
                    .setName(name)
                    .setPid(ProcessHandle.current().pid())
                    .setCpuNs(cpuNanos())).build());
        }
    }

    private boolean welcome(Welcome w) {
        synchronized (lock) {
            if (!challenged || welcomed) {
                return protocolLocked("a Welcome out of turn");
            }
            if (!key.verify(RunKey.MASTER_LABEL, nonce, w.getProof().toByteArray())) {
                finishLocked(End.REFUSED, "the master could not prove the run key: not the master of this run");
                return false;
            }
            welcomed = true;
            heartbeatMs = Math.max(10, w.getHeartbeatMs());
        }
        beats.scheduleWithFixedDelay(this::beat, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
        return true;
    }

    private boolean task(TaskMessage m) {
        Task task;
        try {
            task = TaskCodec.decode(m);
        } catch (IllegalArgumentException e) {
            return protocol("a malformed task: " + e.getMessage());
        }
        synchronized (lock) {
            if (!welcomed || currentLease >= 0) {
                return protocolLocked(welcomed ? "a second task before the first was answered" : "a task before Welcome");
            }
            long lease = m.getLease();
            currentLease = lease;
            if (lease == cancelledAhead) {
                currentTask = taskThread.submit(() -> answer(lease, null));
            } else {
                currentTask = taskThread.submit(() -> answer(lease, task));
            }
        }
        return true;
    }

    private boolean cancel(long lease) {
        synchronized (lock) {
            if (currentLease == lease && currentTask != null) {
                currentTask.cancel(true); // a sleep ends at once; a CPU-bound kernel runs to its end
            } else if (lease > currentLease) {
                cancelledAhead = lease; // its task is on the way
            }
        }
        return true;
    }

    /** Runs one task on the task thread and sends its Result: the seed's {@code result.put(r)}. Null: cancelled. */
    private void answer(long lease, Task task) {
        Result.Builder r = Result.newBuilder().setLease(lease);
        try {
            if (task == null) {
                throw new InterruptedException("cancelled before it started");
            }
            r.setValue(interpreter.run(List.of(task))[0]);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof ExecutionException inner && inner.getCause() != null
                    ? inner.getCause() : e.getCause() != null ? e.getCause() : e;
            r.setFailure(summary(cause));
        } catch (InterruptedException e) {
            r.setFailure("cancelled by the master");
        } catch (RuntimeException | Error e) {
            r.setFailure(summary(e));
        }
        r.setCpuNs(cpuNanos());
        synchronized (lock) {
            currentLease = -1;
            currentTask = null;
            Thread.interrupted(); // a Cancel that came after the answer must not hit the next task
            sendLocked(WorkerMessage.newBuilder().setResult(r).build());
        }
    }

    private void beat() {
        long silentMs = (System.nanoTime() - lastHeard) / 1_000_000;
        long limitMs = masterSilenceMs();
        if (silentMs > limitMs) {
            finish(End.MASTER_GONE, "the master has been silent for " + silentMs + " ms (more than " + limitMs + ")");
            return;
        }
        synchronized (lock) {
            sendLocked(WorkerMessage.newBuilder().setBeat(Beat.getDefaultInstance()).build());
        }
    }

    /** The master beats every heartbeat: four missed beats (at least 2 s, at most 10 s) mean it is gone. */
    private long masterSilenceMs() {
        return Math.clamp(4 * heartbeatMs, 2000, 10_000);
    }

    private boolean sendLocked(WorkerMessage m) {
        if (end != null) {
            return false;
        }
        try {
            call.sendMessage(m);
            return true;
        } catch (RuntimeException e) {
            finishLocked(End.MASTER_GONE, "cannot send to the master: " + e);
            return false;
        }
    }

    private boolean protocol(String what) {
        synchronized (lock) {
            return protocolLocked(what);
        }
    }

    private boolean protocolLocked(String what) {
        finishLocked(End.PROTOCOL, "the master sent " + what);
        return false;
    }

    private void finish(End how, String why) {
        synchronized (lock) {
            finishLocked(how, why);
        }
    }

    /** The first end wins; the stream is cancelled (a no-op when the master ended it). */
    private void finishLocked(End how, String why) {
        if (end != null) {
            return;
        }
        end = how;
        endReason = why;
        if (currentTask != null) {
            currentTask.cancel(true);
        }
        try {
            call.cancel(why, null);
        } catch (RuntimeException e) {
            // already closed
        }
        ended.countDown();
    }

    long uptimeMs() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private long cpuNanos() {
        long ns = os.getProcessCpuTime();
        return Math.max(ns, 0);
    }

    private static String summary(Throwable t) {
        String s = String.valueOf(t);
        return s.length() > MAX_SUMMARY ? s.substring(0, MAX_SUMMARY) + "..." : s;
    }
}
