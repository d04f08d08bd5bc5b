package org.asyncrelay.api;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of one backend of a pool.
 *
 * @param position place in the current queue, from 0
 * @param originalIndex place in the configured list, from 0
 * @param failures consecutive failures since the last success or cooldown
 * @param cooldownRemaining zero unless {@link BackendState#COOLING}
 * @param resolvedAddresses the addresses its host name resolved to, empty before the first lookup
 * @param stateReason why the backend is not AVAILABLE (the last failure, or the operator's action); empty otherwise
 * @param lastCheck the last health check: {@code "ok"}, {@code "failed: <why>"}, or empty when none ran
 * @param lastCheckLatency how long the last health check's connect took
 * @param slowStartShare the share of new connections it takes at its place in the queue: below 1
 *     while slow start runs after its recovery, 1 otherwise
 */
public record BackendStatus(
        int position,
        int originalIndex,
        BackendAddress backend,
        BackendState state,
        String stateReason,
        int failures,
        Duration cooldownRemaining,
        List<String> resolvedAddresses,
        String lastCheck,
        Duration lastCheckLatency,
        double slowStartShare) {

    /** A backend that is not in slow start. */
    public BackendStatus(
            int position,
            int originalIndex,
            BackendAddress backend,
            BackendState state,
            String stateReason,
            int failures,
            Duration cooldownRemaining,
            List<String> resolvedAddresses,
            String lastCheck,
            Duration lastCheckLatency) {
        this(
                position,
                originalIndex,
                backend,
                state,
                stateReason,
                failures,
                cooldownRemaining,
                resolvedAddresses,
                lastCheck,
                lastCheckLatency,
                1);
    }
}
