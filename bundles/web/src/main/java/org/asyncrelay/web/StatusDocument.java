package org.asyncrelay.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.HookHistory;
import org.asyncrelay.api.HookRun;
import org.asyncrelay.api.HostNames;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;

/**
 * {@code GET /api/status}: the seed's shape ({@code total_services}, {@code dns_cache}, {@code
 * services[].stats}, {@code services[].backend_pool.backends[]}) with the relay's extra state.
 */
final class StatusDocument {

    private StatusDocument() {}

    static Map<String, Object> of(List<RelayService> services, List<Map<String, Object>> events, HookHistory hooks) {
        List<RelayService> sorted = new ArrayList<>(services);
        sorted.sort(Comparator.comparing(RelayService::name));
        Map<String, List<String>> dnsCache = new TreeMap<>();
        List<Map<String, Object>> list = new ArrayList<>();
        for (RelayService s : sorted) {
            BackendPool pool = s.pool().orElse(null);
            list.add(service(s, pool));
            if (pool != null) {
                for (BackendStatus b : pool.backends()) {
                    String host = b.backend().host();
                    if (!HostNames.isIpv4Literal(host)
                            && !HostNames.isIpv6Literal(host)
                            && !b.resolvedAddresses().isEmpty()) {
                        dnsCache.put(host, b.resolvedAddresses());
                    }
                }
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("total_services", sorted.size());
        doc.put("dns_cache", dnsCache);
        doc.put("services", list);
        doc.put("recent_events", events);
        doc.put("hooks", hooks == null ? null : hooks(hooks));
        return doc;
    }

    private static Map<String, Object> service(RelayService s, BackendPool pool) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("protocol", s.protocol().name().toLowerCase(java.util.Locale.ROOT));
        m.put("listen", HttpEndpoint.hostPort(s.listenAddress(), s.listenPort()));
        m.put("state", s.state().name());
        m.put("state_reason", s.stateReason());
        m.put("stats", stats(s.stats()));
        m.put("backend_pool", pool(s, pool));
        return m;
    }

    private static Map<String, Object> pool(RelayService s, BackendPool pool) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", s.name());
        List<BackendStatus> backends = pool == null ? List.of() : pool.backends();
        m.put("total_backends", backends.size());
        m.put(
                "available_backends",
                backends.stream()
                        .filter(b -> b.state() == org.asyncrelay.api.BackendState.AVAILABLE)
                        .count());
        m.put("health_check_enabled", pool != null && pool.healthCheckEnabled());
        Map<BackendAddress, RelayStats> perBackend = s.backendStats();
        List<Map<String, Object>> list = new ArrayList<>();
        for (BackendStatus b : backends) {
            list.add(backend(b, perBackend.getOrDefault(b.backend(), RelayStats.EMPTY)));
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
        m.put("last_check", b.lastCheck());
        m.put(
                "last_check_latency_ms",
                b.lastCheck().isEmpty() ? null : b.lastCheckLatency().toNanos() / 1e6);
        m.put("stats", stats(stats));
        return m;
    }

    static Map<String, Object> stats(RelayStats s) {
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

    private static Map<String, Object> hooks(HookHistory hooks) {
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
}
