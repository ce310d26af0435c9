package verticles.orders;

import verticles.platform.config.ConfigKey;
import verticles.platform.config.KeySet;

import java.time.Duration;
import java.util.List;

/**
 * The order feature's configuration: its cache and its outbox relay.
 * Registered in {@code META-INF/services}, so every node knows these keys.
 */
public final class OrderKeys implements KeySet {

    public static final ConfigKey<Duration> CACHE_ORDER_TTL = ConfigKey.duration("cache.order-ttl", "24h",
        "how long an order stays in Redis after its last change; a miss refills it from PostgreSQL");
    public static final ConfigKey<Duration> OUTBOX_POLL_INTERVAL = ConfigKey.duration("outbox.poll-interval", "250ms",
        "how often the relay looks for unsent outbox rows when nothing woke it earlier");
    public static final ConfigKey<Integer> OUTBOX_BATCH_SIZE = ConfigKey.integer("outbox.batch-size", 500,
        "outbox rows published per relay round");
    public static final ConfigKey<Duration> OUTBOX_RETENTION = ConfigKey.duration("outbox.retention", "1d",
        "how long sent outbox rows are kept before they are purged");

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(
            CACHE_ORDER_TTL, OUTBOX_POLL_INTERVAL, OUTBOX_BATCH_SIZE, OUTBOX_RETENTION);
    }
}
