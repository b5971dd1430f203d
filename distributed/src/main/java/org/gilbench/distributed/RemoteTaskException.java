package org.gilbench.distributed;

/**
 * A task threw in its worker. Only the worker's one-line summary crosses the wire (its message here):
 * the exception object itself is never shipped, since rebuilding objects a peer chose is how pickles
 * and Java serialization let a peer run code. A worker that failed as a process is reported with
 * {@link WorkerLostException} instead.
 */
public final class RemoteTaskException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RemoteTaskException(String summary) {
        super(summary);
    }
}
