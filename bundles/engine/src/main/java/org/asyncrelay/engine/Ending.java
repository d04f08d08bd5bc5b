package org.asyncrelay.engine;

/**
 * How a relayed connection or session ended, as the access log writes it: the first of these that
 * happened to it.
 */
final class Ending {

    /** The client sent its FIN first (TCP). */
    static final String CLIENT_CLOSED = "client_closed";
    /** The backend sent its FIN first (TCP). */
    static final String BACKEND_CLOSED = "backend_closed";

    static final String CLIENT_RESET = "client_reset";
    static final String BACKEND_RESET = "backend_reset";
    /** Nothing either way for the service's idle timeout. */
    static final String IDLE_TIMEOUT = "idle_timeout";
    /** Every backend failed. */
    static final String NO_BACKEND = "no_backend";
    /** The backend refused the session's datagrams (ICMP port unreachable) after it had answered. */
    static final String BACKEND_UNREACHABLE = "backend_unreachable";
    /** The service stopped or its listener changed. */
    static final String STOPPED = "stopped";

    private Ending() {}
}
