package org.asyncrelay.pool;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendSelection;
import org.asyncrelay.api.BackendState;
import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.LatencyHistogram;
import org.asyncrelay.api.LatencyRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link BackendPool} of one service: its queue, its lookups and what it logs. */
final class ServiceBackendPool implements BackendPool {

    /** Every check's duration, failed ones too (their timeout, or how soon the refusal came). */
    private final Map<BackendAddress, LatencyRecorder> checkLatencies = new ConcurrentHashMap<>();

    private static final Logger LOG = LoggerFactory.getLogger(ServiceBackendPool.class);

    private final String serviceName;
    private final BackendQueue queue;
    private final AddressLookup lookup;
    private final PoolEvents events;
    private volatile boolean healthCheckEnabled;
    private final java.util.Map<BackendAddress, List<InetSocketAddress>> recorded =
            new java.util.concurrent.ConcurrentHashMap<>();

    ServiceBackendPool(String serviceName, BackendQueue queue, AddressLookup lookup, PoolEvents events) {
        this.serviceName = serviceName;
        this.queue = queue;
        this.lookup = lookup;
        this.events = events;
    }

    @Override
    public String serviceName() {
        return serviceName;
    }

    @Override
    public boolean healthCheckEnabled() {
        return healthCheckEnabled;
    }

    void healthCheckEnabled(boolean enabled) {
        healthCheckEnabled = enabled;
    }

    @Override
    public BackendSelection select() {
        BackendQueue.Candidates c = queue.candidates();
        if (c.allCooling()) {
            LOG.debug("relay {}: every backend is cooling down, trying them all anyway", serviceName);
            announceIfAllUnavailable();
        }
        return new PoolSelection(this, c.backends());
    }

    @Override
    public List<BackendStatus> backends() {
        return queue.snapshot();
    }

    void reconfigure(List<BackendAddress> backends, Duration cooldown) {
        queue.reconfigure(backends, cooldown);
        recorded.clear();
    }

    @Override
    public boolean drain(BackendAddress backend) {
        return operator(backend, BackendState.DRAINING, "drained: no new connections");
    }

    @Override
    public boolean disable(BackendAddress backend) {
        return operator(backend, BackendState.DISABLED, "disabled");
    }

    @Override
    public boolean enable(BackendAddress backend) {
        return operator(backend, BackendState.AVAILABLE, "enabled");
    }

    @Override
    public boolean resetCooldown(BackendAddress backend) {
        boolean known = queue.resetCooldown(backend);
        if (known) {
            LOG.info("relay {}: backend {} cooldown reset by an operator", serviceName, backend);
        }
        return known;
    }

    @Override
    public boolean coolDownAsSeenElsewhere(BackendAddress backend, Duration remaining) {
        boolean known = queue.coolDown(backend, remaining, "failed on another relay of the cluster");
        if (known) {
            LOG.info(
                    "relay {}: backend {} failed on another relay of the cluster: cooling down for {} s",
                    serviceName,
                    backend,
                    remaining.toSeconds());
        }
        return known;
    }

    @Override
    public boolean recoveredAsSeenElsewhere(BackendAddress backend) {
        boolean wasCooling = queue.recordSuccess(backend);
        if (wasCooling) {
            LOG.info("relay {}: backend {} recovered on another relay of the cluster", serviceName, backend);
        }
        return wasCooling;
    }

    private boolean operator(BackendAddress backend, BackendState state, String what) {
        boolean known = queue.setOperatorState(backend, state);
        if (known) {
            LOG.info("relay {}: backend {} {} by an operator", serviceName, backend, what);
            events.operator(serviceName, backend, state);
        }
        return known;
    }

    @Override
    public boolean operatorStateAsSeenElsewhere(BackendAddress backend, BackendState state) {
        if (state != BackendState.DRAINING && state != BackendState.DISABLED && state != BackendState.AVAILABLE) {
            return false;
        }
        boolean known = queue.setOperatorState(backend, state);
        if (known) {
            LOG.info(
                    "relay {}: backend {} {} by an operator of another relay of the cluster",
                    serviceName,
                    backend,
                    state == BackendState.AVAILABLE ? "enabled" : state.name().toLowerCase(java.util.Locale.ROOT));
        }
        return known;
    }

    void failback(boolean failback, Duration slowStart) {
        queue.failback(failback, slowStart);
    }

    boolean probed(BackendAddress backend) {
        return queue.probed(backend);
    }

    List<BackendAddress> backendList() {
        return queue.backendList();
    }

    void checked(BackendAddress backend, String result, Duration latency) {
        queue.recordCheck(backend, result, latency);
        checkLatencies.computeIfAbsent(backend, b -> new LatencyRecorder()).record(latency.toNanos());
    }

    @Override
    public Map<BackendAddress, LatencyHistogram> healthCheckLatencies() {
        Map<BackendAddress, LatencyHistogram> result = new HashMap<>();
        checkLatencies.forEach((b, r) -> result.put(b, r.snapshot()));
        return result;
    }

    CompletionStage<List<InetSocketAddress>> resolve(BackendAddress backend) {
        return lookup.resolve(backend).whenComplete((addresses, e) -> {
            // #4: the lookup hands out the same list while the answer is the same: record changes only
            if (addresses != null
                    && recorded.get(backend) != addresses
                    && recorded.put(backend, addresses) != addresses) {
                queue.recordResolved(
                        backend,
                        addresses.stream()
                                .filter(a -> a.getAddress() != null)
                                .map(a -> a.getAddress().getHostAddress())
                                .toList());
            }
        });
    }

    void succeeded(BackendAddress backend) {
        if (queue.recordSuccess(backend)) {
            LOG.info("relay {}: backend {} recovered, cooldown cleared", serviceName, backend);
            publish(org.asyncrelay.api.RelayEvents.BACKEND_RECOVERED, backend, 0);
        }
    }

    BackendQueue.FailureOutcome failed(BackendAddress backend, Throwable cause) {
        BackendQueue.FailureOutcome outcome = queue.recordFailure(backend, reason(cause));
        switch (outcome) {
            case RETRY -> {
                lookup.invalidate(backend.host());
                LOG.debug(
                        "relay {}: backend {} failed ({}), DNS entry cleared, retrying",
                        serviceName,
                        backend,
                        reason(cause));
            }
            case COOLDOWN -> {
                LOG.warn(
                        "relay {}: backend {} failed twice ({}), moved to the end of the queue, cooldown {}s",
                        serviceName,
                        backend,
                        reason(cause),
                        queue.cooldown().toSeconds());
                publish(org.asyncrelay.api.RelayEvents.BACKEND_FAILED, backend, 2);
                announceIfAllUnavailable();
            }
            // one line per client while every backend is down would flood the log: the
            // transition was logged and announced once
            case COOLDOWN_AGAIN ->
                LOG.debug(
                        "relay {}: backend {} still failing ({}), cooldown restarted",
                        serviceName,
                        backend,
                        reason(cause));
        }
        return outcome;
    }

    private void announceIfAllUnavailable() {
        if (queue.announceAllUnavailable()) {
            LOG.warn("relay {}: every backend is cooling down; they are still tried, in queue order", serviceName);
            events.publish(
                    org.asyncrelay.api.RelayEvents.ALL_BACKENDS_UNAVAILABLE,
                    serviceName,
                    null,
                    "",
                    queue.total(),
                    0,
                    queue.total());
        }
    }

    private void publish(String event, BackendAddress backend, int failures) {
        List<String> ips = queue.resolvedOf(backend);
        events.publish(
                event,
                serviceName,
                backend,
                ips.isEmpty() ? "" : ips.get(0),
                failures,
                queue.availableCount(),
                queue.total());
    }

    private static String reason(Throwable cause) {
        Throwable c = cause;
        while (c.getCause() != null && c.getMessage() == null) {
            c = c.getCause();
        }
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }
}
