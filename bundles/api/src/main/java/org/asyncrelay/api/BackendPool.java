package org.asyncrelay.api;

import java.util.List;
import java.util.Map;

/**
 * The ordered backends of one service and the failover rules between them. Registered by the pool
 * bundle per service configuration, with service property {@value RelayPids#SERVICE_NAME_PROPERTY}.
 * Thread-safe; no method blocks.
 */
public interface BackendPool {

    String serviceName();

    /** Whether TCP health checks probe this pool's backends. */
    boolean healthCheckEnabled();

    /** Starts choosing a backend for one client connection or UDP session. */
    BackendSelection select();

    /** How long each backend's health checks took, for the backends probed so far. */
    default Map<BackendAddress, LatencyHistogram> healthCheckLatencies() {
        return Map.of();
    }

    /** The queue as it stands, in the order backends are tried. */
    List<BackendStatus> backends();

    /** No new connections to {@code backend}; established ones go on. Returns false for an unknown backend. */
    boolean drain(BackendAddress backend);

    /** Never try {@code backend}, even as a last resort, and stop probing it. */
    boolean disable(BackendAddress backend);

    /** Undoes {@link #drain} and {@link #disable}. */
    boolean enable(BackendAddress backend);

    /** Ends a cooldown now and forgets the backend's failures. */
    boolean resetCooldown(BackendAddress backend);

    /**
     * #21: another relay of the cluster saw {@code backend} fail twice: it goes to the end of the
     * queue and cools down for {@code remaining} as if it had failed here, but no event is posted
     * (the relay that saw it posted one). Returns false for an unknown backend.
     */
    default boolean coolDownAsSeenElsewhere(BackendAddress backend, java.time.Duration remaining) {
        return false;
    }

    /**
     * #21: another relay of the cluster saw {@code backend} recover: its cooldown ends as if it had
     * recovered here (back to its place with failback), without an event.
     */
    default boolean recoveredAsSeenElsewhere(BackendAddress backend) {
        return false;
    }

    /**
     * #21: an operator of another relay of the cluster drained, disabled or enabled {@code backend}
     * ({@link BackendState#DRAINING}, {@link BackendState#DISABLED}, {@link BackendState#AVAILABLE}):
     * the same here, without posting {@link RelayEvents#TOPIC_OPERATOR} again.
     */
    default boolean operatorStateAsSeenElsewhere(BackendAddress backend, BackendState state) {
        return false;
    }
}
