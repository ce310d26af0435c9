package verticles.inventory;

import verticles.platform.kafka.TopicSet;

import java.util.List;

/** The inventory saga's answers: {@code inventory.reserved}, {@code inventory.reservation-failed}, {@code inventory.released}. */
public final class InventoryTopics implements TopicSet {

    public static final String INVENTORY = "meridian.inventory";

    @Override
    public List<String> topics() {
        return List.of(INVENTORY);
    }
}
