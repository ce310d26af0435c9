package verticles.platform;

import java.util.List;

/** Kafka topic names. Records are CloudEvents keyed by the entity id, so one entity stays in order. */
public final class Topics {

    private Topics() {
    }

    /** Order lifecycle events: {@code order.placed}, {@code order.status-changed}. */
    public static final String ORDERS = "meridian.orders";

    /** Shipment events: {@code shipment.location-recorded}, {@code shipment.checkpoint-recorded}. */
    public static final String SHIPMENTS = "meridian.shipments";

    public static final List<String> ALL = List.of(ORDERS, SHIPMENTS);
}
