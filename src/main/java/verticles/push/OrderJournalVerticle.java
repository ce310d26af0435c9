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
     * it has none). ARGV[1]: one JSON object naming the event: {@code version}, {@code orderId},
     * {@code shipmentId} (absent when none), {@code type} ({@code status} or {@code arriving}),
     * {@code data} (the journaled event's JSON), and the bounds {@code entityMaxLength},
     * {@code tenantMaxLength} and {@code ttlMillis}. Answers JSON: {@code {"order": {"id", "prev"},
     * "tenant": {...}, "shipment": {...}}} for the entries appended ({@code shipment} only when the
     * order has one), or {@code {}} when this or a later version is journaled already.
     */
    private static final LuaScript JOURNAL = new LuaScript(EventJournal.APPEND_FUNCTION + """
        local e = cjson.decode(ARGV[1])
        local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        if top[1] then
          local fields = top[1][2]
          for i = 1, #fields, 2 do
            if fields[i] == 'd' and tonumber(cjson.decode(fields[i + 1]).version) >= e.version then
              return '{}'
            end
          end
        end
        local function entry(stream, maxlen)
          local appended = journal(stream, maxlen, e.ttlMillis, e.type, e.orderId, e.data)
          return {id = appended[1], prev = appended[2]}
        end
        local answer = {order = entry(KEYS[1], e.entityMaxLength), tenant = entry(KEYS[2], e.tenantMaxLength)}
        if e.shipmentId then answer.shipment = entry(KEYS[3], e.entityMaxLength) end
        return cjson.encode(answer)""");

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
        return JOURNAL.pipeline(redis, events, 3, e -> EventJournal.key(e.tenantId(), EventJournal.entityStream(e.orderId())),
                this::addKeysAndArgs)
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
        String orderKey = EventJournal.key(e.tenantId(), EventJournal.entityStream(e.orderId()));
        request.arg(orderKey)
            .arg(EventJournal.key(e.tenantId(), EventJournal.tenantStream(e.tenantId())))
            .arg(e.shipmentId() == null ? orderKey
                : EventJournal.key(e.tenantId(), EventJournal.entityStream(e.shipmentId())))
            .arg(journalArguments(e).encode());
    }

    private JsonObject journalArguments(StatusEvent e) {
        JsonObject args = new JsonObject().put("version", e.version()).put("orderId", e.orderId()).put("type", e.type())
            .put("data", e.json()).put("entityMaxLength", entityEvents).put("tenantMaxLength", tenantEvents)
            .put("ttlMillis", ttlMillis);
        // Absent, not null: the script tests its presence, and cjson reads a JSON null as a true value.
        if (e.shipmentId() != null) {
            args.put("shipmentId", e.shipmentId());
        }
        return args;
    }

    private void publish(List<StatusEvent> events, List<Response> appended) {
        Map<String, List<JournalEntry>> byTenant = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            StatusEvent e = events.get(i);
            JsonObject entries = new JsonObject(appended.get(i).toString());
            if (entries.isEmpty()) {
                continue;
            }
            List<JournalEntry> journaled = byTenant.computeIfAbsent(e.tenantId(), t -> new ArrayList<>());
            journaled.add(entry(EventJournal.entityStream(e.orderId()), entries.getJsonObject("order"), e));
            journaled.add(entry(EventJournal.tenantStream(e.tenantId()), entries.getJsonObject("tenant"), e));
            if (entries.containsKey("shipment")) {
                journaled.add(entry(EventJournal.entityStream(e.shipmentId()), entries.getJsonObject("shipment"), e));
            }
        }
        byTenant.forEach((tenant, entries) ->
            vertx.eventBus().publish(Addresses.tenantChanged(tenant), JournalEntry.message(entries)));
    }

    private static JournalEntry entry(String stream, JsonObject appended, StatusEvent e) {
        return new JournalEntry(stream, appended.getString("id"), appended.getString("prev"), e.type(), e.orderId(),
            e.json());
    }
}
