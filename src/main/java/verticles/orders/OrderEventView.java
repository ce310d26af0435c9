package verticles.orders;

import verticles.platform.events.CloudEvent;
import io.vertx.core.json.JsonObject;

/**
 * What every consumer of the orders topic needs from an order event, whatever its type: which
 * order, whose, and the status and version it announces. Consumers depend on this contract, not
 * on the orders package.
 */
public record OrderEventView(String eventId, String type, String tenantId, String orderId, String status,
                             int version) {

    public static final String PLACED = "order.placed";
    public static final String STATUS_CHANGED = "order.status-changed";
    /** The courier came inside the destination's geofence; the status is unchanged, the version is new. */
    public static final String ARRIVING = "order.arriving";

    /** True for {@code order.arriving}: the same status as before, announced again at a new version. */
    public boolean isArrival() {
        return ARRIVING.equals(type);
    }

    /** Reads an order CloudEvent; null for records of other types. */
    public static OrderEventView of(JsonObject event) {
        String type = CloudEvent.type(event);
        if (!PLACED.equals(type) && !STATUS_CHANGED.equals(type) && !ARRIVING.equals(type)) {
            return null;
        }
        JsonObject data = CloudEvent.data(event);
        return new OrderEventView(event.getString("id"), type, event.getString("tenantid"), event.getString("subject"),
            data.getString("status"), data.getInteger("version", 1));
    }
}
