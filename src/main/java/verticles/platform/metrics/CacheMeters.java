package verticles.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code meridian_cache_requests_total{cache, result}} for one cache: each read answered from
 * Redis counts as a {@code hit}, each one refilled from PostgreSQL as a {@code miss}.
 */
public final class CacheMeters {

    private final Counter hits;
    private final Counter misses;

    private CacheMeters(Counter hits, Counter misses) {
        this.hits = hits;
        this.misses = misses;
    }

    public static CacheMeters of(MeterRegistry registry, String cache) {
        return new CacheMeters(counter(registry, cache, "hit"), counter(registry, cache, "miss"));
    }

    /** Counts one read: a hit when Redis held the entry ({@code cached} not null), else a miss. */
    public void count(Object cached) {
        (cached != null ? hits : misses).increment();
    }

    private static Counter counter(MeterRegistry registry, String cache, String result) {
        return Counter.builder("meridian.cache.requests").tag("cache", cache).tag("result", result)
            .description("reads of a cached entity: hit in Redis, or miss and refilled from PostgreSQL")
            .register(registry);
    }
}
