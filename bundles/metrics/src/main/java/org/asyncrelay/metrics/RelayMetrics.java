package org.asyncrelay.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendState;
import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.ConfigFile;
import org.asyncrelay.api.ConnectStats;
import org.asyncrelay.api.HookHistory;
import org.asyncrelay.api.LatencyHistogram;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.asyncrelay.api.ServiceState;

/**
 * The relay's metrics at one instant, read from the counters the services, pools, hooks and the
 * configuration keep anyway: a scrape costs the relay nothing between scrapes.
 */
final class RelayMetrics {

    static final String PREFIX = "asyncrelay_";
    private static final List<String> STATES = Arrays.stream(BackendState.values())
            .map(s -> s.name().toLowerCase(Locale.ROOT))
            .toList();

    private RelayMetrics() {}

    static MetricSnapshots of(List<RelayService> services, HookHistory hooks, ConfigFile config) {
        Families f = new Families();
        for (RelayService s : services) {
            service(f, s);
        }
        if (hooks != null) {
            hooks.runsByResult()
                    .forEach((service, byResult) -> byResult.forEach((result, n) -> f.counter(
                            PREFIX + "hook_runs",
                            "Event hook runs by service and result: ok, failed, timed_out, not_started, dropped.",
                            null,
                            n,
                            Labels.of("service", service, "result", result))));
        }
        if (config != null) {
            config.reloadsByResult()
                    .forEach((result, n) -> f.counter(
                            PREFIX + "config_reloads",
                            "Loads of the configuration file (the first at start) by result: applied, rejected.",
                            null,
                            n,
                            Labels.of("result", result)));
        }
        return f.build();
    }

    private static void service(Families f, RelayService s) {
        Labels l = Labels.of("service", s.name());
        f.gauge(
                PREFIX + "service_up",
                "1 while the service listens, 0 otherwise.",
                null,
                s.state() == ServiceState.RUNNING ? 1 : 0,
                l);
        traffic(f, PREFIX, s.stats(), l);
        s.tcpRefusals()
                .forEach((reason, n) -> f.counter(
                        PREFIX + "tcp_connections_refused",
                        "TCP connections closed at accept, by reason: denied, max_connections,"
                                + " max_connections_per_client, max_new_connections_per_client, proxy_protocol,"
                                + " proxy_protocol_from.",
                        null,
                        n,
                        l.add("reason", reason)));
        s.udpRefusals()
                .forEach((reason, n) -> f.counter(
                        PREFIX + "udp_datagrams_refused",
                        "Datagrams dropped before reaching a session, by reason: denied, udp_max_sessions,"
                                + " proxy_protocol, proxy_protocol_from.",
                        null,
                        n,
                        l.add("reason", reason)));
        f.counter(
                PREFIX + "udp_dropped_datagrams",
                "Datagrams not relayed: session limit, no backend, or queue full.",
                null,
                s.stats().udpPacketsDropped(),
                l);
        f.counter(
                PREFIX + "connect_failures",
                "Backends that failed a connection or session (all their addresses).",
                null,
                s.stats().connectFailures(),
                l);
        f.counter(
                PREFIX + "failovers",
                "TCP connections and UDP sessions relayed by another backend than the first one tried.",
                null,
                s.failovers(),
                l);
        s.backendStats().forEach((b, stats) -> traffic(f, PREFIX + "backend_", stats, backend(s, b)));
        for (Map.Entry<BackendAddress, ConnectStats> e : s.connectStats().entrySet()) {
            Labels bl = backend(s, e.getKey());
            for (String reason : ConnectStats.REASONS) {
                Long n = e.getValue().failuresByReason().get(reason);
                if (n != null) {
                    f.counter(
                            PREFIX + "backend_connect_failures",
                            "Failed connects to a backend by reason: refused, timeout, unreachable, dns, other.",
                            null,
                            n,
                            bl.add("reason", reason));
                }
            }
            f.histogram(
                    PREFIX + "backend_connect_duration_seconds",
                    "How long successful connects to a backend took (UDP: until its first answer).",
                    e.getValue().latency(),
                    bl);
        }
        s.pool().ifPresent(pool -> pool(f, s, pool));
    }

    private static void pool(Families f, RelayService s, BackendPool pool) {
        for (BackendStatus b : pool.backends()) {
            Labels bl = backend(s, b.backend());
            f.state(
                    PREFIX + "backend_state",
                    "The backend's state: available, cooling, draining or disabled.",
                    STATES,
                    b.state().name().toLowerCase(Locale.ROOT),
                    bl);
            f.gauge(
                    PREFIX + "backend_cooldown_remaining_seconds",
                    "Seconds until a cooling backend is tried again; 0 unless cooling.",
                    Unit.SECONDS,
                    b.cooldownRemaining().toMillis() / 1000.0,
                    bl);
            f.gauge(
                    PREFIX + "backend_slow_start_share",
                    "The share of new connections a recovered backend takes during slow start; 1 otherwise.",
                    null,
                    b.slowStartShare(),
                    bl);
            f.gauge(
                    PREFIX + "backend_queue_position",
                    "The backend's place in the order backends are tried, from 0.",
                    null,
                    b.position(),
                    bl);
        }
        for (Map.Entry<BackendAddress, LatencyHistogram> e :
                pool.healthCheckLatencies().entrySet()) {
            f.histogram(
                    PREFIX + "backend_health_check_duration_seconds",
                    "How long health checks of a backend took, failed ones included.",
                    e.getValue(),
                    backend(s, e.getKey()));
        }
    }

    private static Labels backend(RelayService s, BackendAddress b) {
        return Labels.of("service", s.name(), "backend", b.toString());
    }

    /**
     * The counters a service and each of its backends have: connections, sessions, bytes,
     * datagrams (drops and connect failures are the service's own: a dropped datagram has no
     * backend, and a backend's failures are counted by reason).
     */
    private static void traffic(Families f, String prefix, RelayStats t, Labels l) {
        f.counter(prefix + "tcp_connections", "TCP connections accepted.", null, t.tcpConnections(), l);
        f.gauge(prefix + "tcp_connections_active", "TCP connections open now.", null, t.tcpActive(), l);
        f.counter(prefix + "tcp_received_bytes", "Bytes clients sent over TCP.", Unit.BYTES, t.tcpBytesReceived(), l);
        f.counter(prefix + "tcp_sent_bytes", "Bytes sent to clients over TCP.", Unit.BYTES, t.tcpBytesSent(), l);
        f.counter(prefix + "udp_sessions", "UDP sessions (client addresses) started.", null, t.udpSessions(), l);
        f.gauge(prefix + "udp_sessions_active", "UDP sessions open now.", null, t.udpSessionsActive(), l);
        f.counter(prefix + "udp_received_datagrams", "Datagrams clients sent.", null, t.udpPacketsReceived(), l);
        f.counter(prefix + "udp_sent_datagrams", "Datagrams sent to clients.", null, t.udpPacketsSent(), l);
        f.counter(prefix + "udp_received_bytes", "Bytes clients sent over UDP.", Unit.BYTES, t.udpBytesReceived(), l);
        f.counter(prefix + "udp_sent_bytes", "Bytes sent to clients over UDP.", Unit.BYTES, t.udpBytesSent(), l);
    }
}
