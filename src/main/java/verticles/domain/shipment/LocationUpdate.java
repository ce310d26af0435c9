package verticles.domain.shipment;

import verticles.domain.Fields;
import verticles.domain.Checked;
import verticles.domain.Instants;
import verticles.domain.TimeWindow;

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
     * {@code recordedAt} is inside the window (not in the future, not older than the history keeps). {@code shipmentId} is the path's id
     * for a single update, or null for a batch item, which names its own.
     *
     * @param window the acceptable {@code recordedAt}: within the history retention, not after now plus the clock skew
     */
    public static Checked<LocationUpdate> read(Map<String, ?> body, String shipmentId, TimeWindow window) {
        return Instants.read(body.get("recordedAt"), "recordedAt", window).map(recordedAt -> new LocationUpdate(
            shipmentId != null ? shipmentId : (String) body.get("shipmentId"),
            Fields.number(body, "lat"), Fields.number(body, "lon"), recordedAt,
            Fields.optionalNumber(body, "speed"), Fields.optionalNumber(body, "heading"),
            Fields.optionalNumber(body, "accuracy"), (String) body.get("courierId")));
    }
}
