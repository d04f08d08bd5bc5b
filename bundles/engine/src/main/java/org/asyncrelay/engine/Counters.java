package org.asyncrelay.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.ConnectStats;
import org.asyncrelay.api.LatencyRecorder;
import org.asyncrelay.api.RelayStats;

/** The counters of one service and of each backend it has used or tried. */
final class Counters {

    final ServiceCounters service = new ServiceCounters();
    private final Map<BackendAddress, ServiceCounters> backends = new ConcurrentHashMap<>();
    private final Map<BackendAddress, Connects> connects = new ConcurrentHashMap<>();

    /** How connecting to one backend went: latency of the successes, failures by reason. */
    static final class Connects {
        final LatencyRecorder latency = new LatencyRecorder();
        final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

        ConnectStats snapshot() {
            Map<String, Long> byReason = new HashMap<>();
            failures.forEach((reason, n) -> byReason.put(reason, n.sum()));
            return new ConnectStats(byReason, latency.snapshot());
        }
    }

    ServiceCounters backend(BackendAddress backend) {
        return backends.computeIfAbsent(backend, b -> new ServiceCounters());
    }

    Connects connects(BackendAddress backend) {
        return connects.computeIfAbsent(backend, b -> new Connects());
    }

    /** Every address of {@code backend} failed for one connection or session, the last for {@code cause}. */
    void connectFailed(BackendAddress backend, Throwable cause) {
        service.connectFailures.increment();
        backend(backend).connectFailures.increment();
        connects(backend)
                .failures
                .computeIfAbsent(ConnectFailure.reason(cause), r -> new LongAdder())
                .increment();
    }

    Map<BackendAddress, ConnectStats> connectSnapshots() {
        Map<BackendAddress, ConnectStats> result = new HashMap<>();
        connects.forEach((b, c) -> result.put(b, c.snapshot()));
        return result;
    }

    Map<BackendAddress, RelayStats> backendSnapshots() {
        Map<BackendAddress, RelayStats> result = new HashMap<>();
        backends.forEach((b, c) -> result.put(b, c.snapshot()));
        return result;
    }
}
