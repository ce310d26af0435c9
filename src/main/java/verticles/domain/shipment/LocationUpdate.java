package verticles.domain.shipment;

import verticles.domain.Fields;
import verticles.domain.Checked;
import verticles.domain.Instants;

import java.time.Instant;
import java.util.Map;

/**
 * One position fix from a courier's device. {@code recordedAt} is the device's clock; the
 * server adds {@code receivedAt}. A fix is identified by shipment and {@code recordedAt}: a
 * device is in one place at one instant, so the same pair sent twice is the same fix.
 */
public record LocationUpdate(String shipmentId, double lat, double lon, Instant recordedAt, Double speed,
                             Double heading, Double accuracy, String courierId) {

    /**
     * Reads one update that matched the contract's schema and checks what a schema cannot say:
     * {@code recordedAt} is not in the future nor before 2000. {@code shipmentId} is the path's id
     * for a single update, or null for a batch item, which names its own.
     *
     * @param latest the latest acceptable {@code recordedAt}: now plus the allowed clock skew
     */
    public static Checked<LocationUpdate> read(Map<String, ?> body, String shipmentId, Instant latest) {
        return Instants.read(body.get("recordedAt"), "recordedAt", latest).map(recordedAt -> new LocationUpdate(
            shipmentId != null ? shipmentId : (String) body.get("shipmentId"),
            Fields.number(body, "lat"), Fields.number(body, "lon"), recordedAt,
            Fields.optionalNumber(body, "speed"), Fields.optionalNumber(body, "heading"),
            Fields.optionalNumber(body, "accuracy"), (String) body.get("courierId")));
    }
}
