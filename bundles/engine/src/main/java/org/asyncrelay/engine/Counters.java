package org.asyncrelay.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.RelayStats;

/** The counters of one service and of each backend it has used. */
final class Counters {

    final ServiceCounters service = new ServiceCounters();
    private final Map<BackendAddress, ServiceCounters> backends = new ConcurrentHashMap<>();

    ServiceCounters backend(BackendAddress backend) {
        return backends.computeIfAbsent(backend, b -> new ServiceCounters());
    }

    /** Every address of {@code backend} failed for one connection or session. */
    void connectFailed(BackendAddress backend) {
        service.connectFailures.increment();
        backend(backend).connectFailures.increment();
    }

    Map<BackendAddress, RelayStats> backendSnapshots() {
        Map<BackendAddress, RelayStats> result = new java.util.HashMap<>();
        backends.forEach((b, c) -> result.put(b, c.snapshot()));
        return result;
    }
}
