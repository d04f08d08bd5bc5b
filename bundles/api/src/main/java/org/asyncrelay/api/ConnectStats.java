package org.asyncrelay.api;

import java.util.List;
import java.util.Map;

/**
 * How connecting to one backend of a service has gone since the service started.
 *
 * @param failuresByReason failed attempts by {@link #REASONS reason}
 * @param latency how long the successful connects took (TCP: until the backend accepted; UDP:
 *     until it first answered)
 */
public record ConnectStats(Map<String, Long> failuresByReason, LatencyHistogram latency) {

    /** Why a connect failed: refused, timed out, unreachable (host, network or ICMP port), no address, or other. */
    public static final List<String> REASONS = List.of("refused", "timeout", "unreachable", "dns", "other");

    public ConnectStats {
        failuresByReason = Map.copyOf(failuresByReason);
    }
}
