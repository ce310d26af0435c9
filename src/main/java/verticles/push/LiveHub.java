package verticles.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import verticles.platform.Addresses;
import verticles.platform.events.JournalEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The streams one event loop serves, and the live events they need. The hub listens on a
 * tenant's clustered address while it serves at least one stream of that tenant, whichever
 * shipment, order or feed, and hands each published event to the streams it belongs to. One
 * consumer per tenant rather than per stream keeps the cluster's subscription table small
 * however many clients connect, and costs nothing per connect or disconnect.
 */
final class LiveHub {

    private final Vertx vertx;
    private final StreamLimits limits;
    private final Map<String, Set<EventStream>> byStream = new HashMap<>();
    private final Map<String, TenantFeed> feeds = new HashMap<>();
    private final long tickTimer;

    private static final class TenantFeed {
        final MessageConsumer<JsonObject> consumer;
        int streams;

        TenantFeed(MessageConsumer<JsonObject> consumer) {
            this.consumer = consumer;
        }
    }

    LiveHub(Vertx vertx, StreamLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
        this.tickTimer = vertx.setPeriodic(1_000, t -> tick());
    }

    /** Adds a stream; the future completes once its tenant's live events reach this hub. */
    Future<Void> register(EventStream stream) {
        byStream.computeIfAbsent(stream.stream, s -> new LinkedHashSet<>()).add(stream);
        TenantFeed feed = feeds.computeIfAbsent(stream.tenantId, tenant -> {
            limits.tenantFeedOpened();
            return new TenantFeed(vertx.eventBus().consumer(Addresses.tenantChanged(tenant), this::deliver));
        });
        feed.streams++;
        return feed.consumer.completion();
    }

    /** Removes a closed stream, and the tenant's consumer with its last stream. */
    void unregister(EventStream stream) {
        Set<EventStream> streams = byStream.get(stream.stream);
        if (streams == null || !streams.remove(stream)) {
            return;
        }
        if (streams.isEmpty()) {
            byStream.remove(stream.stream);
        }
        TenantFeed feed = feeds.get(stream.tenantId);
        if (feed != null && --feed.streams == 0) {
            feeds.remove(stream.tenantId);
            feed.consumer.unregister();
            limits.tenantFeedClosed();
        }
    }

    private void deliver(Message<JsonObject> message) {
        for (JournalEntry entry : JournalEntry.fromMessage(message.body())) {
            Set<EventStream> streams = byStream.get(entry.stream());
            if (streams != null) {
                for (EventStream stream : streams) {
                    stream.offer(entry);
                }
            }
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (Set<EventStream> streams : byStream.values()) {
            for (EventStream stream : streams) {
                stream.tick(now);
            }
        }
    }

    /** Closes every stream (the node is stopping); clients reconnect elsewhere and resume. */
    void closeAll() {
        vertx.cancelTimer(tickTimer);
        List<EventStream> all = new ArrayList<>();
        byStream.values().forEach(all::addAll);
        all.forEach(EventStream::end);
    }
}
