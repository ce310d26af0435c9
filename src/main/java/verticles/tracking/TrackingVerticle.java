package verticles.tracking;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.Addresses;
import verticles.platform.Clients;
import verticles.platform.Topics;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.events.CloudEvent;
import verticles.platform.events.ShipmentEvents;
import verticles.platform.kafka.BatchConsumer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tracking cache: consumes location and checkpoint events in batches and, per batch, appends
 * them to PostgreSQL history (a fix already stored is skipped), moves each shipment's latest
 * position and checkpoint forward in Redis (never backwards), and only then lets the consumer
 * commit the batch's offsets. A batch that fails is read again; both writes are idempotent, so
 * a repeat changes nothing. Each forward move is published on the event bus for live push.
 */
public final class TrackingVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(TrackingVerticle.class);

    private Pool pool;
    private ShipmentCache cache;
    private final ShipmentStore store = new ShipmentStore();
    private BatchConsumer consumer;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        pool = Clients.postgres(vertx, config, "tracking");
        cache = new ShipmentCache(Clients.redis(vertx, config), config.get(Keys.CACHE_SHIPMENT_TTL));
        Map<String, String> consumerConfig = new java.util.HashMap<>(Clients.kafkaConsumer(config, "meridian-tracking"));
        // Bigger batches: one history insert and one Redis pipeline carry more updates each.
        consumerConfig.put("max.poll.records", "2000");
        return BatchConsumer.start(vertx, consumerConfig, "tracking", List.of(Topics.SHIPMENTS), this::track)
            .onSuccess(c -> consumer = c);
    }

    @Override
    public Future<?> stop() {
        return (consumer == null ? Future.succeededFuture() : consumer.stop())
            .eventually(cache::close)
            .eventually(pool::close);
    }

    /** What one batch changes for one shipment: its newest fix and newest scan in the batch. */
    private static final class Latest {
        String tenantId;
        JsonObject position;
        JsonObject checkpoint;
    }

    private Future<Void> track(List<KafkaConsumerRecord<String, String>> records) {
        List<JsonObject> fixes = new ArrayList<>();
        List<JsonObject> scans = new ArrayList<>();
        Map<String, Latest> latest = new LinkedHashMap<>();
        for (KafkaConsumerRecord<String, String> record : records) {
            JsonObject event;
            try {
                event = new JsonObject(record.value());
            } catch (RuntimeException e) {
                LOG.warn("skipping unreadable shipment record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
                continue;
            }
            JsonObject data = CloudEvent.data(event);
            String type = CloudEvent.type(event);
            if (ShipmentEvents.LOCATION_RECORDED.equals(type)) {
                fixes.add(data);
                Latest shipment = latestOf(latest, data, event);
                if (shipment.position == null || isAfter(data.getString("recordedAt"),
                    shipment.position.getString("recordedAt"))) {
                    shipment.position = positionOf(data);
                }
            } else if (ShipmentEvents.CHECKPOINT_RECORDED.equals(type)) {
                scans.add(data);
                Latest shipment = latestOf(latest, data, event);
                JsonObject scan = ShipmentView.checkpoint(java.time.Instant.parse(data.getString("at")),
                    data.getString("type"), data.getString("facility"),
                    java.time.Instant.parse(data.getString("receivedAt")));
                if (shipment.checkpoint == null || isAfter(scan.getString("at"), shipment.checkpoint.getString("at"))) {
                    shipment.checkpoint = scan;
                }
            } else {
                LOG.debug("ignoring event type {}", type);
            }
        }
        if (fixes.isEmpty() && scans.isEmpty()) {
            return Future.succeededFuture();
        }
        List<String> ids = new ArrayList<>(latest.keySet());
        List<ShipmentCache.Move> moves = ids.stream()
            .map(id -> new ShipmentCache.Move(id, latest.get(id).position, latest.get(id).checkpoint)).toList();
        return Future.all(store.appendLocations(pool, fixes), store.appendCheckpoints(pool, scans))
            .compose(stored -> cache.move(moves))
            .onSuccess(moved -> {
                for (int i = 0; i < ids.size(); i++) {
                    publish(ids.get(i), latest.get(ids.get(i)), moved.get(i));
                }
            })
            .mapEmpty();
    }

    private static Latest latestOf(Map<String, Latest> latest, JsonObject data, JsonObject event) {
        Latest shipment = latest.computeIfAbsent(data.getString("shipmentId"), id -> new Latest());
        shipment.tenantId = event.getString("tenantid");
        return shipment;
    }

    private void publish(String shipmentId, Latest change, int moved) {
        if ((moved & 1) != 0) {
            JsonObject message = new JsonObject().put("type", "location").put("shipmentId", shipmentId)
                .put("tenantId", change.tenantId).put("position", change.position);
            vertx.eventBus().publish(Addresses.shipmentChanged(shipmentId), message);
            vertx.eventBus().publish(Addresses.tenantChanged(change.tenantId), message);
        }
        if ((moved & 2) != 0) {
            JsonObject message = new JsonObject().put("type", "checkpoint").put("shipmentId", shipmentId)
                .put("tenantId", change.tenantId).put("checkpoint", change.checkpoint);
            vertx.eventBus().publish(Addresses.shipmentChanged(shipmentId), message);
            vertx.eventBus().publish(Addresses.tenantChanged(change.tenantId), message);
        }
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
