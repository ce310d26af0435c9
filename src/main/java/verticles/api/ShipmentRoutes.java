package verticles.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import verticles.domain.Rules;
import verticles.domain.ValidationException;
import verticles.domain.shipment.NewShipment;
import verticles.tracking.ShipmentAddresses;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** {@code /v1/shipments}: create a standalone shipment, read one, read its track. */
final class ShipmentRoutes {

    static final int DEFAULT_TRACK_POINTS = 1_000;

    private final Vertx vertx;
    private final Duration maxClockSkew;

    ShipmentRoutes(Vertx vertx, Duration maxClockSkew) {
        this.vertx = vertx;
        this.maxClockSkew = maxClockSkew;
    }

    void mount(Router router) {
        router.post("/v1/shipments").handler(this::create);
        router.get("/v1/shipments/:id").handler(this::read);
        router.get("/v1/shipments/:id/track").handler(this::track);
    }

    private void create(RoutingContext rc) {
        Map<String, Object> body = RequestBodies.jsonObject(rc);
        if (body == null) {
            return;
        }
        NewShipment shipment;
        try {
            shipment = NewShipment.parse(body);
        } catch (ValidationException e) {
            Replies.invalid(rc, e);
            return;
        }
        JsonObject request = new JsonObject().put("reference", shipment.reference())
            .put("origin", place(shipment.origin())).put("destination", place(shipment.destination()));
        Replies.create(vertx, rc, ShipmentAddresses.SHIPMENTS_CREATE,
            new JsonObject().put("tenantId", Replies.tenant(rc)).put("shipment", request), "/v1/shipments");
    }

    private void read(RoutingContext rc) {
        String id = Replies.pathId(rc, "shp", "shipment");
        if (id == null) {
            return;
        }
        Replies.askEncoded(vertx, rc, ShipmentAddresses.SHIPMENTS_GET,
            new JsonObject().put("tenantId", Replies.tenant(rc)).put("shipmentId", id));
    }

    /** {@code from} and {@code to} are ISO-8601 times (default: all of it); {@code limit} 1–10,000 (1,000). */
    private void track(RoutingContext rc) {
        String id = Replies.pathId(rc, "shp", "shipment");
        if (id == null) {
            return;
        }
        Rules rules = new Rules();
        Instant latest = Instant.now().plus(maxClockSkew);
        String fromText = rc.queryParams().get("from");
        String toText = rc.queryParams().get("to");
        Instant from = fromText == null ? Instant.parse("2000-01-01T00:00:00Z") : rules.instant(fromText, "from", latest);
        Instant to = toText == null ? latest : rules.instant(toText, "to", latest);
        String limitText = rc.queryParams().get("limit");
        // The contract checked the limit (1 to 10,000) and the times' form; the times' range is checked here.
        int limit = limitText == null ? DEFAULT_TRACK_POINTS : Integer.parseInt(limitText);
        if (rules.size() > 0) {
            Replies.invalid(rc, "the track query is not valid", rules.violations());
            return;
        }
        Replies.ask(vertx, rc, ShipmentAddresses.SHIPMENTS_TRACK, new JsonObject().put("tenantId", Replies.tenant(rc))
            .put("shipmentId", id).put("from", from.toString()).put("to", to.toString()).put("limit", limit));
    }

    private static JsonObject place(NewShipment.Place place) {
        return place == null ? null
            : new JsonObject().put("lat", place.lat()).put("lon", place.lon()).put("address", place.address());
    }
}
