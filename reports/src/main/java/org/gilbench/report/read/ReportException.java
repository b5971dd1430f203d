package org.gilbench.report.read;

/**
 * A problem the user can fix (missing folder, corrupt file, unusable data), told in one line that
 * names the file or value at fault. {@code org.gilbench.report.Main} prints the message and exits 1, never a stack trace.
 */
public final class ReportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
