package verticles.platform;

/**
 * Event-bus addresses. Commands are imperative and answered by one handler somewhere in the
 * cluster; every message body is a {@code JsonObject}, so it crosses nodes without custom codecs.
 */
public final class Addresses {

    private Addresses() {
    }

    /** Create an order: {@code {tenantId, order}} → the stored order. */
    public static final String ORDERS_PLACE = "orders.place";
    /** Change an order's status: {@code {tenantId, orderId, status, cause, expectedVersion?}} → the order. */
    public static final String ORDERS_TRANSITION = "orders.transition";
    /** Read one order: {@code {tenantId, orderId}} → the order, or failure 404. */
    public static final String ORDERS_GET = "orders.get";
    /** Record that an order's courier is inside the destination's geofence: {@code {tenantId, orderId, at, remainingMeters}} → {@code {recorded}}; once per order. */
    public static final String ORDERS_RECORD_ARRIVAL = "orders.record-arrival";
    /** List a tenant's orders: {@code {tenantId, status?, cursor?, limit}} → {@code {items, nextCursor}}. */
    public static final String ORDERS_LIST = "orders.list";
    /** Create a standalone shipment: {@code {tenantId, shipment}} → the shipment. */
    public static final String SHIPMENTS_CREATE = "shipments.create";
    /** Read one shipment: {@code {tenantId, shipmentId}} → the shipment as encoded JSON (a string), or failure 404. */
    public static final String SHIPMENTS_GET = "shipments.get";
    /** Who owns a shipment: {@code {shipmentId}} → {@code {tenantId}}, or failure 404. */
    public static final String SHIPMENTS_OWNER = "shipments.owner";
    /** A shipment's track: {@code {tenantId, shipmentId, from, to, limit}} → a GeoJSON Feature. */
    public static final String SHIPMENTS_TRACK = "shipments.track";

    /**
     * Published with the journal entries a writer appended for a tenant's shipments and orders
     * (see {@link verticles.platform.events.JournalEntry}). Push nodes listen on it while they
     * serve a stream of the tenant and route each entry to the streams it belongs to; a
     * per-entity address would cost a cluster-wide subscription for every connected client.
     */
    public static String tenantChanged(String tenantId) {
        return "tenant.changed." + tenantId;
    }

    /** Create a tenant and its first key: {@code {name}} → {@code {id, name, apiKey, keyPrefix, createdAt}}. */
    public static final String TENANTS_CREATE = "tenants.create";
    /** A tenant's keys, by prefix: {@code {tenantId}} → {@code {items: [{prefix, createdAt, revokedAt}]}}, or 404. */
    public static final String TENANTS_KEYS_LIST = "tenants.keys.list";
    /** Issue another key: {@code {tenantId}} → {@code {apiKey, keyPrefix, createdAt}}, or 404. */
    public static final String TENANTS_KEYS_CREATE = "tenants.keys.create";
    /** Revoke a tenant's keys with a prefix: {@code {tenantId, prefix}} → {@code {revoked: n}}, or 404. */
    public static final String TENANTS_KEYS_REVOKE = "tenants.keys.revoke";
    /** Set a tenant's own rate limit: {@code {tenantId, perSecond, burst}} → the tenant's limit, or 404. */
    public static final String TENANTS_RATE_LIMIT = "tenants.rate-limit";
    /** Published (cluster-wide) when a tenant's settings changed: {@code {tenantId}}; nodes re-read them. */
    public static final String TENANTS_CHANGED = "tenants.changed";
    /**
     * Published (cluster-wide) when keys are revoked: {@code {keyHashes: [...]}}. Every node drops
     * them from its memory of verified keys at once, rather than when that memory expires.
     */
    public static final String API_KEYS_REVOKED = "api-keys.revoked";

    /** Local nudge: the outbox has new rows, publish them now rather than at the next poll. */
    public static final String OUTBOX_PENDING = "outbox.pending";
    public static final String INVENTORY_GET = "inventory.get";
    public static final String INVENTORY_SET = "inventory.set";
    public static final String DEAD_LETTERS_LIST = "dead-letters.list";
    public static final String DEAD_LETTERS_REPLAY = "dead-letters.replay";
    public static final String WEBHOOKS_CREATE = "webhooks.create";
    public static final String WEBHOOKS_GET = "webhooks.get";
    public static final String WEBHOOKS_LIST = "webhooks.list";
    public static final String WEBHOOKS_DELETE = "webhooks.delete";
    public static final String WEBHOOK_DELIVERIES_PENDING = "webhooks.deliveries.pending";
    /** Sends a dead webhook delivery ({@code deliveryId}) again, from its first attempt: an admin's replay. */
    public static final String WEBHOOK_DELIVERY_REDO = "webhooks.deliveries.redo";
    public static final String ORDERS_CACHE_REBUILD = "orders.cache.rebuild";
    public static final String SHIPMENTS_CACHE_REBUILD = "shipments.cache.rebuild";
}
