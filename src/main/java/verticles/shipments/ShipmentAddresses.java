package verticles.shipments;

/**
 * The shipment feature's event-bus addresses: commands the shipments verticle answers. Every message body is a {@code JsonObject}, so it
 * crosses nodes without custom codecs.
 */
public final class ShipmentAddresses {

    private ShipmentAddresses() {
    }

    /** Create a standalone shipment: {@code {tenantId, shipment}} → the shipment. */
    public static final String SHIPMENTS_CREATE = "shipments.create";
    /** Read one shipment: {@code {tenantId, shipmentId}} → the shipment as encoded JSON (a string), or failure 404. */
    public static final String SHIPMENTS_GET = "shipments.get";
    /** A shipment's checkpoints, newest first: {@code {tenantId, shipmentId}} → {@code {items: [{type, facility, at}]}} (50 at most), or 404. */
    public static final String SHIPMENTS_CHECKPOINTS = "shipments.checkpoints";
    /** Who owns a shipment: {@code {shipmentId}} → {@code {tenantId}}, or failure 404. */
    public static final String SHIPMENTS_OWNER = "shipments.owner";
    /** A shipment's track: {@code {tenantId, shipmentId, from, to, limit}} → a GeoJSON Feature. */
    public static final String SHIPMENTS_TRACK = "shipments.track";
    public static final String SHIPMENTS_CACHE_REBUILD = "shipments.cache.rebuild";
}
