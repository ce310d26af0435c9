package verticles.tracking;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.Addresses;
import verticles.platform.Clients;
import verticles.platform.Topics;
import verticles.platform.config.MeridianConfig;
import verticles.platform.events.CloudEvent;
import verticles.platform.events.JournalEntry;
import verticles.platform.events.ShipmentEvents;
import verticles.platform.kafka.BatchConsumer;
import verticles.platform.kafka.Incoming;
import verticles.platform.metrics.Meters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tracking cache: consumes location and checkpoint events in batches and, per batch, appends
 * them to PostgreSQL history (a fix already stored is skipped), then moves each shipment's latest
 * position and checkpoint forward in Redis (never backwards), journaling and publishing each
 * forward move for live push; only then may the consumer commit the batch's offsets. A batch that
 * fails is read again; both writes are idempotent, so a repeat changes nothing.
 */
public final class TrackingVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(TrackingVerticle.class);

    private Pool pool;
    private ShipmentCache cache;
    private final ShipmentStore store = new ShipmentStore();
    private BatchConsumer consumer;
    private Timer ingestToCache;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        pool = Clients.postgres(vertx, config, "tracking");
        cache = ShipmentCache.from(Clients.redis(vertx, config), config);
        MeterRegistry registry = Meters.of(config());
        ingestToCache = Timer.builder("meridian.ingest.to.cache")
            .description("from a location update being accepted to its position moving in Redis (and its live event)")
            .publishPercentileHistogram().register(registry);
        Map<String, String> consumerConfig = new java.util.HashMap<>(Clients.kafkaConsumer(config, "meridian-tracking"));
        // Bigger batches: one history insert and one Redis pipeline carry more updates each.
        consumerConfig.put("max.poll.records", "2000");
        return BatchConsumer.start(vertx, consumerConfig, Clients.kafkaProducer(config, "meridian-tracking-dlq"), "tracking",
                List.of(Topics.SHIPMENTS), this::track, registry)
            .onSuccess(c -> consumer = c);
    }

    @Override
    public Future<?> stop() {
        return (consumer == null ? Future.succeededFuture() : consumer.stop())
            .eventually(cache::close)
            .eventually(pool::close);
    }

    /**
     * What one batch changes for one shipment: its newest fix (positions coalesce: only the
     * newest matters) and every scan (checkpoints are events of their own).
     */
    private static final class Latest {
        String tenantId;
        JsonObject position;
        final List<JsonObject> checkpoints = new ArrayList<>();
    }

    private Future<Void> track(List<Incoming> batch) {
        List<JsonObject> fixes = new ArrayList<>();
        List<JsonObject> scans = new ArrayList<>();
        Map<String, Latest> latest = new LinkedHashMap<>();
        for (Incoming incoming : batch) {
            try {
                collect(incoming.event(), fixes, scans, latest);
            } catch (RuntimeException e) {
                // A field missing or malformed: this event can never be stored; it goes to the dead letters.
                incoming.reject("not a readable shipment event: " + e);
            }
        }
        if (fixes.isEmpty() && scans.isEmpty()) {
            return Future.succeededFuture();
        }
        List<ShipmentCache.Move> moves = new ArrayList<>(latest.size());
        latest.forEach((id, change) -> {
            change.checkpoints.sort(java.util.Comparator.comparing(scan -> java.time.Instant.parse(scan.getString("at"))));
            List<ShipmentCache.Scan> inOrder = change.checkpoints.stream()
                .map(scan -> new ShipmentCache.Scan(scan, event(id, "checkpoint", scan))).toList();
            moves.add(new ShipmentCache.Move(id, change.tenantId, change.position, event(id, "position", change.position),
                inOrder));
        });
        // History first, then the latest state: whoever sees a position (a read, a live frame)
        // finds it in the track too. Offsets are committed only after both succeeded.
        return Future.all(store.appendLocations(pool, fixes), store.appendCheckpoints(pool, scans))
            .compose(stored -> cache.move(moves))
            .onSuccess(moved -> {
                publish(moved);
                timeFromAcceptance(moves, moved);
            })
            .mapEmpty();
    }

    /** Reads one event into the batch's history rows and per-shipment latest state; throws on a malformed event. */
    private static void collect(JsonObject event, List<JsonObject> fixes, List<JsonObject> scans, Map<String, Latest> latest) {
        JsonObject data = CloudEvent.data(event);
        String type = CloudEvent.type(event);
        if (ShipmentEvents.LOCATION_RECORDED.equals(type) || ShipmentEvents.CHECKPOINT_RECORDED.equals(type)) {
            Objects.requireNonNull(data.getString("shipmentId"), "shipmentId is missing");
            Objects.requireNonNull(event.getString("tenantid"), "tenantid is missing");
        }
        if (ShipmentEvents.LOCATION_RECORDED.equals(type)) {
            Objects.requireNonNull(data.getDouble("lat"), "lat is missing");
            Objects.requireNonNull(data.getDouble("lon"), "lon is missing");
            JsonObject position = positionOf(data);
            Latest shipment = latestOf(latest, data, event);
            fixes.add(data);
            if (shipment.position == null || isAfter(data.getString("recordedAt"),
                shipment.position.getString("recordedAt"))) {
                shipment.position = position;
            }
        } else if (ShipmentEvents.CHECKPOINT_RECORDED.equals(type)) {
            JsonObject scan = ShipmentView.checkpoint(java.time.Instant.parse(data.getString("at")),
                data.getString("type"), data.getString("facility"),
                java.time.Instant.parse(data.getString("receivedAt")));
            Latest shipment = latestOf(latest, data, event);
            scans.add(data);
            shipment.checkpoints.add(scan);
        } else {
            LOG.debug("ignoring event type {}", type);
        }
    }

    private void timeFromAcceptance(List<ShipmentCache.Move> moves, List<ShipmentCache.Moved> moved) {
        java.time.Instant now = java.time.Instant.now();
        for (int i = 0; i < moves.size(); i++) {
            if ((moved.get(i).flags() & 1) != 0) {
                ingestToCache.record(java.time.Duration.between(
                    java.time.Instant.parse(moves.get(i).position().getString("receivedAt")), now));
            }
        }
    }

    /** The JSON of a live event about one shipment: its id and the part that moved. */
    private static String event(String shipmentId, String part, JsonObject value) {
        return value == null ? null : new JsonObject().put("shipmentId", shipmentId).put(part, value).encode();
    }

    private static Latest latestOf(Map<String, Latest> latest, JsonObject data, JsonObject event) {
        Latest shipment = latest.computeIfAbsent(data.getString("shipmentId"), id -> new Latest());
        shipment.tenantId = event.getString("tenantid");
        return shipment;
    }

    /**
     * Publishes what the batch journaled: one message per tenant, to every node holding one of
     * that tenant's streams. The journal already has every event, so a message that is lost is
     * noticed by the streams (the next event does not follow on) and read from the journal.
     */
    private void publish(List<ShipmentCache.Moved> moved) {
        Map<String, List<JournalEntry>> byTenant = new HashMap<>();
        for (ShipmentCache.Moved m : moved) {
            if (!m.journaled().isEmpty()) {
                byTenant.computeIfAbsent(m.tenantId(), t -> new ArrayList<>()).addAll(m.journaled());
            }
        }
        byTenant.forEach((tenant, entries) ->
            vertx.eventBus().publish(Addresses.tenantChanged(tenant), JournalEntry.message(entries)));
    }

    /** ISO instants do not sort as text (".5Z" and "Z" differ in length), so compare them as times. */
    static boolean isAfter(String isoA, String isoB) {
        return java.time.Instant.parse(isoA).isAfter(java.time.Instant.parse(isoB));
    }

    private static JsonObject positionOf(JsonObject fix) {
        return ShipmentView.position(java.time.Instant.parse(fix.getString("recordedAt")), fix.getDouble("lat"),
            fix.getDouble("lon"), fix.getDouble("speed"), fix.getDouble("heading"), fix.getDouble("accuracy"),
            fix.getString("courierId"), java.time.Instant.parse(fix.getString("receivedAt")));
    }
}
