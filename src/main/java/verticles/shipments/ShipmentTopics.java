package verticles.shipments;

import verticles.platform.kafka.TopicSet;

import java.util.List;

/**
 * The shipments feature's topics: the busy ingest topic ({@code shipment.location-recorded},
 * {@code shipment.checkpoint-recorded}) and the quiet one of what tracking concludes
 * ({@code shipment.eta-revised}), which webhooks and notifications read without wading through
 * every fix.
 */
public final class ShipmentTopics implements TopicSet {

    public static final String SHIPMENTS = "meridian.shipments";
    public static final String SHIPMENT_EVENTS = "meridian.shipment-events";

    @Override
    public List<String> topics() {
        return List.of(SHIPMENTS, SHIPMENT_EVENTS);
    }
}
