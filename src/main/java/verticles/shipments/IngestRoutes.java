package verticles.shipments;

import io.vertx.core.Future;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import verticles.domain.Checked;
import verticles.domain.TimeWindow;
import verticles.domain.Violation;
import verticles.domain.shipment.Checkpoint;
import verticles.domain.shipment.LocationUpdate;
import verticles.platform.config.ConfigKey;
import verticles.platform.config.MeridianConfig;
import verticles.platform.http.Caller;
import verticles.platform.http.Operations;
import verticles.platform.http.Problem;
import verticles.platform.trace.CorrelationId;

import verticles.platform.http.Replies;
import verticles.platform.http.RequestBodies;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Location updates and warehouse scans. Each request is checked whole (a batch with one bad
 * item is refused whole, naming the items), its shipments must exist and be the caller's, and it
 * is answered {@code 202} only once Kafka holds every event of it.
 */
public final class IngestRoutes {

    private final ShipmentOwners owners;
    private final IngestProducer producer;
    private final Duration maxClockSkew;
    private final Duration retention;
    private final int maxBatch;
    private final int osmAndPort;
    private final MeterRegistry registry;
    private final Counter acceptedUpdates;
    private final Counter acceptedCheckpoints;

    public IngestRoutes(Vertx vertx, MeridianConfig config, MeterRegistry registry) {
        this.owners = new ShipmentOwners(vertx);
        this.producer = new IngestProducer(vertx, config);
        this.maxClockSkew = config.get(ShipmentKeys.INGEST_MAX_CLOCK_SKEW);
        this.retention = config.get(ShipmentKeys.HISTORY_RETENTION);
        this.maxBatch = config.get(ShipmentKeys.INGEST_MAX_BATCH);
        this.osmAndPort = config.get(ShipmentKeys.INGEST_OSMAND_PORT);
        this.registry = registry;
        this.acceptedUpdates = Counter.builder("meridian.location.updates").tag("outcome", "accepted")
            .description("location updates Kafka acknowledged (answered 202)").register(registry);
        this.acceptedCheckpoints = Counter.builder("meridian.checkpoints").tag("outcome", "accepted")
            .description("warehouse checkpoints Kafka acknowledged (answered 202)").register(registry);
    }

    /** Serves the ingest operations, and counts their refusals, those of the contract check (most of them) included. */
    public void mount(Operations operations) {
        operations.serve("recordLocation", Replies.withPathId("shp", "shipment", this::oneLocation));
        operations.serve("recordLocations", this::batchOfLocations);
        operations.serve("recordCheckpoint", Replies.withPathId("shp", "shipment", this::checkpoint));
        List.of("recordLocation", "recordLocations", "recordCheckpoint")
            .forEach(operation -> operations.observe(operation, this::countRefusals));
    }

    /** Counts each ingest request answered 4xx or 5xx by its status: refused requests, whatever their size. */
    private void countRefusals(RoutingContext rc) {
        rc.addEndHandler(v -> {
            int status = rc.response().getStatusCode();
            if (status >= 400) {
                Counter.builder("meridian.ingest.requests.refused").tag("status", String.valueOf(status))
                    .description("ingest requests refused (nothing from them recorded), by HTTP status")
                    .register(registry).increment();
            }
        });
    }

    private void oneLocation(RoutingContext rc, String id) {
        Checked<LocationUpdate> update = LocationUpdate.read(RequestBodies.jsonObject(rc), id, acceptable(rc));
        if (update instanceof Checked.Valid<LocationUpdate> valid) {
            accept(rc, List.of(valid.value()), Map.of(id, List.of(0)), List.of(), false);
        } else {
            Replies.invalid(rc, "the location update is not valid", update.violations());
        }
    }

    private void batchOfLocations(RoutingContext rc) {
        // The contract has checked the shape (NDJSON was read into the same array); the size is configured.
        List<Object> items = RequestBodies.jsonArray(rc);
        if (items.size() > maxBatch) {
            Problem.send(rc, 400, "Bad Request", "a batch holds at most " + maxBatch + " updates, not " + items.size());
            return;
        }
        TimeWindow window = acceptable(rc);
        List<LocationUpdate> updates = new ArrayList<>(items.size());
        List<Violation> violations = new ArrayList<>();
        TreeSet<Integer> badItems = new TreeSet<>();
        Map<String, List<Integer>> itemsByShipment = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, ?> item = (Map<String, ?>) items.get(i);
            Checked<LocationUpdate> update = LocationUpdate.read(item, null, window).under("[" + i + "].");
            if (update instanceof Checked.Valid<LocationUpdate> valid) {
                updates.add(valid.value());
                itemsByShipment.computeIfAbsent(valid.value().shipmentId(), s -> new ArrayList<>()).add(i);
            } else {
                badItems.add(i);
                violations.addAll(update.violations());
            }
        }
        if (!badItems.isEmpty()) {
            Replies.invalid(rc, "the batch was refused whole; invalid items at positions " + badItems
                + "; nothing from it was recorded", violations);
            return;
        }
        accept(rc, updates, itemsByShipment, List.of(), true);
    }

    private void checkpoint(RoutingContext rc, String id) {
        Replies.whenValid(rc, Checkpoint.read(RequestBodies.jsonObject(rc), id, acceptable(rc)),
            scan -> accept(rc, List.of(), Map.of(id, List.of(0)), List.of(scan), false));
    }

    /** Checks every named shipment is the caller's, then sends the events and answers 202. */
    private void accept(RoutingContext rc, List<LocationUpdate> updates, Map<String, List<Integer>> itemsByShipment,
                        List<Checkpoint> scans, boolean batch) {
        String tenantId = Replies.tenant(rc);
        List<String> shipments = new ArrayList<>(itemsByShipment.keySet());
        List<Future<String>> lookups = shipments.stream().map(owners::ownerOf).toList();
        Future.all(lookups).onComplete(ar -> {
            if (ar.failed()) {
                Problem.fromFailure(rc, ar.cause());
                return;
            }
            TreeSet<Integer> unknownItems = new TreeSet<>();
            LinkedHashSet<String> unknown = new LinkedHashSet<>();
            for (int i = 0; i < shipments.size(); i++) {
                if (!tenantId.equals(lookups.get(i).result())) {
                    unknown.add(shipments.get(i));
                    unknownItems.addAll(itemsByShipment.get(shipments.get(i)));
                }
            }
            if (!unknown.isEmpty()) {
                // Another tenant's shipment answers exactly like a missing one.
                Problem.send(rc, 404, "Not Found", batch
                    ? "no shipment " + String.join(", ", unknown) + " (items at positions " + unknownItems
                        + "); the batch was refused whole"
                    : "no shipment " + unknown.iterator().next());
                return;
            }
            Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<JsonObject> events = new ArrayList<>(updates.size() + scans.size());
            updates.forEach(u -> events.add(ShipmentEvents.locationRecorded(tenantId, fixJson(u), receivedAt)));
            scans.forEach(c -> events.add(ShipmentEvents.checkpointRecorded(tenantId, scanJson(c), receivedAt)));
            send(events, CorrelationId.of(rc), updates.size())
                .onSuccess(v -> {
                    acceptedCheckpoints.increment(scans.size());
                    Replies.json(rc, 202, new JsonObject().put("accepted", events.size()));
                })
                .onFailure(e -> Problem.fromFailure(rc, e));
        });
    }

    /** Sends events to Kafka, counting the {@code updates} among them as accepted once it has them all. */
    Future<Void> send(List<JsonObject> events, String correlationId, int updates) {
        return producer.send(events, correlationId).onSuccess(v -> acceptedUpdates.increment(updates));
    }

    /** The OsmAnd protocol's routes, sending through this ingest; {@code contract} judges a fix as the API would. */
    public OsmAndRoutes osmAnd(Vertx vertx, java.util.function.Function<Object, List<Violation>> contract) {
        return new OsmAndRoutes(vertx, this, contract, osmAndPort);
    }

    /** Closes the Kafka producer, once the server stopped taking requests. */
    public Future<Void> close() {
        return producer.close();
    }

    /**
     * Device times the caller's history can take now: not older than it keeps (the tenant's own
     * retention when shorter), not later than the clock skew allows.
     */
    private TimeWindow acceptable(RoutingContext rc) {
        return window(Caller.historyRetention(rc, retention));
    }

    /** Device times the configured history retention can take now (a device names no tenant key to shorten it). */
    TimeWindow window() {
        return window(retention);
    }

    private TimeWindow window(Duration kept) {
        return TimeWindow.retained(Instant.now(), maxClockSkew, kept, ConfigKey.formatDuration(kept));
    }

    static JsonObject fixJson(LocationUpdate u) {
        return new JsonObject()
            .put("shipmentId", u.shipmentId())
            .put("lat", u.lat())
            .put("lon", u.lon())
            .put("recordedAt", u.recordedAt().toString())
            .put("speed", u.speed())
            .put("heading", u.heading())
            .put("accuracy", u.accuracy())
            .put("courierId", u.courierId());
    }

    private static JsonObject scanJson(Checkpoint c) {
        return new JsonObject().put("shipmentId", c.shipmentId()).put("facility", c.facility())
            .put("type", c.type()).put("at", c.at().toString());
    }
}
