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
 */
public record BackendStatus(
        int position,
        int originalIndex,
        BackendAddress backend,
        BackendState state,
        int failures,
        Duration cooldownRemaining,
        List<String> resolvedAddresses) {}
