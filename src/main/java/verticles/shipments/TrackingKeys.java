package verticles.shipments;

import verticles.platform.config.ConfigKey;
import verticles.platform.config.KeySet;

import java.time.Duration;
import java.util.List;

/**
 * The tracking feature's configuration: arrivals, ETAs and the shipment cache.
 * Registered in {@code META-INF/services}, so every node knows these keys.
 */
public final class TrackingKeys implements KeySet {

    public static final ConfigKey<Integer> TRACKING_ARRIVAL_RADIUS = ConfigKey.integer("tracking.arrival-radius", 300,
        "metres from the destination at which a courier is arriving (the geofence that raises the arriving event)");
    public static final ConfigKey<Integer> TRACKING_RECENT_SHIPMENTS = ConfigKey.integer("tracking.recent-shipments",
        100_000, "shipments whose destination and recent speed each tracking consumer keeps in memory for ETAs");
    public static final ConfigKey<Duration> CACHE_SHIPMENT_TTL = ConfigKey.duration("cache.shipment-ttl", "24h",
        "how long a shipment's latest state stays in Redis after its last change; a miss rebuilds it from PostgreSQL");

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(
            TRACKING_ARRIVAL_RADIUS, TRACKING_RECENT_SHIPMENTS, CACHE_SHIPMENT_TTL);
    }
}
