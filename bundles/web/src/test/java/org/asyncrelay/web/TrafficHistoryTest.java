package org.asyncrelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.ConnectStats;
import org.asyncrelay.api.LatencyRecorder;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.junit.jupiter.api.Test;

class TrafficHistoryTest {

    static final BackendAddress B = new BackendAddress("127.0.0.1", 9000);

    /** A service whose counters the test moves on between samples. */
    static final class Moving {
        long connections;
        long bytesIn;
        long failovers;
        final LatencyRecorder latency = new LatencyRecorder();

        RelayService service() {
            RelayService fixed = StatusDocumentTest.service("svc", RelayStats.EMPTY, null);
            return new RelayService() {
                public String name() {
                    return "svc";
                }

                public org.asyncrelay.api.Protocol protocol() {
                    return fixed.protocol();
                }

                public String listenAddress() {
                    return fixed.listenAddress();
                }

                public int listenPort() {
                    return fixed.listenPort();
                }

                public List<BackendAddress> backends() {
                    return List.of(B);
                }

                public org.asyncrelay.api.ServiceState state() {
                    return fixed.state();
                }

                public String stateReason() {
                    return "";
                }

                public RelayStats stats() {
                    return new RelayStats(connections, 0, bytesIn, 2 * bytesIn, 0, 0, 0, 0, 0, 0, 0, 0);
                }

                public java.util.Optional<org.asyncrelay.api.BackendPool> pool() {
                    return java.util.Optional.empty();
                }

                public Map<BackendAddress, RelayStats> backendStats() {
                    return Map.of();
                }

                @Override
                public Map<BackendAddress, ConnectStats> connectStats() {
                    return Map.of(B, new ConnectStats(Map.of(), latency.snapshot()));
                }

                @Override
                public long failovers() {
                    return failovers;
                }
            };
        }
    }

    /** As DS sets the field reference. */
    static void bind(TrafficHistory history, List<RelayService> services) {
        try {
            java.lang.reflect.Field f = TrafficHistory.class.getDeclaredField("services");
            f.setAccessible(true);
            f.set(history, services);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachSampleIsTheDifferenceOfTheCountersOverItsSecond() {
        TrafficHistory history = new TrafficHistory();
        history.deactivate(); // the test samples by hand
        Moving m = new Moving();
        bind(history, List.of(m.service()));
        history.sample(); // the first sample only sets the baseline
        m.connections = 10;
        m.bytesIn = 1000;
        m.latency.record(2_000_000);
        m.latency.record(4_000_000);
        history.sample();
        m.connections = 15;
        m.failovers = 1;
        history.sample();

        Map<String, Object> svc =
                ((List<Map<String, Object>>) history.document().get("services")).get(0);
        assertThat(svc.get("name")).isEqualTo("svc");
        assertThat((List<Long>) svc.get("time")).hasSize(2);
        assertThat(svc.get("connections_per_second")).isEqualTo(List.of(10.0, 5.0));
        assertThat(svc.get("bytes_in_per_second")).isEqualTo(List.of(1000.0, 0.0));
        assertThat(svc.get("bytes_out_per_second")).isEqualTo(List.of(2000.0, 0.0));
        assertThat(svc.get("failovers")).isEqualTo(List.of(0.0, 1.0));
        Map<String, Object> backend = ((List<Map<String, Object>>) svc.get("backends")).get(0);
        assertThat(backend.get("backend")).isEqualTo("127.0.0.1:9000");
        // the mean of the second's connects; none in the next second is a gap
        assertThat((List<Double>) backend.get("connect_ms")).containsExactly(3.0, null);
    }

    @Test
    void keepsTheLastFiveMinutesOnly() {
        TrafficHistory history = new TrafficHistory();
        history.deactivate();
        Moving m = new Moving();
        bind(history, List.of(m.service()));
        for (int i = 0; i <= TrafficHistory.KEPT + 10; i++) {
            m.connections = i * (long) i;
            history.sample();
        }
        @SuppressWarnings("unchecked")
        List<Double> c =
                (List<Double>) ((List<Map<String, Object>>) history.document().get("services"))
                        .get(0)
                        .get("connections_per_second");
        assertThat(c).hasSize(TrafficHistory.KEPT);
        // the newest: i*i - (i-1)*(i-1) = 2i - 1 with i = KEPT + 10
        assertThat(c.get(c.size() - 1)).isEqualTo(2.0 * (TrafficHistory.KEPT + 10) - 1);
        assertThat(c.get(0)).isEqualTo(2.0 * 11 - 1);
    }
}
