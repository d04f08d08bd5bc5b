package org.asyncrelay.engine;

import java.util.concurrent.atomic.AtomicInteger;

/** {@code max_connections} of a service: how many TCP connections are relayed now, and whether one more may be. */
final class ConnectionLimit {

    private final AtomicInteger open = new AtomicInteger();

    /** Counts a new connection and says whether it may be relayed; {@code max} 0: no limit. */
    boolean admit(int max) {
        int now = open.incrementAndGet();
        if (max <= 0 || now <= max) {
            return true;
        }
        open.decrementAndGet();
        return false;
    }

    /** An admitted connection has closed. */
    void closed() {
        open.decrementAndGet();
    }
}
