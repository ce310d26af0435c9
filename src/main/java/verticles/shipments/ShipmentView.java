package verticles.shipments;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A shipment as the API shows it, in parts that change at different rates: the fixed data (set
 * once), the newest position (with the ETA made from it) and the newest checkpoint (each moving
 * only forward in its own device time), and when the courier first came inside the
 * destination's geofence ({@code arrivingAt}, set once). Each part carries the server's
 * {@code receivedAt}.
 */
record ShipmentView(String tenantId, JsonObject fixed, JsonObject position, JsonObject lastCheckpoint,
                    String arrivingAt) {

    private static final String FRESH = "\"stale\":false";
    private static final String STALE = "\"stale\":true";
    private static final String ARRIVES_AT = "\"arrivesAt\":";

    /** CREATED until the first position, IN_TRANSIT after it, ARRIVING once inside the destination's geofence. */
    static String status(boolean hasPosition, boolean arriving) {
        return arriving ? "ARRIVING" : hasPosition ? "IN_TRANSIT" : "CREATED";
    }

    static JsonObject fixed(String id, String orderId, String reference, JsonObject origin, JsonObject destination,
                            Instant createdAt) {
        return new JsonObject()
            .put("id", id)
            .put("orderId", orderId)
            .put("reference", reference)
            .put("origin", origin)
            .put("destination", destination)
            .put("createdAt", createdAt.toString());
    }

    static JsonObject position(Instant recordedAt, double lat, double lon, Double speed, Double heading,
                               Double accuracy, String courierId, Instant receivedAt) {
        return new JsonObject()
            .put("lat", lat)
            .put("lon", lon)
            .put("recordedAt", recordedAt.toString())
            .put("speed", speed)
            .put("heading", heading)
            .put("accuracy", accuracy)
            .put("courierId", courierId)
            .put("receivedAt", receivedAt.toString())
            .put("stale", false);
    }

    static JsonObject checkpoint(Instant at, String type, String facility, Instant receivedAt) {
        return new JsonObject().put("type", type).put("facility", facility).put("at", at.toString())
            .put("receivedAt", receivedAt.toString());
    }

    /** {@code updatedAt} is when Meridian last changed the shipment: the newest server receipt, not a device clock. */
    JsonObject toJson() {
        return fixed.copy()
            .put("status", status(position != null, arrivingAt != null))
            .put("position", position)
            .put("lastCheckpoint", lastCheckpoint)
            .put("arrivingAt", arrivingAt)
            .put("updatedAt", updatedAt().toString());
    }

    private Instant updatedAt() {
        Instant updatedAt = Instant.parse(fixed.getString("createdAt"));
        if (position != null && Instant.parse(position.getString("receivedAt")).isAfter(updatedAt)) {
            updatedAt = Instant.parse(position.getString("receivedAt"));
        }
        if (lastCheckpoint != null && Instant.parse(lastCheckpoint.getString("receivedAt")).isAfter(updatedAt)) {
            updatedAt = Instant.parse(lastCheckpoint.getString("receivedAt"));
        }
        return updatedAt;
    }

    /** This view as the cache renders it: encoded, with its owner and its position's device time. */
    ShipmentCache.Rendered rendered() {
        return ShipmentCache.Rendered.of(tenantId, fixed.encode(), position == null ? null : position.encode(),
            lastCheckpoint == null ? null : lastCheckpoint.encode(), arrivingAt, updatedAt().toString(),
            position == null ? null : Instant.parse(position.getString("recordedAt")));
    }

    /**
     * The encoded {@code position} marked stale: the courier has not reported for longer than the
     * staleness limit, so where it is now is unknown and the arrival time announced from an older
     * fix is no longer shown (the distance from the last fix stays).
     *
     * <p>Edited as text, since every read of a quiet courier's shipment is marked and decoding and
     * encoding the position was an eighth of a read's CPU. The edit is exact: in encoded JSON a
     * quote inside a string is always escaped, so {@code "stale":} and {@code "arrivesAt":} occur
     * only as keys (a courier id cannot forge one), and the arrival time, written from an
     * {@code Instant}, holds no quote. A position of any other shape is decoded instead.
     */
    static String markedStale(String positionJson) {
        String marked = positionJson.replace(FRESH, STALE);
        int key = marked.indexOf(ARRIVES_AT);
        int value = key + ARRIVES_AT.length();
        if (!marked.contains(STALE) || marked.indexOf(ARRIVES_AT, value) >= 0) {
            return markedStaleByDecoding(positionJson);
        }
        if (key < 0 || marked.startsWith("null", value)) {
            return marked;
        }
        int end = marked.charAt(value) == '"' ? marked.indexOf('"', value + 1) : -1;
        return end < 0 ? markedStaleByDecoding(positionJson) : marked.substring(0, value) + "null" + marked.substring(end + 1);
    }

    /** {@link #markedStale} the plain way: decoded, changed, encoded. */
    static String markedStaleByDecoding(String positionJson) {
        JsonObject position = new JsonObject(positionJson);
        position.put("stale", true);
        JsonObject eta = position.getJsonObject("eta");
        if (eta != null) {
            eta.putNull("arrivesAt");
        }
        return position.encode();
    }

    /**
     * The encoded shipment {@code json} without a position or checkpoint dated before
     * {@code keptSince}: a tenant with a shorter history retention never sees an older fix,
     * though the cache or a partition not yet dropped still holds it.
     */
    static String withoutOlderThan(String json, Instant keptSince) {
        JsonObject view = new JsonObject(json);
        JsonObject position = view.getJsonObject("position");
        JsonObject checkpoint = view.getJsonObject("lastCheckpoint");
        boolean stalePosition = position != null && Instant.parse(position.getString("recordedAt")).isBefore(keptSince);
        boolean staleCheckpoint = checkpoint != null && Instant.parse(checkpoint.getString("at")).isBefore(keptSince);
        if (!stalePosition && !staleCheckpoint) {
            return json;
        }
        if (stalePosition) {
            view.putNull("position");
        }
        if (staleCheckpoint) {
            view.putNull("lastCheckpoint");
        }
        return view.encode();
    }
}
