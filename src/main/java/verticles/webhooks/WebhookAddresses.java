package verticles.webhooks;

/**
 * The webhooks feature's event-bus addresses: subscriptions, and nudges for its deliveries. Every message body is a {@code JsonObject}, so it
 * crosses nodes without custom codecs.
 */
public final class WebhookAddresses {

    private WebhookAddresses() {
    }

    public static final String WEBHOOKS_CREATE = "webhooks.create";
    public static final String WEBHOOKS_GET = "webhooks.get";
    public static final String WEBHOOKS_LIST = "webhooks.list";
    public static final String WEBHOOKS_DELETE = "webhooks.delete";
    public static final String WEBHOOK_DELIVERIES_PENDING = "webhooks.deliveries.pending";
    /** Sends a dead webhook delivery ({@code deliveryId}) again, from its first attempt: an admin's replay. */
    public static final String WEBHOOK_DELIVERY_REDO = "webhooks.deliveries.redo";
}
