package org.asyncrelay.engine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes {@code 2026-12-02T10:40:01.123Z} for the access log, formatting the date and time of day
 * once per second: one thread's, not thread-safe.
 */
final class LogTime {

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);

    private long second = Long.MIN_VALUE;
    private String prefix;

    void append(StringBuilder out, long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000);
        if (s != second) {
            second = s;
            prefix = SECONDS.format(Instant.ofEpochSecond(s));
        }
        int millis = (int) Math.floorMod(epochMillis, 1000);
        out.append(prefix)
                .append(millis < 10 ? "00" : millis < 100 ? "0" : "")
                .append(millis)
                .append('Z');
    }
}
