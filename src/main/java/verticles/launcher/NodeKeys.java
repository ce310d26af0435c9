package verticles.launcher;

import verticles.platform.config.ConfigKey;
import verticles.platform.config.KeySet;

import java.util.List;

/**
 * Which verticles a node runs, and how many instances of each (0: not on this node). The
 * launcher reads them; registered in {@code META-INF/services}, like every feature's keys.
 */
public final class NodeKeys implements KeySet {

    public static final ConfigKey<Integer> API_INSTANCES = ConfigKey.integer("verticles.api.instances", 2,
        "HTTP API verticle instances (the REST edge); 0 makes a node that serves no HTTP API");
    public static final ConfigKey<Integer> TENANTS_INSTANCES = ConfigKey.integer("verticles.tenants.instances", 1,
        "tenant verticle instances (the admin routes: tenants, key issue and revocation)");
    public static final ConfigKey<Integer> ORDERS_INSTANCES = ConfigKey.integer("verticles.orders.instances", 1,
        "order state-machine verticle instances (order commands, PostgreSQL writes, cache write-through)");
    public static final ConfigKey<Integer> OUTBOX_RELAY_INSTANCES = ConfigKey.integer("verticles.outbox-relay.instances", 1,
        "outbox relay instances (publish committed outbox rows to Kafka); relays on many nodes work side by side,"
            + " each order's events still in order");
    public static final ConfigKey<Integer> NOTIFY_INSTANCES = ConfigKey.integer("verticles.notify.instances", 1,
        "notification verticle instances (mock SMS/e-mail log lines per status change)");
    public static final ConfigKey<Integer> SHIPMENTS_INSTANCES = ConfigKey.integer("verticles.shipments.instances", 1,
        "shipment verticle instances (create and read shipments, tracks, the shipment of a confirmed order)");
    public static final ConfigKey<Integer> TRACKING_INSTANCES = ConfigKey.integer("verticles.tracking.instances", 1,
        "tracking consumer instances (location and checkpoint events into Redis and PostgreSQL history)");
    public static final ConfigKey<Integer> ORDER_JOURNAL_INSTANCES = ConfigKey.integer("verticles.order-journal.instances", 1,
        "order journal instances (order events into the live-stream journal and onto the event bus)");
    public static final ConfigKey<Integer> INVENTORY_INSTANCES = ConfigKey.integer("verticles.inventory.instances", 1,
        "inventory verticle instances (stock levels; reserve on order.placed, release on cancel or reject)");
    public static final ConfigKey<Integer> ORDER_SAGA_INSTANCES = ConfigKey.integer("verticles.order-saga.instances", 1,
        "order saga instances (the inventory's answer makes an order CONFIRMED or REJECTED)");
    public static final ConfigKey<Integer> WEBHOOKS_INSTANCES = ConfigKey.integer("verticles.webhooks.instances", 1,
        "webhook verticle instances (subscriptions, deliveries from order events, signed sends with retries)");
    public static final ConfigKey<Integer> DEAD_LETTERS_INSTANCES = ConfigKey.integer("verticles.dead-letters.instances", 1,
        "dead-letter verticle instances (keep .dlq records in PostgreSQL; list and replay for the admin routes)");
    public static final ConfigKey<Integer> DEVICES_INSTANCES = ConfigKey.integer("verticles.devices.instances", 1,
        "device verticle instances (GPS devices by identifier, and the shipment each is assigned to)");
    public static final ConfigKey<Integer> TRACKING_LINKS_INSTANCES = ConfigKey.integer("verticles.tracking-links.instances", 1,
        "tracking-link verticle instances (customers' signed links: make, revoke, open)");
    public static final ConfigKey<Integer> MAINTENANCE_INSTANCES = ConfigKey.integer("verticles.maintenance.instances", 1,
        "maintenance verticle instances (history partitions and retention, purges; one node of the cluster runs at a time)");
    public static final ConfigKey<Integer> COURIERS_INSTANCES = ConfigKey.integer("verticles.couriers.instances", 0,
        "courier simulator instances (couriers driving orders between cities through the public API); 1 in the dev profile");
    public static final ConfigKey<Integer> ORDER_SIMULATOR_INSTANCES = ConfigKey.integer(
        "verticles.order-simulator.instances", 0,
        "order simulator instances (advance confirmed orders along the happy path)")
        .formerly("verticles.simulator.instances");

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(API_INSTANCES, TENANTS_INSTANCES, ORDERS_INSTANCES, OUTBOX_RELAY_INSTANCES, NOTIFY_INSTANCES, SHIPMENTS_INSTANCES, TRACKING_INSTANCES, ORDER_JOURNAL_INSTANCES, INVENTORY_INSTANCES, ORDER_SAGA_INSTANCES, WEBHOOKS_INSTANCES, DEAD_LETTERS_INSTANCES, DEVICES_INSTANCES, TRACKING_LINKS_INSTANCES, MAINTENANCE_INSTANCES, COURIERS_INSTANCES, ORDER_SIMULATOR_INSTANCES);
    }
}
