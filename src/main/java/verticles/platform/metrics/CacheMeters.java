package verticles.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code meridian_cache_requests_total{cache, result}}: reads answered from Redis (hit) or refilled from PostgreSQL (miss). */
public final class CacheMeters {

    private CacheMeters() {
    }

    public static Counter requests(MeterRegistry registry, String cache, String result) {
        return Counter.builder("meridian.cache.requests").tag("cache", cache).tag("result", result)
            .description("reads of a cached entity: hit in Redis, or miss and refilled from PostgreSQL")
            .register(registry);
    }
}
