package org.gilbench.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master's JVM ends (SIGKILL: no hook runs; SIGTERM: the shutdown hook runs) while it has a local
 * worker and a remote one — a worker started by hand in another process tree, as on a second machine:
 * both workers exit within seconds, and nothing is left behind.
 */
class MasterGoneTest {

    private static final Pattern LISTENING = Pattern.compile("master listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path tmp;

    /** Both at once (each is three JVMs starting), on different ports: the test takes one scenario's time. */
    @Test
    void workersExitWhenTheMasterIsKilledOrTerminated() throws Exception {
        java.util.concurrent.ExecutorService both = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var kill = both.submit(() -> {
                killMasterAndCheckWorkers("KILL", tmp.resolve("kill"));
                return null;
            });
            var term = both.submit(() -> {
                killMasterAndCheckWorkers("TERM", tmp.resolve("term"));
                return null;
            });
            kill.get(120, TimeUnit.SECONDS);
            term.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        } finally {
            both.shutdownNow();
        }
    }

    private void killMasterAndCheckWorkers(String signal, Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Path keyFile = dir.resolve("run.key");
        Process master = new ProcessBuilder(java, "-cp", cp, MasterMain.class.getName(), "--workers", "2",
                "--options", "remote=1;port=0;key-file=" + keyFile, "--workload", "sleep-io", "--rounds", "1", "--hold")
                .start();
        List<Process> started = new ArrayList<>(List.of(master));
        try {
            BlockingQueue<String> out = lines(master.getInputStream());
            BlockingQueue<String> err = lines(master.getErrorStream());
            int port = -1;
            for (String line; port < 0 && (line = err.poll(60, TimeUnit.SECONDS)) != null; ) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertTrue(port > 0, "the master never said where it listens");
            // The remote worker: this test's child, not the master's (another process tree).
            Process remote = new ProcessBuilder(java, "-cp", cp, WorkerMain.class.getName(), "--master", "127.0.0.1:" + port,
                    "--key-file", keyFile.toString(), "--name", "remote-1").redirectErrorStream(true).start();
            started.add(remote);
            BlockingQueue<String> remoteOut = lines(remote.getInputStream());
            List<Long> local = new ArrayList<>();
            boolean verified = false;
            for (String line; !verified && (line = out.poll(60, TimeUnit.SECONDS)) != null; ) {
                if (line.startsWith("local workers: ")) {
                    for (String pid : line.substring("local workers: ".length()).split(" ")) {
                        local.add(Long.parseLong(pid));
                    }
                }
                verified = line.startsWith("sleep-io round 1: ") && line.contains("verified");
            }
            assertTrue(verified, "the master's run did not verify");
            assertEquals(1, local.size(), "local workers " + local);

            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(master.pid())).start().waitFor());
            assertTrue(master.waitFor(30, TimeUnit.SECONDS), "master alive 30 s after SIG" + signal);
            long begin = System.nanoTime();
            Leftovers.assertGone(local, "after SIG" + signal + " to their master (local worker)");
            assertTrue(remote.waitFor(15, TimeUnit.SECONDS), "the remote worker still runs 15 s after its master died");
            long ms = (System.nanoTime() - begin) / 1_000_000;
            assertEquals(1, remote.exitValue(), "exit code 1: master gone");
            String said = String.join("\n", remoteOut);
            assertTrue(said.contains("the master is gone"), said);
            assertTrue(ms < 10_000, "workers took " + ms + " ms to notice");
        } finally {
            started.forEach(Process::destroyForcibly);
        }
    }

    private static BlockingQueue<String> lines(java.io.InputStream in) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    q.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        return q;
    }
}
