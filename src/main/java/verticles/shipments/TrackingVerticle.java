package verticles.shipments;

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
import verticles.domain.shipment.EtaHistory;
import verticles.domain.shipment.Geofence;
import verticles.orders.OrderAddresses;
import verticles.platform.outbox.Outbox;
import verticles.platform.Addresses;
import verticles.platform.Clients;
import verticles.platform.config.MeridianConfig;
import verticles.platform.events.JournalEntry;
import verticles.platform.kafka.BatchConsumer;
import verticles.platform.kafka.Incoming;
import verticles.platform.logs.Throttled;
import verticles.platform.metrics.Meters;
import verticles.platform.trace.CorrelationId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tracking cache: consumes location and checkpoint events in batches and, per batch, appends
 * them to PostgreSQL history (a fix already stored is skipped), then moves each shipment's latest
 * position and checkpoint forward in Redis (never backwards), journaling and publishing each
 * forward move for live push; only then may the consumer commit the batch's offsets. A batch that
 * fails is read again; every write is idempotent, so a repeat changes nothing.
 *
 * <p>Each newest position carries an ETA: the great-circle distance left to the destination at
 * the courier's recent speed, counted from now, and the arrival time announced to the customer;
 * when a fresh estimate moves that time by more than the threshold, the revision goes out as
 * {@code shipment.eta-revised} (outbox, live event). A courier that stayed inside the
 * destination's geofence for the dwell has arrived: on the shipment (an {@code arriving} live
 * event for a standalone one) and, for an order's shipment, on the order, which announces
 * {@code order.arriving} like a status change.
 */
public final class TrackingVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(TrackingVerticle.class);

    private Pool pool;
    private ShipmentCache cache;
    private final TrackingStore store = new TrackingStore();
    private BatchConsumer consumer;
    private Timer ingestToCache;
    private Courses courses;
    private Course.Rules rules;
    private final Throttled arrivalsNotRecorded = new Throttled(LOG, Duration.ofMinutes(1));

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        pool = Clients.postgres(vertx, config, "tracking");
        cache = ShipmentCache.from(Clients.redis(vertx, config), config);
        courses = new Courses(config.get(ShipmentKeys.TRACKING_RECENT_SHIPMENTS));
        rules = new Course.Rules(
            Geofence.of(config.get(ShipmentKeys.TRACKING_ARRIVAL_RADIUS), config.get(ShipmentKeys.TRACKING_ARRIVAL_DWELL)),
            config.get(ShipmentKeys.TRACKING_STALE_AFTER), config.get(ShipmentKeys.TRACKING_ETA_REVISION),
            config.get(ShipmentKeys.TRACKING_ETA_REVISION_CONFIRM));
        MeterRegistry registry = Meters.of(config());
        ingestToCache = Timer.builder("meridian.ingest.to.cache")
            .description("from a location update being accepted to its position moving in Redis (and its live event)")
            .publishPercentileHistogram().register(registry);
        Map<String, String> consumerConfig = new java.util.HashMap<>(Clients.kafkaConsumer(config, "meridian-tracking"));
        // Bigger batches: one history insert and one Redis pipeline carry more updates each.
        consumerConfig.put("max.poll.records", "2000");
        return BatchConsumer.start(vertx, consumerConfig, Clients.kafkaProducer(config, "meridian-tracking-dlq"), "tracking",
                List.of(ShipmentTopics.SHIPMENTS), this::track, registry)
            .onSuccess(c -> consumer = c);
    }

    @Override
    public Future<?> stop() {
        return (consumer == null ? Future.succeededFuture() : consumer.stop())
            .eventually(cache::close)
            .eventually(pool::close);
    }

    private Future<Void> track(List<Incoming> incoming) {
        TrackingBatch batch = new TrackingBatch();
        for (Incoming record : incoming) {
            try {
                batch.add(record.event(), record.correlationId());
            } catch (RuntimeException e) {
                // A field missing or malformed: this event can never be stored; it goes to the dead letters.
                record.reject("not a readable shipment event: " + e);
            }
        }
        if (batch.isEmpty()) {
            return Future.succeededFuture();
        }
        return courses.of(batch.moving(), ids -> store.targets(pool, ids)).compose(known -> {
            batch.estimate(known, rules, Instant.now());
            List<ShipmentCache.Move> moves = batch.moves(known);
            // History first, then the latest state: whoever sees a position (a read, a live frame)
            // finds it in the track too. Offsets are committed only after all of it succeeded.
            return Future.all(store.appendLocations(pool, batch.fixes), store.appendCheckpoints(pool, batch.scans),
                    store.markArriving(pool, batch.arrivals()), recordEtas(batch))
                .compose(stored -> recordOrderArrivals(batch.latest, known))
                .compose(unrecorded -> cache.move(moves).onSuccess(moved -> {
                    publish(moved);
                    timeFromAcceptance(moves, moved);
                    batch.latest.forEach((id, change) -> {
                        if (change.arrivingAt != null && !unrecorded.contains(id)) {
                            known.get(id).arrivalRecorded(true);
                        }
                        if (change.eta != null) {
                            known.get(id).eta(change.eta);
                        }
                    });
                }))
                .mapEmpty();
        });
    }

    /**
     * Keeps the ETAs the batch announced and, in the same transaction, puts its revisions in the
     * outbox, so a revision is published if and only if it is kept. A course learns what it
     * announced only after the whole batch succeeded: a batch read again announces it again.
     */
    private Future<Void> recordEtas(TrackingBatch batch) {
        Map<String, EtaHistory> changes = batch.etaChanges();
        if (changes.isEmpty()) {
            return Future.succeededFuture();
        }
        List<JsonObject> revisions = batch.etaRevisions();
        return pool.withTransaction(tx -> store.recordEtas(tx, changes)
                .compose(v -> Outbox.appendAll(tx, ShipmentTopics.SHIPMENT_EVENTS, revisions)))
            .onSuccess(v -> {
                if (!revisions.isEmpty()) {
                    Outbox.nudgeRelay(vertx.eventBus());
                }
            });
    }

    /**
     * Asks the order state machine to record each order's arrival (once per order, however often
     * it is asked). The fixes are stored whatever it answers: an arrival the orders could not take
     * now (none reachable, or busy) is asked again with the shipment's next fix inside the
     * geofence. Answers the shipments whose order's arrival is not recorded yet.
     */
    private Future<Set<String>> recordOrderArrivals(Map<String, TrackingBatch.Latest> latest, Map<String, Course> known) {
        Set<String> unrecorded = new HashSet<>();
        List<Future<?>> asked = new ArrayList<>();
        latest.forEach((id, change) -> {
            String orderId = known.containsKey(id) ? known.get(id).target.orderId() : null;
            if (change.arrivingAt == null || orderId == null) {
                return;
            }
            JsonObject command = new JsonObject().put("tenantId", change.tenantId).put("orderId", orderId)
                .put("shipmentId", id).put("at", change.arrivingAt.toString())
                .put("remainingMeters", change.remainingMeters).put(CorrelationId.FIELD, change.correlationId);
            asked.add(vertx.eventBus().request(OrderAddresses.ORDERS_RECORD_ARRIVAL, command,
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

    private void timeFromAcceptance(List<ShipmentCache.Move> moves, List<ShipmentCache.Moved> moved) {
        java.time.Instant now = Instant.now();
        for (int i = 0; i < moves.size(); i++) {
            if (moved.get(i).positionMoved()) {
                ingestToCache.record(Duration.between(
                    Instant.parse(moves.get(i).position().getString("receivedAt")), now));
            }
        }
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
}
