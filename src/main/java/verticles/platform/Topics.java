package verticles.platform;

import verticles.platform.kafka.TopicSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Every Kafka topic a node knows, gathered from the features' {@link TopicSet}s (each feature
 * names its own, as {@code OrderTopics.ORDERS} does). Records are CloudEvents keyed by the entity
 * id, so one entity stays in order.
 */
public final class Topics {

    private static final List<TopicSet> SETS = load();

    private Topics() {
    }

    /** Where a consumer of {@code topic} sends the records it cannot process. */
    public static String deadLetters(String topic) {
        return topic + ".dlq";
    }

    /** Every dead-letter topic: each published topic's twin and the features' own. */
    public static List<String> deadLetterTopics() {
        List<String> all = new ArrayList<>();
        SETS.forEach(set -> set.topics().forEach(t -> all.add(deadLetters(t))));
        SETS.forEach(set -> all.addAll(set.ownDeadLetterTopics()));
        return Collections.unmodifiableList(all);
    }

    /** Every topic a node creates when missing: the published ones and all dead-letter topics. */
    public static List<String> all() {
        List<String> all = new ArrayList<>();
        SETS.forEach(set -> all.addAll(set.topics()));
        all.addAll(deadLetterTopics());
        return Collections.unmodifiableList(all);
    }

    private static List<TopicSet> load() {
        List<TopicSet> sets = new ArrayList<>();
        ServiceLoader.load(TopicSet.class, Topics.class.getClassLoader()).forEach(sets::add);
        sets.sort((a, b) -> a.getClass().getName().compareTo(b.getClass().getName()));
        return List.copyOf(sets);
    }
}
