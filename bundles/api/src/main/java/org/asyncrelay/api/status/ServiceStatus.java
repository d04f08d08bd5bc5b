package org.asyncrelay.api.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.asyncrelay.api.ServiceState;

/**
 * One relay service at one moment, as every view shows it.
 *
 * @param configured the backends as configured, in their order
 * @param poolRegistered whether its backend pool is there (it comes from another bundle): when
 *     not, {@code backends} is empty
 * @param backends the pool's queue, in the order backends are tried
 * @param trafficControl the traffic-control settings in force, in words (#19)
 * @param tcpRefusals TCP connections refused at accept, by reason
 * @param udpRefusals datagrams dropped before reaching a session, by reason
 */
public record ServiceStatus(
        String name,
        Protocol protocol,
        String listenAddress,
        int listenPort,
        ServiceState state,
        String stateReason,
        RelayStats stats,
        List<BackendAddress> configured,
        boolean poolRegistered,
        boolean healthCheckEnabled,
        List<BackendView> backends,
        List<String> trafficControl,
        Map<String, Long> tcpRefusals,
        Map<String, Long> udpRefusals) {

    public ServiceStatus {
        configured = List.copyOf(configured);
        backends = List.copyOf(backends);
        trafficControl = List.copyOf(trafficControl);
        tcpRefusals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tcpRefusals));
        udpRefusals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(udpRefusals));
    }

    /** A service without traffic control. */
    public ServiceStatus(
            String name,
            Protocol protocol,
            String listenAddress,
            int listenPort,
            ServiceState state,
            String stateReason,
            RelayStats stats,
            List<BackendAddress> configured,
            boolean poolRegistered,
            boolean healthCheckEnabled,
            List<BackendView> backends) {
        this(
                name,
                protocol,
                listenAddress,
                listenPort,
                state,
                stateReason,
                stats,
                configured,
                poolRegistered,
                healthCheckEnabled,
                backends,
                List.of(),
                Map.of(),
                Map.of());
    }

    public static ServiceStatus of(RelayService s) {
        BackendPool pool = s.pool().orElse(null);
        List<BackendView> backends = new ArrayList<>();
        if (pool != null) {
            Map<BackendAddress, RelayStats> traffic = s.backendStats();
            for (BackendStatus b : pool.backends()) {
                backends.add(new BackendView(b, traffic.getOrDefault(b.backend(), RelayStats.EMPTY)));
            }
        }
        return new ServiceStatus(
                s.name(),
                s.protocol(),
                s.listenAddress(),
                s.listenPort(),
                s.state(),
                s.stateReason(),
                s.stats(),
                s.backends(),
                pool != null,
                pool != null && pool.healthCheckEnabled(),
                backends,
                s.trafficControl(),
                s.tcpRefusals(),
                s.udpRefusals());
    }

    /** What was refused, reasons with a count only: "denied 3, max_connections_per_client 1"; empty when nothing. */
    public String refusedText() {
        java.util.StringJoiner j = new java.util.StringJoiner(", ");
        tcpRefusals.forEach((reason, n) -> {
            if (n > 0) {
                j.add(reason + " " + n);
            }
        });
        udpRefusals.forEach((reason, n) -> {
            if (n > 0) {
                j.add("udp " + reason + " " + n);
            }
        });
        return j.toString();
    }

    /** {@code host:port}, an IPv6 address in brackets. */
    public String listen() {
        return hostPort(listenAddress, listenPort);
    }

    /** The state, and why when there is a reason. */
    public String stateText() {
        return stateReason.isEmpty() ? state.name() : state + ": " + stateReason;
    }

    public long availableBackends() {
        return backends.stream()
                .filter(b -> b.status().state() == org.asyncrelay.api.BackendState.AVAILABLE)
                .count();
    }

    public static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
