package verticles.platform.kafka;

import java.util.List;

/**
 * The Kafka topics a feature owns, found through {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/verticles.platform.kafka.TopicSet}), so a node creates them and the
 * dead-letter store reads their dead letters without a central list naming every feature.
 */
public interface TopicSet {

    /** The topics the feature publishes; each has a dead-letter twin for the consumers that read it. */
    List<String> topics();

    /** Dead-letter topics of the feature's own, beyond the twins (webhook deliveries out of attempts). */
    default List<String> ownDeadLetterTopics() {
        return List.of();
    }
}
