package org.gilbench.distributed;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.gilbench.model.Model;

/**
 * A distributed worker's main class: seed 002's {@code task_worker.py} as a command. The master starts
 * its local workers with it; on another machine a person starts one by hand:
 *
 * <pre>
 * java -cp distributed.jar org.gilbench.distributed.WorkerMain --master HOST:PORT --key-file FILE [--tls-ca FILE]
 * </pre>
 *
 * <p>The run key comes from {@code --key-file} (the file the master wrote, copied over) or from the
 * environment variable {@code GILBENCH_DISTRIBUTED_KEY}; there is deliberately no option that takes the
 * key itself, since a command line is visible to every user of the machine ({@code ps}). A master that
 * is not on loopback must be reached over TLS: {@code --tls-ca} names the certificate to trust (the
 * master prints where its self-signed one is).
 *
 * <p>Exit codes: 0 the master closed the run; 1 the master is gone (unreachable, disconnected, silent);
 * 2 bad usage; 3 refused (wrong key, or the master could not prove the key); 4 the stream broke the
 * protocol. One line on stderr says why.
 */
public final class WorkerMain {

    static final int EXIT_USAGE = 2;
    /** The interpreters a worker can run its tasks in (each opened with one worker), as forked-process's children. */
    static final Set<String> CHILD_MODELS = Set.of(Model.SERIAL.label(), Model.GIL_EMULATED.label());
    /** Default cap of one task message: a materialised range-sum slice of the seed's 1e8 / 8 is 100 MB. */
    static final int DEFAULT_MAX_TASK_MB = 256;

    private static final String USAGE = """
            usage: java -cp distributed.jar org.gilbench.distributed.WorkerMain --master HOST:PORT
                       [--key-file FILE] [--tls-ca FILE] [--tls-authority NAME] [--model serial|gil-emulated]
                       [--name NAME] [--max-task-mb N]
              --master HOST:PORT   the master to join (the line the master printed says which)
              --key-file FILE      the run key, hex (default: environment variable GILBENCH_DISTRIBUTED_KEY);
                                   never the key itself on the command line
              --tls-ca FILE        trust this PEM certificate and use TLS (needed for a master not on loopback)
              --tls-authority NAME the name in the master's certificate, if HOST is not it
              --model NAME         the interpreter tasks run in: serial (default) or gil-emulated
              --name NAME          how the master's log lines call this worker (default: host pid N)
              --max-task-mb N      largest task accepted, MiB (default 256)
            exit: 0 run over, 1 master gone, 2 bad usage, 3 refused, 4 protocol error""";

    private static final Set<String> VALUED = Set.of("--master", "--key-file", "--tls-ca", "--tls-authority", "--model",
            "--name", "--max-task-mb");

    private WorkerMain() {
    }

    public static void main(String[] args) {
        System.setOut(System.err); // nothing of this worker belongs on stdout: its parent may read it
        Options o;
        Worker worker;
        try {
            o = Options.parse(args, System.getenv());
            if (o == null) {
                System.err.println(USAGE);
                Runtime.getRuntime().halt(0);
                return;
            }
            if (o.parentPipe) {
                watchParent();
            }
            worker = new Worker(o.master, o.credentials, o.authority, o.key, o.model, o.maxTaskBytes, o.name);
        } catch (IllegalArgumentException e) {
            System.err.println("gilbench worker: " + e.getMessage());
            System.err.println("(--help for usage)");
            Runtime.getRuntime().halt(EXIT_USAGE);
            return;
        }
        Worker.End end;
        try {
            end = worker.await();
        } catch (InterruptedException e) {
            end = Worker.End.CLOSED;
        }
        if (!o.parentPipe || end != Worker.End.MASTER_CLOSED) {
            System.err.println("gilbench worker " + o.name + ": " + worker.endReason() + " after " + worker.uptimeMs()
                    + " ms; exiting (" + end.exitCode + ")");
        }
        System.err.flush();
        // halt, not exit: nothing to run at exit, and a task that ignores the cancel must not hold the JVM.
        Runtime.getRuntime().halt(end.exitCode);
    }

    /**
     * Local workers only: the master's JVM holds our stdin; its end (the master exited, even by SIGKILL)
     * ends this worker at once, before any network timeout notices.
     */
    private static void watchParent() {
        Thread.ofPlatform().daemon(true).name(Net.PREFIX + "worker-parent").start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the master never writes: any byte is ignored
                }
            } catch (IOException e) {
                // the pipe broke: the same as its end
            }
            Runtime.getRuntime().halt(0);
        });
    }

    /** The parsed command line. */
    record Options(InetSocketAddress master, RunKey key, ChannelCredentials credentials, String authority, String model,
            String name, int maxTaskBytes, boolean parentPipe) {

        /**
         * @return null for --help
         * @throws IllegalArgumentException naming the bad argument, in one line
         */
        static Options parse(String[] args, Map<String, String> env) {
            String master = null;
            String keyFile = null;
            String ca = null;
            String authority = null;
            String model = Model.SERIAL.label();
            String name = null;
            int maxTaskMb = DEFAULT_MAX_TASK_MB;
            boolean parentPipe = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    return null;
                }
                if (a.equals("--parent-pipe")) {
                    parentPipe = true;
                    continue;
                }
                if (a.equals("--key")) {
                    throw new IllegalArgumentException("--key: the key is never taken on the command line (every user"
                            + " can read it in ps); use --key-file FILE or the environment variable " + RunKey.ENV);
                }
                if (!VALUED.contains(a)) {
                    throw new IllegalArgumentException("unknown option '" + a + "' (known: --help, "
                            + String.join(", ", VALUED.stream().sorted().toList()) + ")");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--master" -> master = v;
                    case "--key-file" -> keyFile = v;
                    case "--tls-ca" -> ca = v;
                    case "--tls-authority" -> authority = v;
                    case "--model" -> model = v;
                    case "--name" -> name = v;
                    case "--max-task-mb" -> maxTaskMb = parseInt("--max-task-mb", v, 1, 2047);
                    default -> throw new IllegalStateException(a);
                }
            }
            if (master == null) {
                throw new IllegalArgumentException("--master HOST:PORT is required");
            }
            InetSocketAddress address = address(master);
            if (!CHILD_MODELS.contains(model)) {
                throw new IllegalArgumentException("bad --model '" + model + "' (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(CHILD_MODELS)) + ")");
            }
            RunKey key;
            if (keyFile != null) {
                Path file = Path.of(keyFile);
                key = RunKey.read(file);
                if (RunKey.readableByOthers(file)) {
                    System.err.println("gilbench worker: warning: key file " + file + " is readable by other users"
                            + " (chmod 600 " + file + ")");
                }
            } else if (env.get(RunKey.ENV) != null) {
                key = RunKey.parse(env.get(RunKey.ENV), "environment variable " + RunKey.ENV);
            } else {
                throw new IllegalArgumentException("no run key: give --key-file FILE (the file the master wrote) or set "
                        + RunKey.ENV);
            }
            ChannelCredentials credentials;
            if (ca != null) {
                Path caFile = Path.of(ca);
                if (!Files.isReadable(caFile)) {
                    throw new IllegalArgumentException("--tls-ca " + ca + ": no such readable file");
                }
                try {
                    credentials = TlsChannelCredentials.newBuilder().trustManager(caFile.toFile()).build();
                } catch (IOException e) {
                    throw new IllegalArgumentException("--tls-ca " + ca + ": not a PEM certificate: " + e.getMessage(), e);
                }
            } else if (address.getAddress().isLoopbackAddress()) {
                credentials = InsecureChannelCredentials.create();
            } else {
                throw new IllegalArgumentException("--master " + master + " is not on loopback: the connection must use"
                        + " TLS, give --tls-ca FILE (the certificate the master printed)");
            }
            if (name == null) {
                name = hostName() + " pid " + ProcessHandle.current().pid();
            }
            return new Options(address, key, credentials, authority, model, name, maxTaskMb * 1024 * 1024, parentPipe);
        }

        private static InetSocketAddress address(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostPort.length() - 1) {
                throw new IllegalArgumentException("bad --master '" + hostPort + "' (expected HOST:PORT, e.g. 192.0.2.7:5000)");
            }
            String host = hostPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1); // [::1]:5000
            }
            int port = parseInt("--master port", hostPort.substring(colon + 1), 1, 65535);
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--master " + hostPort + ": unknown host " + host, e);
            }
        }

        private static int parseInt(String what, String v, int min, int max) {
            try {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("bad " + what + " '" + v + "' (expected " + min + ".." + max + ")");
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "unknown-host";
            }
        }
    }
}
