package org.gilbench.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * JMH's machine-wide lock ({@code java.io.tmpdir/jmh.lock}), held for the whole run: JMH takes it per
 * {@code Runner.run}, which would let another JMH run on this machine slip in between two cells and load
 * the machine under ours. Holding it here, the runner tells its own Runner calls to skip it
 * ({@code jmh.ignoreLock}); others wait (or fail with "Unable to acquire the JMH lock").
 */
final class JmhLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private JmhLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Null when another process holds it. */
    static JmhLock tryAcquire() throws IOException {
        Path path = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            return null;
        }
        System.setProperty("jmh.ignoreLock", "true");
        return new JmhLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
