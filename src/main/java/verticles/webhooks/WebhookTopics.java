package verticles.webhooks;

import verticles.platform.kafka.TopicSet;

import java.util.List;

/** Webhooks publish no events; deliveries that ran out of attempts go to a dead-letter topic of their own. */
public final class WebhookTopics implements TopicSet {

    public static final String WEBHOOKS_DLQ = "meridian.webhooks.dlq";

    @Override
    public List<String> topics() {
        return List.of();
    }

    @Override
    public List<String> ownDeadLetterTopics() {
        return List.of(WEBHOOKS_DLQ);
    }
}
