package verticles.simulator;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.domain.geo.GreatCircle.Point;
import verticles.simulator.Cities.City;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a simulated trip asks of Meridian, through its public API as a merchant's systems and a
 * courier's phone would: stock, an order confirmed by the saga or a standalone shipment, status
 * changes, scans and fixes. Each call retries after 429 and 503 ({@link ApiClient}).
 */
final class TripCalls {

    /** The SKU every simulated order is for; the simulator stocks it before it starts. */
    static final String SKU = "SIM-PARCEL";
    private static final int STOCK = 1_000_000;
    private static final Duration CONFIRMATION_WAIT = Duration.ofSeconds(60);
    /** The fastest speed (m/s) a fix may report under the API contract. */
    private static final double MAX_REPORTED_SPEED = 1000;

    private final ApiClient api;
    private final Random random;
    final AtomicLong fixesAccepted = new AtomicLong();

    TripCalls(ApiClient api, Random random) {
        this.api = api;
        this.random = random;
    }

    Future<Void> stock() {
        return call(HttpMethod.PUT, "/v1/inventory/" + SKU, new JsonObject().put("available", STOCK)).mapEmpty();
    }

    /** Places the trip's order, waits for the inventory saga to confirm it, and starts preparing it. */
    Future<Void> openOrder(Trip trip) {
        City destination = trip.route.destination;
        JsonObject order = new JsonObject()
            .put("customer", new JsonObject().put("name", "Customer in " + destination.name()))
            .put("items", new JsonArray().add(new JsonObject().put("sku", SKU).put("quantity", 1)))
            .put("destination", new JsonObject().put("lat", destination.lat()).put("lon", destination.lon())
                .put("address", destination.name() + " city centre"));
        return call(HttpMethod.POST, "/v1/orders", order)
            .compose(placed -> {
                trip.orderId = placed.getString("id");
                return confirmed(trip, Instant.now().plus(CONFIRMATION_WAIT));
            })
            .compose(v -> status(trip, "PREPARING"));
    }

    private Future<Void> confirmed(Trip trip, Instant deadline) {
        return call(HttpMethod.GET, "/v1/orders/" + trip.orderId, null).compose(order -> {
            String status = order.getString("status");
            if ("CONFIRMED".equals(status)) {
                trip.shipmentId = order.getString("shipmentId");
                return Future.succeededFuture();
            }
            if ("REJECTED".equals(status)) {
                // Out of stock: restock for the trips that follow; this one is over.
                return stock().compose(v -> Future.failedFuture("order " + trip.orderId + " was rejected (restocked)"));
            }
            if (Instant.now().isAfter(deadline)) {
                return Future.failedFuture("order " + trip.orderId + " was not confirmed within "
                    + CONFIRMATION_WAIT.toSeconds() + " s (is the inventory saga running?)");
            }
            return pause(Duration.ofMillis(250)).compose(v -> confirmed(trip, deadline));
        });
    }

    Future<Void> openShipment(Trip trip) {
        City origin = trip.route.origin;
        City destination = trip.route.destination;
        JsonObject shipment = new JsonObject()
            .put("reference", "sim-" + origin.name() + "-" + destination.name())
            .put("origin", new JsonObject().put("lat", origin.lat()).put("lon", origin.lon())
                .put("address", origin.name() + " warehouse"))
            .put("destination", new JsonObject().put("lat", destination.lat()).put("lon", destination.lon())
                .put("address", destination.name() + " delivery point"));
        return call(HttpMethod.POST, "/v1/shipments", shipment).map(created -> {
            trip.shipmentId = created.getString("id");
            return null;
        });
    }

    Future<Void> status(Trip trip, String status) {
        return call(HttpMethod.PUT, "/v1/orders/" + trip.orderId + "/status", new JsonObject().put("status", status))
            .mapEmpty();
    }

    Future<Void> scan(Trip trip, String type, String facility) {
        return call(HttpMethod.POST, "/v1/shipments/" + trip.shipmentId + "/checkpoints", new JsonObject()
            .put("facility", facility).put("type", type).put("at", trip.nextDeviceTime().toString())).mapEmpty();
    }

    Future<Void> fix(Trip trip, double speed) {
        Point at = trip.route.at(trip.driven);
        JsonObject fix = new JsonObject()
            .put("lat", Math.round(at.lat() * 1e6) / 1e6)
            .put("lon", Math.round(at.lon() * 1e6) / 1e6)
            .put("recordedAt", trip.nextDeviceTime().toString())
            .put("heading", Math.round(trip.route.headingAt(trip.driven)))
            .put("accuracy", 5 + random.nextInt(11))
            .put("courierId", trip.courierId);
        // Over the API's limit only in tests' time-lapse runs: then Meridian derives the speed itself.
        if (speed <= MAX_REPORTED_SPEED) {
            fix.put("speed", Math.round(speed * 10) / 10.0);
        }
        return call(HttpMethod.POST, "/v1/shipments/" + trip.shipmentId + "/locations", fix)
            .onSuccess(accepted -> fixesAccepted.incrementAndGet())
            .mapEmpty();
    }

    private Future<JsonObject> call(HttpMethod method, String path, JsonObject body) {
        return api.call(method, path, body);
    }

    Future<Void> pause(Duration duration) {
        return api.pause(duration);
    }
}
