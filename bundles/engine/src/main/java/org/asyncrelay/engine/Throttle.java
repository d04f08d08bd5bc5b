package org.asyncrelay.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One warning that may happen per connection, logged at most once per {@value #EVERY_SECONDS} s
 * with how often it happened since: a flood of clients must not become a flood of log lines.
 */
final class Throttle {

    static final long EVERY_SECONDS = 10;

    private final AtomicLong unlogged = new AtomicLong();
    private final AtomicLong nextLog = new AtomicLong(System.nanoTime());

    /** Counts one occurrence; when a line is due, how many it stands for (this one included), else 0. */
    long occurred() {
        long n = unlogged.incrementAndGet();
        long now = System.nanoTime();
        long due = nextLog.get();
        if (now - due >= 0 && nextLog.compareAndSet(due, now + TimeUnit.SECONDS.toNanos(EVERY_SECONDS))) {
            unlogged.addAndGet(-n);
            return n;
        }
        return 0;
    }
}
