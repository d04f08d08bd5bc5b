package org.asyncrelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendEvent;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendSelection;
import org.asyncrelay.api.BackendState;
import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.asyncrelay.api.ServiceState;
import org.asyncrelay.api.status.StatusDocument;
import org.junit.jupiter.api.Test;

class StatusDocumentTest {

    static final BackendAddress NAMED = new BackendAddress("db.example", 5432);
    static final BackendAddress V6 = new BackendAddress("2001:db8::1", 5432);

    @Test
    @SuppressWarnings("unchecked")
    void hasTheSeedShapeWithStateAndPerBackendCounters() throws Exception {
        RelayStats stats = new RelayStats(7, 1, 100, 200, 3, 1, 9, 8, 300, 400, 2, 1);
        Map<String, Object> doc = StatusDocument.of(
                List.of(service("b-svc", stats, pool("b-svc")), service("a-svc", RelayStats.EMPTY, null)),
                List.of(),
                null);

        assertThat(doc).containsEntry("total_services", 2);
        assertThat((Map<String, Object>) doc.get("dns_cache")).containsEntry("db.example", List.of("192.0.2.7"));
        List<Map<String, Object>> services = (List<Map<String, Object>>) doc.get("services");
        assertThat(services).extracting(s -> s.get("name")).containsExactly("a-svc", "b-svc");
        Map<String, Object> b = services.get(1);
        assertThat(b).containsEntry("listen", "[::]:53").containsEntry("protocol", "both");
        assertThat((Map<String, Object>) b.get("stats"))
                .containsEntry("tcp_connections", 7L)
                .containsEntry("tcp_active", 1L)
                .containsEntry("tcp_bytes_sent", 200L)
                .containsEntry("tcp_bytes_received", 100L)
                .containsEntry("udp_packets", 9L)
                .containsEntry("udp_bytes_sent", 400L)
                .containsEntry("udp_bytes_received", 300L);
        Map<String, Object> pool = (Map<String, Object>) b.get("backend_pool");
        assertThat(pool)
                .containsEntry("service", "b-svc")
                .containsEntry("total_backends", 2)
                .containsEntry("available_backends", 1L)
                .containsEntry("health_check_enabled", true);
        List<Map<String, Object>> backends = (List<Map<String, Object>>) pool.get("backends");
        assertThat(backends.get(0))
                .containsEntry("position", 0)
                .containsEntry("host", "db.example")
                .containsEntry("port", 5432)
                .containsEntry("resolved_ips", List.of("192.0.2.7"))
                .containsEntry("failures", 0)
                .containsEntry("original_index", 1)
                .containsEntry("state", "AVAILABLE")
                .containsEntry("last_check_latency_ms", 1.5);
        assertThat((Map<String, Object>) backends.get(0).get("stats")).containsEntry("tcp_connections", 7L);
        assertThat(backends.get(1))
                .containsEntry("address", "[2001:db8::1]:5432")
                .containsEntry("state", "COOLING")
                .containsEntry("cooldown_remaining", 1799.5)
                .containsEntry("last_check_latency_ms", null);
        assertThat((Map<String, Object>) backends.get(1).get("stats")).containsEntry("tcp_connections", 0L);
        // a service whose pool is not registered yet still has the seed's keys
        assertThat((Map<String, Object>) services.get(0).get("backend_pool"))
                .containsEntry("total_backends", 0)
                .containsEntry("backends", List.of());
        // what the API writes is JSON
        assertThat(ApiResponses.JSON.writeValueAsString(doc)).contains("\"total_services\" : 2");
    }

    @Test
    void eventsListTheirBackendOnlyWhenTheyHaveOne() {
        List<Map<String, Object>> events = StatusDocument.events(List.of(
                new BackendEvent("2026-12-02T10:00:01Z", "all_backends_unavailable", "svc", null, null, 2, 0, 2),
                new BackendEvent("2026-12-02T10:00:00Z", "backend_failed", "svc", V6, "2001:db8::1", 2, 1, 2)));
        assertThat(events.get(0))
                .containsExactly(
                        Map.entry("time", "2026-12-02T10:00:01Z"),
                        Map.entry("event", "all_backends_unavailable"),
                        Map.entry("service", "svc"),
                        Map.entry("failures", 2),
                        Map.entry("available", 0),
                        Map.entry("total", 2));
        assertThat(events.get(1)).containsEntry("backend", "[2001:db8::1]:5432").containsEntry("ip", "2001:db8::1");
    }

    static RelayService service(String name, RelayStats stats, BackendPool pool) {
        return new RelayService() {
            public java.util.Optional<BackendPool> pool() {
                return java.util.Optional.ofNullable(pool);
            }

            public String name() {
                return name;
            }

            public Protocol protocol() {
                return Protocol.BOTH;
            }

            public String listenAddress() {
                return "::";
            }

            public int listenPort() {
                return 53;
            }

            public List<BackendAddress> backends() {
                return List.of(NAMED, V6);
            }

            public ServiceState state() {
                return ServiceState.RUNNING;
            }

            public String stateReason() {
                return "";
            }

            public RelayStats stats() {
                return stats;
            }

            public Map<BackendAddress, RelayStats> backendStats() {
                return Map.of(NAMED, stats);
            }
        };
    }

    static BackendPool pool(String name) {
        List<BackendStatus> backends = List.of(
                new BackendStatus(
                        0,
                        1,
                        NAMED,
                        BackendState.AVAILABLE,
                        "",
                        0,
                        Duration.ZERO,
                        List.of("192.0.2.7"),
                        "ok",
                        Duration.ofMillis(1).plusNanos(500_000)),
                new BackendStatus(
                        1,
                        0,
                        V6,
                        BackendState.COOLING,
                        "connect refused",
                        2,
                        Duration.ofMillis(1_799_500),
                        List.of(),
                        "",
                        Duration.ZERO));
        return new BackendPool() {
            public String serviceName() {
                return name;
            }

            public boolean healthCheckEnabled() {
                return true;
            }

            public BackendSelection select() {
                throw new UnsupportedOperationException();
            }

            public List<BackendStatus> backends() {
                return backends;
            }

            public boolean drain(BackendAddress backend) {
                return false;
            }

            public boolean disable(BackendAddress backend) {
                return false;
            }

            public boolean enable(BackendAddress backend) {
                return false;
            }

            public boolean resetCooldown(BackendAddress backend) {
                return false;
            }
        };
    }
}
