package verticles.domain.shipment;

import verticles.domain.Rules;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One position fix from a courier's device. {@code recordedAt} is the device's clock; the
 * server adds {@code receivedAt}. A fix is identified by shipment and {@code recordedAt}: a
 * device is in one place at one instant, so the same pair sent twice is the same fix.
 */
public record LocationUpdate(String shipmentId, double lat, double lon, Instant recordedAt, Double speed,
                             Double heading, Double accuracy, String courierId) {

    public static final int MAX_COURIER_ID = 64;
    private static final Set<String> FIELDS = Set.of("lat", "lon", "recordedAt", "speed", "heading", "accuracy",
        "courierId");
    private static final Set<String> BATCH_FIELDS = Set.of("shipmentId", "lat", "lon", "recordedAt", "speed",
        "heading", "accuracy", "courierId");

    /**
     * Reads one update into {@code rules}; null when it broke any. {@code shipmentId} is the path's
     * id for a single update, or null for a batch item, which must name its own.
     *
     * @param prefix the field-path prefix for violations ({@code ""}, or {@code "[3]."} in a batch)
     * @param latest the latest acceptable {@code recordedAt}: now plus the allowed clock skew
     */
    public static LocationUpdate read(Map<String, ?> body, String shipmentId, String prefix, Instant latest,
                                      Rules rules) {
        int before = rules.size();
        rules.onlyKnown(body, prefix, shipmentId == null ? BATCH_FIELDS : FIELDS);
        String id = shipmentId != null ? shipmentId : rules.id(body.get("shipmentId"), prefix + "shipmentId", "shp");
        Double lat = rules.number(body.get("lat"), prefix + "lat", -90, 90);
        Double lon = rules.number(body.get("lon"), prefix + "lon", -180, 180);
        Instant recordedAt = rules.instant(body.get("recordedAt"), prefix + "recordedAt", latest);
        Double speed = rules.optionalNumber(body.get("speed"), prefix + "speed", 0, 1_000, false);
        Double heading = rules.optionalNumber(body.get("heading"), prefix + "heading", 0, 360, true);
        Double accuracy = rules.optionalNumber(body.get("accuracy"), prefix + "accuracy", 0, 100_000, false);
        Object courier = body.get("courierId");
        String courierId = courier == null ? null
            : rules.text(courier, prefix + "courierId", MAX_COURIER_ID, true);
        if (rules.size() > before) {
            return null;
        }
        return new LocationUpdate(id, lat, lon, recordedAt, speed, heading, accuracy, courierId);
    }
}
