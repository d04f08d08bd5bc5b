package org.asyncrelay.api.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.asyncrelay.api.BackendEvent;
import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.HookHistory;
import org.asyncrelay.api.HookRun;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;

/**
 * The status as one JSON-ready document, for {@code GET /api/status} and {@code relay:status
 * --json} alike: the seed's shape ({@code total_services}, {@code dns_cache}, {@code
 * services[].stats}, {@code services[].backend_pool.backends[]}) with the relay's extra state.
 * Maps keep their keys' order; values are strings, numbers, booleans, null, lists and maps.
 */
public final class StatusDocument {

    private StatusDocument() {}

    public static Map<String, Object> of(List<RelayService> services, List<BackendEvent> events, HookHistory hooks) {
        return of(RelayStatus.of(services), events, hooks);
    }

    /** @param hooks null when the hooks bundle is not there */
    public static Map<String, Object> of(RelayStatus status, List<BackendEvent> events, HookHistory hooks) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ServiceStatus s : status.services()) {
            list.add(service(s));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("total_services", list.size());
        doc.put("dns_cache", status.dnsCache());
        doc.put("services", list);
        doc.put("recent_events", events(events));
        doc.put("hooks", hooks == null ? null : hooks(hooks));
        return doc;
    }

    /** Events newest first, as {@code GET /api/events} and the status list them. */
    public static List<Map<String, Object>> events(List<BackendEvent> events) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (BackendEvent e : events) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", e.time());
            m.put("event", e.event());
            m.put("service", e.service());
            if (e.backend() != null) {
                m.put("backend", e.backend().toString());
                m.put("ip", e.ip());
            }
            m.put("failures", e.failures());
            m.put("available", e.available());
            m.put("total", e.total());
            list.add(m);
        }
        return list;
    }

    public static Map<String, Object> service(ServiceStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("protocol", s.protocol().name().toLowerCase(java.util.Locale.ROOT));
        m.put("listen", s.listen());
        m.put("state", s.state().name());
        m.put("state_reason", s.stateReason());
        m.put("stats", stats(s.stats()));
        m.put("traffic_control", s.trafficControl());
        Map<String, Object> refused = new LinkedHashMap<>();
        refused.put("tcp", s.tcpRefusals());
        refused.put("udp", s.udpRefusals());
        m.put("refused", refused);
        m.put("backend_pool", pool(s));
        return m;
    }

    private static Map<String, Object> pool(ServiceStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", s.name());
        m.put("total_backends", s.backends().size());
        m.put("available_backends", s.availableBackends());
        m.put("health_check_enabled", s.healthCheckEnabled());
        List<Map<String, Object>> list = new ArrayList<>();
        for (BackendView b : s.backends()) {
            list.add(backend(b.status(), b.traffic()));
        }
        m.put("backends", list);
        return m;
    }

    private static Map<String, Object> backend(BackendStatus b, RelayStats stats) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("position", b.position());
        m.put("host", b.backend().host());
        m.put("port", b.backend().port());
        m.put("address", b.backend().toString());
        m.put("resolved_ips", b.resolvedAddresses());
        m.put("failures", b.failures());
        m.put("original_index", b.originalIndex());
        m.put("state", b.state().name());
        m.put("state_reason", b.stateReason());
        m.put("cooldown_remaining", b.cooldownRemaining().toMillis() / 1000.0);
        m.put("slow_start_share", b.slowStartShare());
        m.put("last_check", b.lastCheck());
        m.put(
                "last_check_latency_ms",
                b.lastCheck().isEmpty() ? null : b.lastCheckLatency().toNanos() / 1e6);
        m.put("stats", stats(stats));
        return m;
    }

    public static Map<String, Object> stats(RelayStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tcp_connections", s.tcpConnections());
        m.put("tcp_active", s.tcpActive());
        m.put("tcp_bytes_sent", s.tcpBytesSent());
        m.put("tcp_bytes_received", s.tcpBytesReceived());
        m.put("udp_packets", s.udpPacketsReceived());
        m.put("udp_packets_sent", s.udpPacketsSent());
        m.put("udp_packets_dropped", s.udpPacketsDropped());
        m.put("udp_bytes_sent", s.udpBytesSent());
        m.put("udp_bytes_received", s.udpBytesReceived());
        m.put("udp_sessions", s.udpSessions());
        m.put("udp_sessions_active", s.udpSessionsActive());
        m.put("connect_failures", s.connectFailures());
        return m;
    }

    /** The last 20 hook runs and the events dropped, as {@code hooks} in the status. */
    public static Map<String, Object> hooks(HookHistory hooks) {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (HookRun r : hooks.recentRuns()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", r.service());
            m.put("event", r.event());
            m.put("command", r.command());
            m.put("started_at", r.startedAt().toString());
            m.put("duration_ms", r.duration().toMillis());
            m.put("exit_code", r.exitCode());
            m.put("outcome", r.outcome());
            runs.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recent_runs", runs.size() > 20 ? runs.subList(0, 20) : runs);
        m.put("dropped", hooks.dropped());
        return m;
    }

    /**
     * #21: {@code GET /api/cluster}, {@code relay:cluster --json} and the status's {@code cluster}
     * section: the members, the configuration the cluster shares, and whether this relay has it.
     */
    public static Map<String, Object> cluster(org.asyncrelay.api.ClusterView cluster) {
        List<Map<String, Object>> members = new ArrayList<>();
        for (org.asyncrelay.api.ClusterView.Member m : cluster.members()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", m.name());
            x.put("address", m.address());
            x.put("local", m.local());
            x.put("uptime_seconds", m.uptime().toSeconds());
            x.put("config_version", m.configVersion());
            x.put("healthy", m.healthy());
            members.add(x);
        }
        org.asyncrelay.api.ClusterView.ConfigVersion c = cluster.configuration();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("version", c.version());
        config.put("changed_at", c.version() == 0 ? null : c.changedAt().toString());
        config.put("origin", c.origin());
        config.put("sha256", c.sha256());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", cluster.name());
        doc.put("members", members);
        doc.put("configuration", config);
        doc.put("configuration_matches", cluster.configurationMatches());
        doc.put("local_services", cluster.localServices());
        doc.put("shares_backend_state", cluster.sharesBackendState());
        doc.put("refused_entries", cluster.refusedEntries());
        return doc;
    }
}
