package verticles.orders;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * The order as the API shows it and Redis caches it. Built in memory for a change that was just
 * written (the transaction knows every field), and read back from PostgreSQL in the same shape.
 */
final class OrderDocument {

    private OrderDocument() {
    }

    static JsonObject placed(String id, JsonObject request, Instant at) {
        return new JsonObject()
            .put("id", id)
            .put("status", "PLACED")
            .put("version", 1)
            .put("customer", request.getJsonObject("customer"))
            .put("items", request.getJsonArray("items"))
            .put("destination", request.getJsonObject("destination"))
            .put("shipmentId", null)
            .put("createdAt", at.toString())
            .put("updatedAt", at.toString())
            .put("arrivingAt", null)
            .put("history", new JsonArray().add(historyEntry("PLACED", 1, "api", at)));
    }

    /** The same order after a status change, history included. */
    static JsonObject moved(JsonObject order, String status, int version, String cause, Instant at) {
        JsonObject next = order.copy()
            .put("status", status)
            .put("version", version)
            .put("updatedAt", at.toString());
        next.getJsonArray("history").add(historyEntry(status, version, cause, at));
        return next;
    }

    /** The same order once its courier is arriving: a new version, the status kept, history included. */
    static JsonObject arriving(JsonObject order, int version, Instant at) {
        JsonObject next = order.copy()
            .put("version", version)
            .put("updatedAt", at.toString())
            .put("arrivingAt", at.toString());
        next.getJsonArray("history").add(historyEntry(order.getString("status"), version, "arriving", at));
        return next;
    }

    static JsonObject historyEntry(String status, int version, String cause, Instant at) {
        return new JsonObject().put("status", status).put("version", version).put("cause", cause)
            .put("at", at.toString());
    }
}
