package org.asyncrelay.api;

import java.util.Arrays;

/**
 * How long something took, counted in fixed buckets since it started (a connect to a backend, a
 * health check).
 *
 * @param upperBoundsSeconds the buckets' upper bounds, ascending; a last bucket above the highest
 *     bound is implied
 * @param counts how many fell in each bucket (not cumulative): one more than there are bounds
 * @param sumSeconds the sum of all of them
 */
public record LatencyHistogram(double[] upperBoundsSeconds, long[] counts, double sumSeconds) {

    public LatencyHistogram {
        if (counts.length != upperBoundsSeconds.length + 1) {
            throw new IllegalArgumentException(
                    counts.length + " counts for " + upperBoundsSeconds.length + " bounds: expected one more");
        }
        upperBoundsSeconds = upperBoundsSeconds.clone();
        counts = counts.clone();
    }

    public long count() {
        return Arrays.stream(counts).sum();
    }

    @Override
    public double[] upperBoundsSeconds() {
        return upperBoundsSeconds.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram h
                && Arrays.equals(upperBoundsSeconds, h.upperBoundsSeconds)
                && Arrays.equals(counts, h.counts)
                && sumSeconds == h.sumSeconds;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "LatencyHistogram" + Arrays.toString(counts) + " sum " + sumSeconds + " s";
    }
}
