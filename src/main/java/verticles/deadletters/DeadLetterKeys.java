package verticles.deadletters;

import verticles.platform.config.ConfigKey;
import verticles.platform.config.KeySet;

import java.time.Duration;
import java.util.List;

/** The dead letters' configuration: how long they are kept. Registered in {@code META-INF/services}. */
public final class DeadLetterKeys implements KeySet {

    public static final ConfigKey<Duration> DEAD_LETTERS_RETENTION = ConfigKey.duration("dead-letters.retention", "30d",
        "how long a dead letter is kept (listed and replayable) before it is purged");

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(DEAD_LETTERS_RETENTION);
    }
}
