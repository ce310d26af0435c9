package verticles.orders;

/**
 * The order feature's event-bus addresses: commands the order state machine answers. Every message body is a {@code JsonObject}, so it
 * crosses nodes without custom codecs.
 */
public final class OrderAddresses {

    private OrderAddresses() {
    }

    /** Create an order: {@code {tenantId, order}} → the stored order. */
    public static final String ORDERS_PLACE = "orders.place";
    /** Change an order's status: {@code {tenantId, orderId, status, cause, expectedVersion?}} → the order. */
    public static final String ORDERS_TRANSITION = "orders.transition";
    /**
     * Change several orders' statuses in one transaction (the saga's answers):
     * {@code {changes: [{tenantId, orderId, status, cause, correlationId?}]}}, each order once →
     * {@code {moved, refused: {orderId: reason}}}; a refused change holds up none of the others.
     */
    public static final String ORDERS_TRANSITION_ALL = "orders.transition-all";
    /** Read one order: {@code {tenantId, orderId}} → the order, or failure 404. */
    public static final String ORDERS_GET = "orders.get";
    /** Record that an order's courier is inside the destination's geofence: {@code {tenantId, orderId, at, remainingMeters}} → {@code {recorded}}; once per order. */
    public static final String ORDERS_RECORD_ARRIVAL = "orders.record-arrival";
    /** List a tenant's orders: {@code {tenantId, status?, cursor?, limit}} → {@code {items, nextCursor}}. */
    public static final String ORDERS_LIST = "orders.list";
    public static final String ORDERS_CACHE_REBUILD = "orders.cache.rebuild";
}
