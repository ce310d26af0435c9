package verticles.orders;

import verticles.platform.config.ConfigKey;
import verticles.platform.config.KeySet;

import java.time.Duration;
import java.util.List;

/**
 * The order feature's configuration: its cache.
 * Registered in {@code META-INF/services}, so every node knows these keys.
 */
public final class OrderKeys implements KeySet {

    public static final ConfigKey<Duration> CACHE_ORDER_TTL = ConfigKey.duration("cache.order-ttl", "24h",
        "how long an order stays in Redis after its last change; a miss refills it from PostgreSQL");

    public static final ConfigKey<Duration> ORDER_HISTORY_RETENTION = ConfigKey.duration("orders.history-retention", "365d",
        "how long an ended order keeps its whole status history; after it only the last entry (how it ended) is kept");

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(
            CACHE_ORDER_TTL, ORDER_HISTORY_RETENTION);
    }
}
