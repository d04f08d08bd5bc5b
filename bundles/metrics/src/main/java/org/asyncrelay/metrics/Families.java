package org.asyncrelay.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot.StateSetDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.asyncrelay.api.LatencyHistogram;

/**
 * The metric families of one scrape, filled one data point at a time in any order and built once
 * at the end. Names follow Prometheus' model: a counter's name without {@code _total}, which the
 * text formats add; a unit's name at the end of its metric's.
 */
final class Families {

    private final Map<String, MetricSnapshot.Builder<?>> byName = new LinkedHashMap<>();

    @SuppressWarnings("unchecked")
    private <B extends MetricSnapshot.Builder<B>> B family(String name, Supplier<B> create, String help, Unit unit) {
        return (B) byName.computeIfAbsent(name, n -> {
            B b = create.get().name(n).help(help);
            return unit == null ? b : b.unit(unit);
        });
    }

    void counter(String name, String help, Unit unit, double value, Labels labels) {
        CounterSnapshot.Builder f = family(name, CounterSnapshot::builder, help, unit);
        f.dataPoint(
                CounterDataPointSnapshot.builder().value(value).labels(labels).build());
    }

    void gauge(String name, String help, Unit unit, double value, Labels labels) {
        GaugeSnapshot.Builder f = family(name, GaugeSnapshot::builder, help, unit);
        f.dataPoint(GaugeDataPointSnapshot.builder().value(value).labels(labels).build());
    }

    /** One data point of a state set: {@code current} true, the other {@code states} false. */
    void state(String name, String help, Iterable<String> states, String current, Labels labels) {
        StateSetSnapshot.Builder f = family(name, StateSetSnapshot::builder, help, null);
        StateSetDataPointSnapshot.Builder p =
                StateSetDataPointSnapshot.builder().labels(labels);
        for (String s : states) {
            p.state(s, s.equals(current));
        }
        f.dataPoint(p.build());
    }

    void histogram(String name, String help, LatencyHistogram h, Labels labels) {
        HistogramSnapshot.Builder f = family(name, HistogramSnapshot::builder, help, Unit.SECONDS);
        double[] bounds = h.upperBoundsSeconds();
        double[] withInf = java.util.Arrays.copyOf(bounds, bounds.length + 1);
        withInf[bounds.length] = Double.POSITIVE_INFINITY;
        f.dataPoint(HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(withInf, h.counts()))
                .sum(h.sumSeconds())
                .labels(labels)
                .build());
    }

    MetricSnapshots build() {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        byName.values().forEach(b -> all.metricSnapshot(b.build()));
        return all.build();
    }
}
