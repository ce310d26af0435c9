package verticles.tracking;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.geo.GreatCircle.Point;
import verticles.domain.shipment.Eta;
import verticles.platform.Addresses;
import verticles.platform.Clients;
import verticles.platform.Topics;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.events.CloudEvent;
import verticles.platform.events.JournalEntry;
import verticles.platform.events.ShipmentEvents;
import verticles.platform.kafka.BatchConsumer;
import verticles.platform.kafka.Incoming;
import verticles.platform.logs.Throttled;
import verticles.platform.metrics.Meters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The tracking cache: consumes location and checkpoint events in batches and, per batch, appends
 * them to PostgreSQL history (a fix already stored is skipped), then moves each shipment's latest
 * position and checkpoint forward in Redis (never backwards), journaling and publishing each
 * forward move for live push; only then may the consumer commit the batch's offsets. A batch that
 * fails is read again; every write is idempotent, so a repeat changes nothing.
 *
 * <p>Each newest position carries an ETA: the great-circle distance left to the destination at
 * the courier's recent speed. The first fix inside the destination's geofence records the
 * arrival: on the shipment (an {@code arriving} live event for a standalone one) and, for an
 * order's shipment, on the order, which announces {@code order.arriving} like a status change.
 */
public final class TrackingVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(TrackingVerticle.class);

    private Pool pool;
    private ShipmentCache cache;
    private final ShipmentStore store = new ShipmentStore();
    private BatchConsumer consumer;
    private Timer ingestToCache;
    private Courses courses;
    private double arrivalRadiusMeters;
    private final Throttled arrivalsNotRecorded = new Throttled(LOG, Duration.ofMinutes(1));

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        pool = Clients.postgres(vertx, config, "tracking");
        cache = ShipmentCache.from(Clients.redis(vertx, config), config);
        courses = new Courses(config.get(Keys.TRACKING_RECENT_SHIPMENTS));
        arrivalRadiusMeters = config.get(Keys.TRACKING_ARRIVAL_RADIUS);
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
        /** Set when this batch's newest position is the first inside the geofence. */
        Instant arrivingAt;
        double remainingMeters;
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
        List<String> moving = latest.entrySet().stream().filter(e -> e.getValue().position != null)
            .map(Map.Entry::getKey).toList();
        return courses.of(moving, ids -> store.targets(pool, ids)).compose(known -> {
            estimate(fixes, latest, known);
            List<ShipmentCache.Move> moves = moves(latest, known);
            // History first, then the latest state: whoever sees a position (a read, a live frame)
            // finds it in the track too. Offsets are committed only after all of it succeeded.
            return Future.all(store.appendLocations(pool, fixes), store.appendCheckpoints(pool, scans),
                    store.markArriving(pool, arrivals(latest)))
                .compose(stored -> recordOrderArrivals(latest, known))
                .compose(unrecorded -> cache.move(moves).onSuccess(moved -> {
                    publish(moved);
                    timeFromAcceptance(moves, moved);
                    latest.forEach((id, change) -> {
                        if (change.arrivingAt != null && !unrecorded.contains(id)) {
                            known.get(id).arrivalRecorded(true);
                        }
                    });
                }))
                .mapEmpty();
        });
    }

    /**
     * Feeds every fix of the batch to its shipment's recent motion, then puts an ETA on each
     * newest position whose shipment has a destination, and notes the first arrival inside the
     * geofence.
     */
    private void estimate(List<JsonObject> fixes, Map<String, Latest> latest, Map<String, Course> known) {
        for (JsonObject fix : fixes) {
            Course course = known.get(fix.getString("shipmentId"));
            if (course != null) {
                course.observe(pointOf(fix), Instant.parse(fix.getString("recordedAt")), fix.getDouble("speed"));
            }
        }
        latest.forEach((id, change) -> {
            Course course = known.get(id);
            if (change.position == null || course == null || course.target.destination() == null) {
                return;
            }
            Instant recordedAt = Instant.parse(change.position.getString("recordedAt"));
            Eta eta = Eta.estimate(pointOf(change.position), recordedAt, course.speed(), course.target.destination(),
                arrivalRadiusMeters);
            change.position.put("eta", new JsonObject()
                .put("remainingMeters", eta.remainingMeters())
                .put("speed", eta.speed())
                .put("arrivesAt", eta.arrivesAt() == null ? null : eta.arrivesAt().toString()));
            if (eta.arriving() && !course.arrivalRecorded()) {
                change.arrivingAt = recordedAt;
                change.remainingMeters = eta.remainingMeters();
            }
        });
    }

    private List<ShipmentCache.Move> moves(Map<String, Latest> latest, Map<String, Course> known) {
        List<ShipmentCache.Move> moves = new ArrayList<>(latest.size());
        latest.forEach((id, change) -> {
            change.checkpoints.sort(java.util.Comparator.comparing(scan -> Instant.parse(scan.getString("at"))));
            List<ShipmentCache.Scan> inOrder = change.checkpoints.stream()
                .map(scan -> new ShipmentCache.Scan(scan, event(id, "checkpoint", scan))).toList();
            String arrivingAt = change.arrivingAt == null ? null : change.arrivingAt.toString();
            // An order's arrival is journaled from its order.arriving event, with the order's version.
            boolean standalone = known.containsKey(id) && known.get(id).target.orderId() == null;
            String arrivingEvent = arrivingAt == null || !standalone ? null : new JsonObject()
                .put("shipmentId", id).put("orderId", null).put("at", arrivingAt)
                .put("remainingMeters", change.remainingMeters).encode();
            moves.add(new ShipmentCache.Move(id, change.tenantId, change.position, event(id, "position", change.position),
                arrivingAt, arrivingEvent, inOrder));
        });
        return moves;
    }

    private static Map<String, Instant> arrivals(Map<String, Latest> latest) {
        Map<String, Instant> arrivals = new HashMap<>();
        latest.forEach((id, change) -> {
            if (change.arrivingAt != null) {
                arrivals.put(id, change.arrivingAt);
            }
        });
        return arrivals;
    }

    /**
     * Asks the order state machine to record each order's arrival (once per order, however often
     * it is asked). The fixes are stored whatever it answers: an arrival the orders could not take
     * now (none reachable, or busy) is asked again with the shipment's next fix inside the
     * geofence. Answers the shipments whose order's arrival is not recorded yet.
     */
    private Future<Set<String>> recordOrderArrivals(Map<String, Latest> latest, Map<String, Course> known) {
        Set<String> unrecorded = new HashSet<>();
        List<Future<?>> asked = new ArrayList<>();
        latest.forEach((id, change) -> {
            String orderId = known.containsKey(id) ? known.get(id).target.orderId() : null;
            if (change.arrivingAt == null || orderId == null) {
                return;
            }
            JsonObject command = new JsonObject().put("tenantId", change.tenantId).put("orderId", orderId)
                .put("shipmentId", id).put("at", change.arrivingAt.toString())
                .put("remainingMeters", change.remainingMeters);
            asked.add(vertx.eventBus().request(Addresses.ORDERS_RECORD_ARRIVAL, command,
                    new DeliveryOptions().setSendTimeout(10_000))
                .recover(e -> {
                    if (!(e instanceof ReplyException r && r.failureCode() == 404)) {
                        unrecorded.add(id);
                        arrivalsNotRecorded.warn("order {} is arriving, but the orders could not record it yet "
                            + "(asked again with the next fix): {}", orderId, e.getMessage());
                    }
                    return Future.succeededFuture();
                }));
        });
        return Future.all(asked).map(unrecorded);
    }

    private static Point pointOf(JsonObject fix) {
        return new Point(fix.getDouble("lat"), fix.getDouble("lon"));
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
            JsonObject scan = ShipmentView.checkpoint(Instant.parse(data.getString("at")),
                data.getString("type"), data.getString("facility"),
                Instant.parse(data.getString("receivedAt")));
            Latest shipment = latestOf(latest, data, event);
            scans.add(data);
            shipment.checkpoints.add(scan);
        } else {
            LOG.debug("ignoring event type {}", type);
        }
    }

    private void timeFromAcceptance(List<ShipmentCache.Move> moves, List<ShipmentCache.Moved> moved) {
        java.time.Instant now = Instant.now();
        for (int i = 0; i < moves.size(); i++) {
            if (moved.get(i).positionMoved()) {
                ingestToCache.record(Duration.between(
                    Instant.parse(moves.get(i).position().getString("receivedAt")), now));
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
        return Instant.parse(isoA).isAfter(Instant.parse(isoB));
    }

    private static JsonObject positionOf(JsonObject fix) {
        return ShipmentView.position(Instant.parse(fix.getString("recordedAt")), fix.getDouble("lat"),
            fix.getDouble("lon"), fix.getDouble("speed"), fix.getDouble("heading"), fix.getDouble("accuracy"),
            fix.getString("courierId"), Instant.parse(fix.getString("receivedAt")));
    }
}
