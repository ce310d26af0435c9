package verticles.webhooks;

import io.vertx.core.json.JsonObject;
import verticles.domain.webhook.NewWebhook;
import verticles.orders.OrderTopics;
import verticles.platform.events.CloudEvent;
import verticles.shipments.ShipmentTopics;

/**
 * What the webhook feature needs of a published event a merchant can subscribe to, whichever
 * feature published it: its id, type and tenant, and the topic it came from (named in a dead
 * letter when its deliveries run out of attempts).
 */
record SubscribableEvent(String eventId, String type, String tenantId) {

    /** The event of a type webhooks can subscribe to ({@link NewWebhook#EVENT_TYPES}); null for any other record. */
    static SubscribableEvent of(JsonObject event) {
        String type = CloudEvent.type(event);
        if (type == null || !NewWebhook.EVENT_TYPES.contains(type)) {
            return null;
        }
        return new SubscribableEvent(event.getString("id"), type, event.getString("tenantid"));
    }

    /** The topic an event of this type is published on. */
    static String topicOf(String type) {
        return type != null && type.startsWith("shipment.") ? ShipmentTopics.SHIPMENT_EVENTS : OrderTopics.ORDERS;
    }
}
