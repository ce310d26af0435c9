package verticles.webhooks;

import verticles.platform.config.ConfigKey;
import verticles.platform.config.KeySet;

import java.time.Duration;
import java.util.List;

/**
 * The webhooks feature's configuration: retries, timeouts, secrets and targets.
 * Registered in {@code META-INF/services}, so every node knows these keys.
 */
public final class WebhookKeys implements KeySet {

    public static final ConfigKey<Integer> WEBHOOKS_MAX_ATTEMPTS = ConfigKey.integer("webhooks.max-attempts", 8,
        "attempts per delivery before it goes to the dead letters");
    public static final ConfigKey<Duration> WEBHOOKS_RETRY_BASE = ConfigKey.duration("webhooks.retry-base", "2s",
        "delay after the first failed attempt; doubled for each further one, with jitter");
    public static final ConfigKey<Duration> WEBHOOKS_RETRY_MAX = ConfigKey.duration("webhooks.retry-max", "10m",
        "longest delay between two attempts");
    public static final ConfigKey<Duration> WEBHOOKS_TIMEOUT = ConfigKey.duration("webhooks.timeout", "5s",
        "how long a receiver has to answer a delivery");
    public static final ConfigKey<Duration> WEBHOOKS_POLL_INTERVAL = ConfigKey.duration("webhooks.poll-interval", "500ms",
        "how often a node looks for deliveries that are due (new ones are sent at once)");
    public static final ConfigKey<List<String>> WEBHOOKS_SECRET_KEYS = ConfigKey.list("webhooks.secret-keys", "",
        "master keys that seal webhook signing secrets at rest (AES-256-GCM), as <id>:<base64 of 32 bytes>; the first "
            + "seals, every one opens, and each node reseals under the first at start (rotation: put the new key first)");
    public static final ConfigKey<Boolean> WEBHOOKS_ALLOW_LOOPBACK = ConfigKey.bool("webhooks.allow-loopback", false,
        "let webhooks target loopback addresses (dev and test profiles); private and link-local ones are always refused");

    public static final ConfigKey<Duration> WEBHOOKS_DELIVERIES_RETENTION = ConfigKey.duration(
        "webhooks.deliveries-retention", "30d",
        "how long a finished delivery (delivered, dead or cancelled, with its payload) is kept before it is purged");

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(
            WEBHOOKS_MAX_ATTEMPTS, WEBHOOKS_RETRY_BASE, WEBHOOKS_RETRY_MAX, WEBHOOKS_TIMEOUT, WEBHOOKS_POLL_INTERVAL,
            WEBHOOKS_SECRET_KEYS, WEBHOOKS_ALLOW_LOOPBACK, WEBHOOKS_DELIVERIES_RETENTION);
    }
}
