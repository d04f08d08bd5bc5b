package org.asyncrelay.config.model;

import java.util.List;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.Protocol;

/** One entry of {@code services}: durations in seconds. */
public record ServiceDefinition(
        String name,
        Protocol protocol,
        String listenAddress,
        int listenPort,
        List<BackendAddress> backends,
        long backendCooldown,
        HealthCheckSettings healthCheck,
        EventHookSettings eventHook,
        int connectTimeout,
        int idleTimeout,
        int listenBacklog,
        int udpIdleTimeout,
        int udpMaxSessions,
        boolean failback,
        boolean splice) {

    public static final long DEFAULT_COOLDOWN = 1800;
    public static final int DEFAULT_CONNECT_TIMEOUT = 5;
    public static final int DEFAULT_IDLE_TIMEOUT = 60;
    public static final String DEFAULT_LISTEN_ADDRESS = "0.0.0.0";
    public static final int DEFAULT_BACKLOG = 4096;
    public static final int DEFAULT_UDP_IDLE_TIMEOUT = 60;
    public static final int DEFAULT_UDP_MAX_SESSIONS = 10_000;

    public ServiceDefinition {
        backends = List.copyOf(backends);
    }
}
