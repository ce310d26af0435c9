package verticles.shipments;

import verticles.platform.config.ConfigKey;
import verticles.platform.config.KeySet;

import java.time.Duration;
import java.util.List;

/**
 * The shipments feature's configuration: location ingest, arrivals, ETAs and the shipment cache.
 * Registered in {@code META-INF/services}, so every node knows these keys.
 */
public final class ShipmentKeys implements KeySet {

    public static final ConfigKey<Integer> TRACKING_ARRIVAL_RADIUS = ConfigKey.integer("tracking.arrival-radius", 300,
        "metres from the destination at which a courier is arriving (the geofence that raises the arriving event)");
    public static final ConfigKey<Duration> TRACKING_ARRIVAL_DWELL = ConfigKey.duration("tracking.arrival-dwell", "20s",
        "how long (device time) a courier must stay inside the geofence before it counts as arriving; it leaves only "
            + "beyond 1.5 times the radius, so jitter at the edge raises one arriving event");
    public static final ConfigKey<Duration> TRACKING_STALE_AFTER = ConfigKey.duration("tracking.stale-after", "10m",
        "how old a position may be before it is marked stale and gives no arrival time");
    public static final ConfigKey<Duration> TRACKING_ETA_REVISION = ConfigKey.duration("tracking.eta-revision-threshold",
        "5m", "how far a fresh estimate must move from the announced arrival time to revise it (shipment.eta-revised)");
    public static final ConfigKey<Duration> TRACKING_ETA_REVISION_CONFIRM = ConfigKey.duration(
        "tracking.eta-revision-confirm", "1m", "how long (device time) a fresh estimate must stay beyond the threshold "
            + "before the announced ETA is revised, so a stop at a light or a hub does not revise it there and back");
    public static final ConfigKey<Integer> TRACKING_RECENT_SHIPMENTS = ConfigKey.integer("tracking.recent-shipments",
        100_000, "shipments whose destination and recent speed each tracking consumer keeps in memory for ETAs");
    public static final ConfigKey<Duration> CACHE_SHIPMENT_TTL = ConfigKey.duration("cache.shipment-ttl", "24h",
        "how long a shipment's latest state stays in Redis after its last change; a miss rebuilds it from PostgreSQL");

    public static final ConfigKey<Integer> INGEST_MAX_BATCH = ConfigKey.integer("ingest.max-batch", 1_000,
        "most updates in one POST /v1/locations batch");
    public static final ConfigKey<Duration> INGEST_MAX_CLOCK_SKEW = ConfigKey.duration("ingest.max-clock-skew", "1m",
        "how far in the future a device time (recordedAt, at) may be before it is refused");
    public static final ConfigKey<Integer> INGEST_MAX_IN_FLIGHT = ConfigKey.integer("ingest.max-in-flight", 20_000,
        "updates an API instance may have waiting for Kafka at once; beyond it requests get 503 and Retry-After");

    public static final ConfigKey<Integer> INGEST_OSMAND_PORT = ConfigKey.integer("ingest.osmand-port", 0,
        "a port of its own for GPS devices speaking the OsmAnd protocol, as Traccar's 5055 (0: none; /osmand on the "
            + "HTTP port always answers)");

    public static final ConfigKey<Duration> HISTORY_RETENTION = ConfigKey.duration("history.retention", "90d",
        "how long fixes and scans are kept (location_history, checkpoints); older ones are refused with 400, and a "
            + "partition goes whole once all its rows are older");
    public static final ConfigKey<Duration> HISTORY_PARTITION_SIZE = ConfigKey.duration("history.partition-size", "1d",
        "the time span of one partition of location_history and checkpoints (at least 1m; a day's is a UTC day)");
    public static final ConfigKey<Integer> HISTORY_PARTITIONS_AHEAD = ConfigKey.integer("history.partitions-ahead", 3,
        "partitions made ahead of now, so a run of the maintenance may be missed without rows landing in the default one");

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(
            INGEST_MAX_BATCH, INGEST_MAX_CLOCK_SKEW, INGEST_MAX_IN_FLIGHT, INGEST_OSMAND_PORT, TRACKING_ARRIVAL_RADIUS,
            TRACKING_ARRIVAL_DWELL, TRACKING_STALE_AFTER, TRACKING_ETA_REVISION, TRACKING_ETA_REVISION_CONFIRM, TRACKING_RECENT_SHIPMENTS, CACHE_SHIPMENT_TTL, HISTORY_RETENTION, HISTORY_PARTITION_SIZE,
            HISTORY_PARTITIONS_AHEAD);
    }
}
