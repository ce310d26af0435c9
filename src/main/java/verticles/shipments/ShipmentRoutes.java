package verticles.shipments;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import verticles.domain.Checked;
import verticles.domain.Instants;
import verticles.domain.shipment.NewShipment;

import verticles.platform.config.MeridianConfig;
import verticles.platform.metrics.CacheMeters;
import verticles.platform.http.Caller;
import verticles.platform.http.Operations;
import verticles.platform.http.Replies;
import verticles.platform.http.RequestBodies;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** {@code /v1/shipments}: create a standalone shipment, read one, read its track. */
public final class ShipmentRoutes {

    static final int DEFAULT_TRACK_POINTS = 1_000;

    /** How long a read waits for the edge's Redis before it asks the shipments verticle instead. */
    private static final long EDGE_READ_TIMEOUT_MS = 200;

    private final Vertx vertx;
    private final Duration maxClockSkew;
    private final Duration retention;
    private final Duration staleAfter;
    private final ShipmentCache cache;
    private final CacheMeters cacheReads;

    /**
     * {@code redis} is the edge's client: a read the cache answers is served here, without the
     * event-bus hop to the shipments verticle; a miss, another tenant's shipment or a Redis that
     * fails or is slow goes to the verticle, which reads PostgreSQL and fills the cache.
     */
    public ShipmentRoutes(Vertx vertx, MeridianConfig config, Redis redis, MeterRegistry meters) {
        this.vertx = vertx;
        this.maxClockSkew = config.get(ShipmentKeys.INGEST_MAX_CLOCK_SKEW);
        this.retention = config.get(ShipmentKeys.HISTORY_RETENTION);
        this.staleAfter = config.get(ShipmentKeys.TRACKING_STALE_AFTER);
        this.cache = ShipmentCache.from(redis, config);
        this.cacheReads = CacheMeters.of(meters, "shipment");
    }

    public void mount(Operations operations) {
        operations.serve("createShipment", this::create);
        operations.serve("getShipment", Replies.withPathId("shp", "shipment", this::read));
        operations.serve("getTrack", Replies.withPathId("shp", "shipment", this::track));
    }

    private void create(RoutingContext rc) {
        NewShipment shipment = NewShipment.read(RequestBodies.jsonObject(rc));
        JsonObject request = new JsonObject().put("reference", shipment.reference())
            .put("origin", place(shipment.origin())).put("destination", place(shipment.destination()));
        Replies.create(vertx, rc, ShipmentAddresses.SHIPMENTS_CREATE,
            new JsonObject().put("tenantId", Replies.tenant(rc)).put("shipment", request), "/v1/shipments");
    }

    private void read(RoutingContext rc, String id) {
        String tenantId = Replies.tenant(rc);
        Duration kept = Caller.historyRetention(rc, retention);
        // The tenant keeps less than the node does: its older position and scan are not shown.
        Instant keptSince = kept.equals(retention) ? null : Instant.now().minus(kept);
        cache.get(tenantId, id).timeout(EDGE_READ_TIMEOUT_MS, TimeUnit.MILLISECONDS).otherwise(e -> null).onSuccess(cached -> {
            if (cached != null && tenantId.equals(cached.tenantId())) {
                cacheReads.count(cached);
                rc.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end(cached.shown(Instant.now(), staleAfter, keptSince));
                return;
            }
            JsonObject query = new JsonObject().put("tenantId", tenantId).put("shipmentId", id);
            if (keptSince != null) {
                query.put("keptSince", keptSince.toString());
            }
            Replies.askEncoded(vertx, rc, ShipmentAddresses.SHIPMENTS_GET, query);
        });
    }

    /** {@code from} and {@code to} are ISO-8601 times (default: all of it); {@code limit} 1–10,000 (1,000). */
    private void track(RoutingContext rc, String id) {
        Instant latest = Instant.now().plus(maxClockSkew);
        String fromText = rc.queryParams().get("from");
        String toText = rc.queryParams().get("to");
        // The contract checked the limit (1 to 10,000) and the times' form; the times' range is checked here.
        Checked<Instant> from = fromText == null ? Checked.valid(Instants.earliest()) : Instants.read(fromText, "from", latest);
        Checked<Instant> to = toText == null ? Checked.valid(latest) : Instants.read(toText, "to", latest);
        String limitText = rc.queryParams().get("limit");
        int limit = limitText == null ? DEFAULT_TRACK_POINTS : Integer.parseInt(limitText);
        // Never a fix older than the tenant's history keeps, though its partition may not be dropped yet.
        Instant kept = Instant.now().minus(Caller.historyRetention(rc, retention));
        Checked<JsonObject> query = Checked.both(from, to, (start, end) -> new JsonObject()
            .put("tenantId", Replies.tenant(rc)).put("shipmentId", id)
            .put("from", (start.isBefore(kept) ? kept : start).toString()).put("to", end.toString()).put("limit", limit));
        if (query instanceof Checked.Valid<JsonObject> valid) {
            Replies.askFor(vertx, rc, ShipmentAddresses.SHIPMENTS_TRACK, valid.value(), "application/geo+json");
        } else {
            Replies.invalid(rc, "the track query is not valid", query.violations());
        }
    }

    private static JsonObject place(NewShipment.Place place) {
        return place == null ? null
            : new JsonObject().put("lat", place.lat()).put("lon", place.lon()).put("address", place.address());
    }
}
