package org.asyncrelay.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.LatencyHistogram;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * What the web UI's charts draw: each service's traffic per second over the last {@value #KEPT}
 * seconds, sampled from its counters once a second into a ring the relay keeps itself, so the
 * charts need no Prometheus. The differences of counters, not the counters: a sample costs a few
 * reads of LongAdders.
 */
@Component(service = TrafficHistory.class)
public class TrafficHistory {

    static final int KEPT = 300;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<RelayService> services;

    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-ui-history");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ServiceRing> rings = new HashMap<>();

    /** One service's last samples, oldest first once full. */
    static final class ServiceRing {
        final long[] time = new long[KEPT];
        final double[] connections = new double[KEPT];
        final double[] bytesIn = new double[KEPT];
        final double[] bytesOut = new double[KEPT];
        final double[] failovers = new double[KEPT];
        final Map<BackendAddress, double[]> connectMillis = new LinkedHashMap<>();
        int next;
        int size;
        RelayStats lastStats;
        long lastFailovers;
        Map<BackendAddress, LatencyHistogram> lastLatency = Map.of();

        void add(long now, RelayService s) {
            RelayStats st = s.stats();
            long failed = s.failovers();
            Map<BackendAddress, LatencyHistogram> latency = new HashMap<>();
            s.connectStats().forEach((b, c) -> latency.put(b, c.latency()));
            if (lastStats != null) {
                int i = next;
                time[i] = now;
                connections[i] =
                        st.tcpConnections() + st.udpSessions() - lastStats.tcpConnections() - lastStats.udpSessions();
                bytesIn[i] = st.tcpBytesReceived()
                        + st.udpBytesReceived()
                        - lastStats.tcpBytesReceived()
                        - lastStats.udpBytesReceived();
                bytesOut[i] =
                        st.tcpBytesSent() + st.udpBytesSent() - lastStats.tcpBytesSent() - lastStats.udpBytesSent();
                failovers[i] = failed - lastFailovers;
                for (Map.Entry<BackendAddress, LatencyHistogram> e : latency.entrySet()) {
                    double[] ring = connectMillis.computeIfAbsent(e.getKey(), b -> emptyRing());
                    LatencyHistogram before = lastLatency.get(e.getKey());
                    long n = e.getValue().count() - (before == null ? 0 : before.count());
                    double sum = e.getValue().sumSeconds() - (before == null ? 0 : before.sumSeconds());
                    ring[i] = n == 0 ? Double.NaN : sum / n * 1000;
                }
                connectMillis.forEach((b, ring) -> {
                    if (!latency.containsKey(b)) {
                        ring[i] = Double.NaN;
                    }
                });
                next = (next + 1) % KEPT;
                size = Math.min(size + 1, KEPT);
            }
            lastStats = st;
            lastFailovers = failed;
            lastLatency = latency;
        }

        private static double[] emptyRing() {
            double[] r = new double[KEPT];
            java.util.Arrays.fill(r, Double.NaN);
            return r;
        }

        /** The samples oldest first; NaN (no connect in that second) as null. */
        Map<String, Object> document(String name) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            List<Long> t = new ArrayList<>(size);
            int start = (next - size + KEPT) % KEPT;
            for (int k = 0; k < size; k++) {
                t.add(time[(start + k) % KEPT]);
            }
            m.put("time", t);
            m.put("connections_per_second", series(connections, start));
            m.put("bytes_in_per_second", series(bytesIn, start));
            m.put("bytes_out_per_second", series(bytesOut, start));
            m.put("failovers", series(failovers, start));
            List<Map<String, Object>> backends = new ArrayList<>();
            connectMillis.forEach((b, ring) -> {
                Map<String, Object> bm = new LinkedHashMap<>();
                bm.put("backend", b.toString());
                bm.put("connect_ms", series(ring, start));
                backends.add(bm);
            });
            m.put("backends", backends);
            return m;
        }

        private List<Double> series(double[] ring, int start) {
            List<Double> values = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                double v = ring[(start + k) % KEPT];
                values.add(Double.isNaN(v) ? null : v);
            }
            return values;
        }
    }

    @Activate
    public TrafficHistory() {
        sampler.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        sampler.shutdownNow();
    }

    synchronized void sample() {
        List<RelayService> now = services;
        if (now == null) {
            return;
        }
        long t = System.currentTimeMillis();
        Map<String, ServiceRing> seen = new HashMap<>();
        for (RelayService s : now) {
            ServiceRing ring = rings.computeIfAbsent(s.name(), n -> new ServiceRing());
            ring.add(t, s);
            seen.put(s.name(), ring);
        }
        rings.keySet().retainAll(seen.keySet());
    }

    /** {@code GET /api/history}: every service by name. */
    synchronized Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("interval_seconds", 1);
        doc.put("kept", KEPT);
        List<Map<String, Object>> list = new ArrayList<>();
        rings.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> list.add(e.getValue().document(e.getKey())));
        doc.put("services", list);
        return doc;
    }
}
