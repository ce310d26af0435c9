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
    /** List a tenant's orders: {@code {tenantId, status?, cursor?, limit}} → {@code {items, nextCursor}}. */
    public static final String ORDERS_LIST = "orders.list";
    /** Local nudge: the outbox has new rows, publish them now rather than at the next poll. */
    public static final String OUTBOX_PENDING = "outbox.pending";
}
