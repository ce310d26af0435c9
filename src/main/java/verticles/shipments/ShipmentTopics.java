package verticles.shipments;

import verticles.platform.kafka.TopicSet;

import java.util.List;

/** The shipments feature's topic: {@code shipment.location-recorded}, {@code shipment.checkpoint-recorded}. */
public final class ShipmentTopics implements TopicSet {

    public static final String SHIPMENTS = "meridian.shipments";

    @Override
    public List<String> topics() {
        return List.of(SHIPMENTS);
    }
}
