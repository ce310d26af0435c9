package verticles.inventory;

/**
 * The inventory feature's event-bus addresses: stock levels, read and set. Every message body is a {@code JsonObject}, so it
 * crosses nodes without custom codecs.
 */
public final class InventoryAddresses {

    private InventoryAddresses() {
    }

    public static final String INVENTORY_GET = "inventory.get";
    public static final String INVENTORY_SET = "inventory.set";
}
