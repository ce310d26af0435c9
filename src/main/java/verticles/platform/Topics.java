package verticles.platform;

import java.util.List;

/** Kafka topic names. Records are CloudEvents keyed by the entity id, so one entity stays in order. */
public final class Topics {

    private Topics() {
    }

    /** Order lifecycle events: {@code order.placed}, {@code order.status-changed}, {@code order.arriving}. */
    public static final String ORDERS = "meridian.orders";

    /** Shipment events: {@code shipment.location-recorded}, {@code shipment.checkpoint-recorded}. */
    public static final String SHIPMENTS = "meridian.shipments";

    /** The inventory saga's answers: {@code inventory.reserved}, {@code inventory.reservation-failed}, {@code inventory.released}. */
    public static final String INVENTORY = "meridian.inventory";

    /** Webhook deliveries that ran out of attempts. */
    public static final String WEBHOOKS_DLQ = "meridian.webhooks.dlq";

    /** Where a consumer of {@code topic} sends the records it cannot process. */
    public static String deadLetters(String topic) {
        return topic + ".dlq";
    }

    public static final List<String> DEAD_LETTER_TOPICS = List.of(deadLetters(ORDERS), deadLetters(SHIPMENTS),
        deadLetters(INVENTORY), WEBHOOKS_DLQ);

    public static final List<String> ALL = List.of(ORDERS, SHIPMENTS, INVENTORY, deadLetters(ORDERS),
        deadLetters(SHIPMENTS), deadLetters(INVENTORY), WEBHOOKS_DLQ);
}
