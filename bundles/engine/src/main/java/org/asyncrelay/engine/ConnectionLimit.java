package org.asyncrelay.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code max_connections} of a service: how many TCP connections are relayed now, and whether one
 * more may be. What is refused is counted and logged at most once per {@value #LOG_EVERY_SECONDS} s.
 */
final class ConnectionLimit {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);
    static final long LOG_EVERY_SECONDS = 10;

    private final String service;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder refused;
    private final AtomicLong refusedUnlogged = new AtomicLong();
    private final AtomicLong nextLog = new AtomicLong(System.nanoTime());

    ConnectionLimit(String service, LongAdder refused) {
        this.service = service;
        this.refused = refused;
    }

    /** Counts a new connection and says whether it may be relayed; {@code max} 0: no limit. */
    boolean admit(int max) {
        int now = open.incrementAndGet();
        if (max <= 0 || now <= max) {
            return true;
        }
        open.decrementAndGet();
        refused.increment();
        long unlogged = refusedUnlogged.incrementAndGet();
        long t = System.nanoTime();
        long due = nextLog.get();
        if (t - due >= 0 && nextLog.compareAndSet(due, t + TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS))) {
            refusedUnlogged.addAndGet(-unlogged);
            LOG.warn("relay {}: max_connections {} reached, {} connection(s) refused", service, max, unlogged);
        }
        return false;
    }

    /** An admitted connection has closed. */
    void closed() {
        open.decrementAndGet();
    }
}
