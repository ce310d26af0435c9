package verticles.platform;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("The topics gathered from the features")
class TopicsTest {

    @Test
    @DisplayName("are every published topic and its dead-letter twin, and the webhooks' own dead letters")
    void gatheredFromEveryFeature() {
        assertEquals(Set.of("meridian.orders.dlq", "meridian.shipments.dlq", "meridian.shipment-events.dlq",
            "meridian.inventory.dlq", "meridian.webhooks.dlq"), Set.copyOf(Topics.deadLetterTopics()));
        List<String> all = Topics.all();
        assertEquals(Set.of("meridian.orders", "meridian.shipments", "meridian.shipment-events", "meridian.inventory",
            "meridian.orders.dlq", "meridian.shipments.dlq", "meridian.shipment-events.dlq", "meridian.inventory.dlq",
            "meridian.webhooks.dlq"), Set.copyOf(all));
        assertEquals(all.size(), Set.copyOf(all).size(), "each once");
    }
}
