package verticles.orders;

import verticles.platform.kafka.TopicSet;

import java.util.List;

/** The orders feature's topic: {@code order.placed}, {@code order.status-changed}, {@code order.arriving}. */
public final class OrderTopics implements TopicSet {

    public static final String ORDERS = "meridian.orders";

    @Override
    public List<String> topics() {
        return List.of(ORDERS);
    }
}
