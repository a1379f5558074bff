package io.chuangguan.common;

import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Histogram buckets where an operator needs a p99, not only a mean and a max: the requests of the start → submit
 * cycle (levels' and contests') and the batched statements' waits and durations. Only these: buckets on every URI
 * would multiply the series by their number.
 */
@Singleton
public class LatencyBuckets {

    static final Set<String> CYCLE = Set.of("/api/levels/{levelId}/attempts", "/api/attempts/{id}/submission",
            "/api/contests/{id}/runs", "/api/contests/{id}/runs/{runId}/submission");
    private static final double[] BOUNDS_MS = { 5, 10, 25, 50, 100, 250, 300, 500, 1000, 2500 };

    @Produces
    @Singleton
    MeterFilter cycleBuckets() {
        double[] nanos = new double[BOUNDS_MS.length];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = Duration.ofMillis((long) BOUNDS_MS[i]).toNanos();
        }
        DistributionStatisticConfig buckets = DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                boolean cycle = id.getName().equals("http.server.requests") && CYCLE.contains(id.getTag("uri"));
                boolean batch = id.getName().equals("chuangguan.batch.wait") || id.getName().equals("chuangguan.batch.duration");
                return cycle || batch ? buckets.merge(config) : config;
            }
        };
    }
}
