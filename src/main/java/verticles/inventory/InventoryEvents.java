package verticles.inventory;

import io.vertx.core.json.JsonObject;
import verticles.platform.events.CloudEvent;

import java.time.Instant;

/**
 * The inventory saga's answers to an order, on {@code meridian.inventory}, keyed by order id.
 * An event's id is the order id and the outcome, so announcing the same outcome twice is the
 * same event.
 */
public final class InventoryEvents {

    public static final String RESERVED = "inventory.reserved";
    public static final String RESERVATION_FAILED = "inventory.reservation-failed";
    public static final String RELEASED = "inventory.released";
    static final String SOURCE = "/meridian/inventory";

    private InventoryEvents() {
    }

    static JsonObject of(String type, String tenantId, String orderId, JsonObject items, String reason, Instant at) {
        JsonObject data = new JsonObject().put("orderId", orderId).put("items", items);
        if (reason != null) {
            data.put("reason", reason);
        }
        return CloudEvent.create(orderId + "." + type, SOURCE, type, orderId, tenantId, at, data);
    }
}
