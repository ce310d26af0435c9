package verticles.push;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.orders.OrderEventView;
import verticles.platform.Addresses;
import verticles.platform.Clients;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.events.CloudEvent;
import verticles.platform.events.EventJournal;
import verticles.platform.events.JournalEntry;
import verticles.platform.kafka.BatchConsumer;
import verticles.platform.kafka.Incoming;
import verticles.platform.metrics.Meters;
import verticles.platform.redis.LuaScript;
import verticles.orders.OrderTopics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Journals order events for live push: each {@code order.placed} and {@code order.status-changed}
 * from Kafka becomes a {@code status} event (and each {@code order.arriving} an {@code arriving}
 * event) on the order's stream, the tenant's feed and, once the order has one, its shipment's stream; then the batch is published for the nodes holding those
 * streams. An event is journaled once, however often Kafka delivers it: the script compares its
 * version with the newest one the order's stream holds.
 */
public final class OrderJournalVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(OrderJournalVerticle.class);

    /**
     * KEYS: the order's stream, the tenant's stream, the shipment's stream (the order's again when
     * it has none). ARGV: version, entity max length, tenant max length, ttl ms, order id, event
     * JSON, shipment id or '', event type ({@code status} or {@code arriving}). Answers the appended {@code id, prev} pairs (order, tenant,
     * shipment), or an empty list when this or a later version is journaled already.
     */
    private static final LuaScript JOURNAL = new LuaScript(EventJournal.APPEND_FUNCTION + """
        local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        if top[1] then
          local fields = top[1][2]
          for i = 1, #fields, 2 do
            if fields[i] == 'd' and tonumber(cjson.decode(fields[i + 1]).version) >= tonumber(ARGV[1]) then
              return {}
            end
          end
        end
        local o = journal(KEYS[1], ARGV[2], ARGV[4], ARGV[8], ARGV[5], ARGV[6])
        local t = journal(KEYS[2], ARGV[3], ARGV[4], ARGV[8], ARGV[5], ARGV[6])
        if ARGV[7] == '' then return {o[1], o[2], t[1], t[2]} end
        local s = journal(KEYS[3], ARGV[2], ARGV[4], ARGV[8], ARGV[5], ARGV[6])
        return {o[1], o[2], t[1], t[2], s[1], s[2]}""");

    private Redis redis;
    private BatchConsumer consumer;
    private int entityEvents;
    private int tenantEvents;
    private long ttlMillis;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        redis = Clients.redis(vertx, config);
        entityEvents = config.get(Keys.JOURNAL_ENTITY_EVENTS);
        tenantEvents = config.get(Keys.JOURNAL_TENANT_EVENTS);
        ttlMillis = config.get(Keys.JOURNAL_TTL).toMillis();
        return BatchConsumer.start(vertx, config, "meridian-order-journal", "order-journal", List.of(OrderTopics.ORDERS),
                this::journal, Meters.of(config()))
            .onSuccess(c -> consumer = c);
    }

    @Override
    public Future<?> stop() {
        return (consumer == null ? Future.succeededFuture() : consumer.stop())
            .eventually(() -> {
                redis.close();
                return Future.succeededFuture();
            });
    }

    /**
     * One event to journal: whose, which order, its version, the shipment if any, its type on the
     * streams ({@code status}, or {@code arriving} for an {@code order.arriving}) and its JSON.
     */
    private record StatusEvent(String tenantId, String orderId, int version, String shipmentId, String type,
                               String json) {
    }

    private Future<Void> journal(List<Incoming> batch) {
        List<StatusEvent> events = new ArrayList<>();
        for (Incoming incoming : batch) {
            OrderEventView view = OrderEventView.of(incoming.event());
            if (view != null && (view.tenantId() == null || view.orderId() == null || view.status() == null)) {
                incoming.reject("an order event without tenant, order or status");
            } else if (view != null) {
                events.add(statusEvent(view, incoming.event()));
            }
        }
        return JOURNAL.pipeline(redis, events, 3, this::addKeysAndArgs)
            .onSuccess(appended -> publish(events, appended))
            .mapEmpty();
    }

    private static StatusEvent statusEvent(OrderEventView view, JsonObject event) {
        JsonObject data = CloudEvent.data(event);
        String shipmentId = data.getString("shipmentId");
        JsonObject status = new JsonObject()
            .put("orderId", view.orderId())
            .put("status", view.status())
            .put("version", view.version())
            .put("at", data.getString("at", event.getString("time")))
            .put("shipmentId", shipmentId);
        if (view.isArrival()) {
            status.put("remainingMeters", data.getDouble("remainingMeters"));
        } else {
            status.put("from", data.getString("from"));
        }
        return new StatusEvent(view.tenantId(), view.orderId(), view.version(), shipmentId,
            view.isArrival() ? "arriving" : "status", status.encode());
    }

    private void addKeysAndArgs(io.vertx.redis.client.Request request, StatusEvent e) {
        String orderKey = EventJournal.key(EventJournal.entityStream(e.orderId()));
        request.arg(orderKey)
            .arg(EventJournal.key(EventJournal.tenantStream(e.tenantId())))
            .arg(e.shipmentId() == null ? orderKey : EventJournal.key(EventJournal.entityStream(e.shipmentId())))
            .arg(e.version()).arg(entityEvents).arg(tenantEvents).arg(ttlMillis)
            .arg(e.orderId()).arg(e.json()).arg(e.shipmentId() == null ? "" : e.shipmentId()).arg(e.type());
    }

    private void publish(List<StatusEvent> events, List<Response> appended) {
        Map<String, List<JournalEntry>> byTenant = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            StatusEvent e = events.get(i);
            Response ids = appended.get(i);
            if (ids.size() == 0) {
                continue;
            }
            List<JournalEntry> entries = byTenant.computeIfAbsent(e.tenantId(), t -> new ArrayList<>());
            entries.add(entry(EventJournal.entityStream(e.orderId()), ids, 0, e));
            entries.add(entry(EventJournal.tenantStream(e.tenantId()), ids, 2, e));
            if (ids.size() == 6) {
                entries.add(entry(EventJournal.entityStream(e.shipmentId()), ids, 4, e));
            }
        }
        byTenant.forEach((tenant, entries) ->
            vertx.eventBus().publish(Addresses.tenantChanged(tenant), JournalEntry.message(entries)));
    }

    private static JournalEntry entry(String stream, Response ids, int at, StatusEvent e) {
        return new JournalEntry(stream, ids.get(at).toString(), ids.get(at + 1).toString(), e.type(), e.orderId(),
            e.json());
    }
}
