package verticles.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What all the streams of one node share, whichever event loop serves them: the open-stream
 * counts the connection limits are checked against, and the stream meters.
 */
final class StreamLimits implements Shareable {

    private final int maxPerNode;
    private final int maxPerTenant;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger tenantFeeds = new AtomicInteger();
    private final Map<String, Integer> openPerTenant = new ConcurrentHashMap<>();
    final Counter coalesced;
    final Counter slowDisconnects;
    final Counter resets;

    private StreamLimits(int maxPerNode, int maxPerTenant, MeterRegistry registry) {
        this.maxPerNode = maxPerNode;
        this.maxPerTenant = maxPerTenant;
        Gauge.builder("meridian.sse.connections", open, AtomicInteger::get)
            .description("open Server-Sent Event streams on this node").register(registry);
        Gauge.builder("meridian.sse.tenant.subscriptions", tenantFeeds, AtomicInteger::get)
            .description("event-bus consumers this node holds for tenants' live events").register(registry);
        coalesced = Counter.builder("meridian.sse.coalesced")
            .description("position events dropped for a newer one of the same shipment while a stream was slow")
            .register(registry);
        slowDisconnects = Counter.builder("meridian.sse.slow.disconnects")
            .description("streams closed because the client read too slowly for too long").register(registry);
        resets = Counter.builder("meridian.sse.resets")
            .description("resumes answered with reset and a fresh snapshot, the missed events being gone")
            .register(registry);
    }

    /** The node's one instance, made by whichever verticle asks first. */
    static StreamLimits of(Vertx vertx, int maxPerNode, int maxPerTenant, MeterRegistry registry) {
        LocalMap<String, StreamLimits> map = vertx.sharedData().getLocalMap("meridian.push.limits");
        StreamLimits made = new StreamLimits(maxPerNode, maxPerTenant, registry);
        StreamLimits existing = map.putIfAbsent("limits", made);
        return existing == null ? made : existing;
    }

    /** Takes a place for one more stream of the tenant; false (and nothing taken) when a limit is reached. */
    boolean tryOpen(String tenantId) {
        if (open.incrementAndGet() > maxPerNode) {
            open.decrementAndGet();
            return false;
        }
        boolean[] taken = {false};
        openPerTenant.compute(tenantId, (t, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerTenant) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        if (!taken[0]) {
            open.decrementAndGet();
        }
        return taken[0];
    }

    void closed(String tenantId) {
        open.decrementAndGet();
        openPerTenant.computeIfPresent(tenantId, (t, count) -> count <= 1 ? null : count - 1);
    }

    void tenantFeedOpened() {
        tenantFeeds.incrementAndGet();
    }

    void tenantFeedClosed() {
        tenantFeeds.decrementAndGet();
    }

    int open() {
        return open.get();
    }
}
