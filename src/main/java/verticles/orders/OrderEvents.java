package verticles.orders;

import io.vertx.core.json.JsonObject;
import verticles.platform.events.CloudEvent;

import java.time.Instant;

/**
 * The CloudEvents an order emits. An event's id is the order id and version, so the same
 * change published twice (a relay that crashed before marking its row) is recognisably the
 * same event to every consumer.
 */
final class OrderEvents {

    static final String SOURCE = "/meridian/orders";

    private OrderEvents() {
    }

    static String eventId(String orderId, int version) {
        return orderId + ".v" + version;
    }

    static JsonObject placed(String tenantId, JsonObject order, Instant at) {
        JsonObject data = order.copy();
        data.remove("history");
        return CloudEvent.create(eventId(order.getString("id"), 1), SOURCE, OrderEventView.PLACED, order.getString("id"),
            tenantId, at, data);
    }

    /**
     * {@code data}: orderId, from, status, version, cause, at, shipmentId (once confirmed) and the
     * destination, so the shipment verticle can create the order's shipment from the event alone.
     */
    static JsonObject statusChanged(String tenantId, JsonObject order, String to, int version, String cause,
                                    String shipmentId, Instant at) {
        String orderId = order.getString("id");
        JsonObject data = new JsonObject()
            .put("orderId", orderId)
            .put("from", order.getString("status"))
            .put("status", to)
            .put("version", version)
            .put("cause", cause)
            .put("at", at.toString())
            .put("shipmentId", shipmentId)
            .put("destination", order.getJsonObject("destination"));
        return CloudEvent.create(eventId(orderId, version), SOURCE, OrderEventView.STATUS_CHANGED, orderId, tenantId, at, data);
    }

    /**
     * {@code data}: orderId, status (unchanged), version, cause {@code arriving}, at, shipmentId
     * and remainingMeters: the order's courier came inside the destination's geofence.
     */
    static JsonObject arriving(String tenantId, JsonObject order, int version, Instant at, double remainingMeters) {
        String orderId = order.getString("id");
        JsonObject data = new JsonObject()
            .put("orderId", orderId)
            .put("status", order.getString("status"))
            .put("version", version)
            .put("cause", "arriving")
            .put("at", at.toString())
            .put("shipmentId", order.getString("shipmentId"))
            .put("remainingMeters", remainingMeters);
        return CloudEvent.create(eventId(orderId, version), SOURCE, OrderEventView.ARRIVING, orderId, tenantId, at, data);
    }
}
