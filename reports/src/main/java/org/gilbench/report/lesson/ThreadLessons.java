package org.gilbench.report.lesson;

import java.util.List;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.workload.BusyLoop;
import org.gilbench.workload.DaemonThreads;
import org.gilbench.workload.Deadlock;
import org.gilbench.workload.Downloads;
import org.gilbench.workload.PortScan;
import org.gilbench.workload.ResponsiveLoop;
import org.gilbench.workload.SocketIo;
import org.gilbench.workload.SuspensionBank;
import org.gilbench.workload.ThreadLocals;

/**
 * The lessons of threads and real I/O (sockets, port scan, downloads, deadlock, thread-local, daemons, the
 * responsive loop, the busy loop, the event-loop bank) (issue 22), a part of {@link Lessons#ALL}, and the
 * names of their plan entries (the runner's entries use these constants). Entries named for their workload
 * reuse the workload's constant.
 */
public final class ThreadLessons {

    private ThreadLessons() {
    }

    public static final String SOCKET_IO = SocketIo.NAME;
    public static final String DOWNLOADS = Downloads.NAME;
    public static final String PORT_SCAN = PortScan.NAME;
    public static final String SUSPENSION_BANK = SuspensionBank.NAME;
    public static final String BUSY_LOOP = BusyLoop.NAME;
    public static final String DAEMON_THREADS = DaemonThreads.NAME;
    public static final String RESPONSIVE_LOOP = ResponsiveLoop.NAME;
    public static final String DEADLOCK = Deadlock.NAME;
    public static final String THREAD_LOCAL = ThreadLocals.NAME;
    /** The CPython cells (runner: ThreadCPythonCells): asyncio's socket downloads and its bank. */
    public static final String CPYTHON_SOCKET_IO = Workloads.CPYTHON_PREFIX + SocketIo.NAME;
    public static final String CPYTHON_SUSPENSION_BANK = Workloads.CPYTHON_PREFIX + SuspensionBank.NAME;

    /** This group's lessons, in report order. */
    static final List<Lesson> ALL = List.of(new SocketIoLesson(), new ThreadsAtWorkLesson(), new EventLoopSuspensionLesson());

    /** This group's plan-entry names, for {@link PlanEntries#ALL}. */
    public static final List<String> PLAN_ENTRIES = List.of(SOCKET_IO, DOWNLOADS, PORT_SCAN, SUSPENSION_BANK, BUSY_LOOP,
            DAEMON_THREADS, RESPONSIVE_LOOP, DEADLOCK, THREAD_LOCAL, CPYTHON_SOCKET_IO, CPYTHON_SUSPENSION_BANK);
}
