package org.asyncrelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendSelection;
import org.asyncrelay.api.BackendState;
import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.ConnectStats;
import org.asyncrelay.api.HookHistory;
import org.asyncrelay.api.HookRun;
import org.asyncrelay.api.LatencyHistogram;
import org.asyncrelay.api.LatencyRecorder;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.asyncrelay.api.ServiceState;
import org.junit.jupiter.api.Test;

class RelayMetricsTest {

    static final BackendAddress UP = new BackendAddress("127.0.0.1", 9001);
    static final BackendAddress DOWN = new BackendAddress("backend.example", 9002);

    /** A service as the engine reports one: fixed numbers. */
    record FixedService(RelayStats stats, Map<BackendAddress, RelayStats> backendStats, BackendPool fixedPool)
            implements RelayService {
        public String name() {
            return "web";
        }

        public Protocol protocol() {
            return Protocol.BOTH;
        }

        public String listenAddress() {
            return "127.0.0.1";
        }

        public int listenPort() {
            return 8080;
        }

        public List<BackendAddress> backends() {
            return List.of(DOWN, UP);
        }

        public ServiceState state() {
            return ServiceState.RUNNING;
        }

        public String stateReason() {
            return "";
        }

        public Optional<BackendPool> pool() {
            return Optional.of(fixedPool);
        }

        @Override
        public Map<BackendAddress, ConnectStats> connectStats() {
            LatencyRecorder r = new LatencyRecorder();
            r.record(300_000); // 0.3 ms
            r.record(20_000_000); // 20 ms
            return Map.of(
                    UP, new ConnectStats(Map.of(), r.snapshot()),
                    DOWN, new ConnectStats(Map.of("refused", 2L), new LatencyRecorder().snapshot()));
        }

        @Override
        public long failovers() {
            return 1;
        }

        @Override
        public Map<String, Long> tcpRefusals() {
            Map<String, Long> m = new java.util.LinkedHashMap<>();
            org.asyncrelay.api.Refusal.TCP_REASONS.forEach(r -> m.put(r, 0L));
            m.put(org.asyncrelay.api.Refusal.MAX_CONNECTIONS, 4L);
            m.put(org.asyncrelay.api.Refusal.DENIED, 7L);
            return m;
        }

        @Override
        public Map<String, Long> udpRefusals() {
            return Map.of(org.asyncrelay.api.Refusal.PROXY_PROTOCOL, 3L);
        }
    }

    record FixedPool() implements BackendPool {
        public String serviceName() {
            return "web";
        }

        public boolean healthCheckEnabled() {
            return true;
        }

        public BackendSelection select() {
            throw new UnsupportedOperationException();
        }

        public List<BackendStatus> backends() {
            return List.of(
                    new BackendStatus(
                            0, 1, UP, BackendState.AVAILABLE, "", 0, Duration.ZERO, List.of(), "ok", Duration.ZERO),
                    new BackendStatus(
                            1,
                            0,
                            DOWN,
                            BackendState.COOLING,
                            "refused",
                            2,
                            Duration.ofMillis(1_799_500),
                            List.of(),
                            "",
                            Duration.ZERO));
        }

        @Override
        public Map<BackendAddress, LatencyHistogram> healthCheckLatencies() {
            LatencyRecorder r = new LatencyRecorder();
            r.record(2_000_000_000L);
            return Map.of(UP, r.snapshot());
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
    }

    record FixedHooks() implements HookHistory {
        public List<HookRun> recentRuns() {
            return List.of();
        }

        public long dropped() {
            return 0;
        }

        @Override
        public Map<String, Map<String, Long>> runsByResult() {
            return Map.of("web", Map.of("ok", 3L, "failed", 1L));
        }
    }

    static String text(boolean openMetrics) throws IOException {
        RelayStats service = new RelayStats(10, 2, 1000, 2000, 3, 1, 30, 29, 300, 290, 1, 2);
        RelayStats up = new RelayStats(10, 2, 1000, 2000, 3, 1, 30, 29, 300, 290, 0, 0);
        RelayService s = new FixedService(service, Map.of(UP, up), new FixedPool());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        (openMetrics ? OpenMetricsTextFormatWriter.create() : PrometheusTextFormatWriter.create())
                .write(out, RelayMetrics.of(List.of(s), new FixedHooks(), null), EscapingScheme.DEFAULT);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void servicesBackendsAndHooksInThePrometheusTextFormat() throws IOException {
        List<String> lines = text(false).lines().toList();
        assertThat(lines)
                .contains(
                        "# TYPE asyncrelay_tcp_connections_total counter",
                        "asyncrelay_tcp_connections_total{service=\"web\"} 10.0",
                        "asyncrelay_tcp_connections_active{service=\"web\"} 2.0",
                        "asyncrelay_tcp_received_bytes_total{service=\"web\"} 1000.0",
                        "asyncrelay_udp_dropped_datagrams_total{service=\"web\"} 1.0",
                        "asyncrelay_connect_failures_total{service=\"web\"} 2.0",
                        "asyncrelay_failovers_total{service=\"web\"} 1.0",
                        "asyncrelay_tcp_connections_refused_total{reason=\"max_connections\",service=\"web\"} 4.0",
                        "asyncrelay_tcp_connections_refused_total{reason=\"denied\",service=\"web\"} 7.0",
                        "asyncrelay_tcp_connections_refused_total{reason=\"proxy_protocol_from\",service=\"web\"} 0.0",
                        "asyncrelay_udp_datagrams_refused_total{reason=\"proxy_protocol\",service=\"web\"} 3.0",
                        "asyncrelay_service_up{service=\"web\"} 1.0",
                        "asyncrelay_backend_tcp_sent_bytes_total{backend=\"127.0.0.1:9001\",service=\"web\"} 2000.0",
                        "asyncrelay_backend_connect_failures_total{backend=\"backend.example:9002\",reason=\"refused\",service=\"web\"} 2.0",
                        "asyncrelay_backend_connect_duration_seconds_bucket{backend=\"127.0.0.1:9001\",service=\"web\",le=\"2.5E-4\"} 0",
                        "asyncrelay_backend_connect_duration_seconds_bucket{backend=\"127.0.0.1:9001\",service=\"web\",le=\"5.0E-4\"} 1",
                        "asyncrelay_backend_connect_duration_seconds_bucket{backend=\"127.0.0.1:9001\",service=\"web\",le=\"0.025\"} 2",
                        "asyncrelay_backend_connect_duration_seconds_bucket{backend=\"127.0.0.1:9001\",service=\"web\",le=\"+Inf\"} 2",
                        "asyncrelay_backend_connect_duration_seconds_count{backend=\"127.0.0.1:9001\",service=\"web\"} 2",
                        "asyncrelay_backend_connect_duration_seconds_sum{backend=\"127.0.0.1:9001\",service=\"web\"} 0.0203",
                        "asyncrelay_backend_state{backend=\"backend.example:9002\",service=\"web\",asyncrelay_backend_state=\"cooling\"} 1",
                        "asyncrelay_backend_state{backend=\"backend.example:9002\",service=\"web\",asyncrelay_backend_state=\"available\"} 0",
                        "asyncrelay_backend_cooldown_remaining_seconds{backend=\"backend.example:9002\",service=\"web\"} 1799.5",
                        "asyncrelay_backend_health_check_duration_seconds_count{backend=\"127.0.0.1:9001\",service=\"web\"} 1",
                        "asyncrelay_hook_runs_total{result=\"failed\",service=\"web\"} 1.0",
                        "asyncrelay_hook_runs_total{result=\"ok\",service=\"web\"} 3.0");
        assertThat(lines).noneMatch(l -> l.startsWith("asyncrelay_config_reloads"));
    }

    @Test
    void openMetricsEndsWithEof() throws IOException {
        String text = text(true);
        assertThat(text).contains("asyncrelay_tcp_connections_total{service=\"web\"} 10");
        assertThat(text).contains("# UNIT asyncrelay_tcp_received_bytes bytes");
        assertThat(text).contains("# TYPE asyncrelay_backend_state stateset");
        assertThat(text).endsWith("# EOF\n");
    }
}
