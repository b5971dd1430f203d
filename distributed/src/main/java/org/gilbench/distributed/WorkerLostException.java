package org.gilbench.distributed;

/**
 * A task could not be answered because of its workers, not because it threw: it lost its worker
 * {@code max-attempts} times, ran past {@code task-timeout-s}, or no worker was connected at all.
 */
public final class WorkerLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    WorkerLostException(String reason) {
        super(reason);
    }
}
