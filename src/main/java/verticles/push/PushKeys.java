package verticles.push;

import verticles.platform.config.ConfigKey;
import verticles.platform.config.KeySet;

import java.time.Duration;
import java.util.List;

/**
 * Live push's configuration: stream limits, slow clients and reordering.
 * Registered in {@code META-INF/services}, so every node knows these keys.
 */
public final class PushKeys implements KeySet {

    public static final ConfigKey<Duration> PUSH_HEARTBEAT = ConfigKey.duration("push.heartbeat", "15s",
        "how often an idle stream gets a comment line, so proxies and clients know it is alive");
    public static final ConfigKey<Duration> PUSH_RETRY = ConfigKey.duration("push.retry", "2s",
        "the reconnect delay suggested to clients in the stream's retry: field");
    public static final ConfigKey<Integer> PUSH_MAX_CONNECTIONS = ConfigKey.integer("push.max-connections", 25_000,
        "open streams a node holds at most; beyond it new streams get 429 and Retry-After");
    public static final ConfigKey<Integer> PUSH_MAX_CONNECTIONS_PER_TENANT = ConfigKey.integer(
        "push.max-connections-per-tenant", 10_000, "open streams one tenant may hold on a node; beyond it 429");
    public static final ConfigKey<Integer> PUSH_WRITE_QUEUE_BYTES = ConfigKey.integer("push.write-queue-bytes", 65_536,
        "bytes a stream may have unsent before it counts as slow and its positions are coalesced");
    public static final ConfigKey<Duration> PUSH_SLOW_CLIENT_TIMEOUT = ConfigKey.duration("push.slow-client-timeout",
        "30s", "how long a stream may stay slow (its write queue full) before it is disconnected; it can resume");
    public static final ConfigKey<Integer> PUSH_SLOW_CLIENT_MAX_PENDING = ConfigKey.integer(
        "push.slow-client-max-pending", 1_000,
        "status and checkpoint events a slow stream may hold back; one more disconnects it (it can resume)");
    public static final ConfigKey<Duration> PUSH_REORDER_WAIT = ConfigKey.duration("push.reorder-wait", "100ms",
        "how long a stream waits for an event that arrived out of order before reading it from the journal");

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(
            PUSH_HEARTBEAT, PUSH_RETRY, PUSH_MAX_CONNECTIONS, PUSH_MAX_CONNECTIONS_PER_TENANT,
            PUSH_WRITE_QUEUE_BYTES, PUSH_SLOW_CLIENT_TIMEOUT, PUSH_SLOW_CLIENT_MAX_PENDING, PUSH_REORDER_WAIT);
    }
}
