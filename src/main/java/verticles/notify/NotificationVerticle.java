package verticles.notify;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.orders.OrderEventView;
import verticles.platform.Clients;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.events.ProcessedEvents;
import verticles.platform.kafka.BatchConsumer;
import verticles.platform.kafka.Incoming;
import verticles.platform.metrics.Meters;
import verticles.platform.trace.CorrelationId;
import verticles.orders.OrderTopics;
import verticles.shipments.ShipmentEvents;
import verticles.shipments.ShipmentTopics;
import verticles.platform.events.CloudEvent;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells customers about their orders. The channels are the seed systems' mock SMS and e-mail:
 * one log line per status change, one when the courier is arriving, and one when the arrival time
 * announced is revised (merchants' own systems hear through signed webhooks). Each
 * event is claimed in {@code processed_events} before it is sent, so a redelivered event (a
 * relay that crashed before marking its row, a rebalance) notifies nobody twice; the price is
 * that a node dying between the claim and the send loses that one notification.
 */
public final class NotificationVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);
    private static final Logger NOTIFICATIONS = LoggerFactory.getLogger("meridian.notifications");

    private static final String CONSUMER = "notify";

    private BatchConsumer consumer;
    private Pool pool;
    private long purgeTimer;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        pool = Clients.postgres(vertx, config.with(Keys.PG_POOL_SIZE, 2), "notify");
        purgeTimer = vertx.setPeriodic(3_600_000, t -> ProcessedEvents.purge(pool)
            .onFailure(e -> LOG.warn("purging processed events failed: {}", e.toString())));
        return BatchConsumer.start(vertx, config, "meridian-notify", "notify",
                List.of(OrderTopics.ORDERS, ShipmentTopics.SHIPMENT_EVENTS), this::notifyAll, Meters.of(config()))
            .onSuccess(c -> consumer = c);
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(purgeTimer);
        return (consumer == null ? Future.succeededFuture() : consumer.stop()).eventually(pool::close);
    }

    /** What one event tells a customer, once. */
    record Notice(String eventId, String text) {
    }

    /**
     * The notice of an order event or an ETA revision; null for any other record. Throws nothing:
     * an event it cannot word is still noticed, with what it has.
     */
    static Notice noticeOf(JsonObject event) {
        OrderEventView order = OrderEventView.of(event);
        if (order != null) {
            return new Notice(order.eventId(), order.isArrival()
                ? "order " + order.orderId() + " is arriving (tenant " + order.tenantId() + ", mock SMS and e-mail sent)"
                : "order " + order.orderId() + " is now " + order.status() + " (tenant " + order.tenantId()
                    + ", mock SMS and e-mail sent)");
        }
        if (ShipmentEvents.ETA_REVISED.equals(CloudEvent.type(event))) {
            JsonObject data = CloudEvent.data(event);
            String what = data.getString("orderId") != null ? "order " + data.getString("orderId")
                : "shipment " + data.getString("shipmentId");
            return new Notice(event.getString("id"), what + " now arrives at " + data.getString("arrivesAt") + ", was "
                + data.getString("previousArrivesAt") + " (tenant " + event.getString("tenantid")
                + ", mock SMS and e-mail sent)");
        }
        return null;
    }

    private Future<Void> notifyAll(List<Incoming> batch) {
        Map<String, Incoming> recordOf = new LinkedHashMap<>();
        Map<String, Notice> notices = new LinkedHashMap<>();
        for (Incoming incoming : batch) {
            Notice notice = noticeOf(incoming.event());
            if (notice != null && notice.eventId() != null) {
                notices.putIfAbsent(notice.eventId(), notice);
                recordOf.putIfAbsent(notice.eventId(), incoming);
            } else if (notice != null) {
                incoming.reject("an event without an id");
            }
        }
        return ProcessedEvents.claim(pool, CONSUMER, List.copyOf(notices.keySet())).map(fresh -> {
            notices.forEach((id, notice) -> {
                if (fresh.contains(id)) {
                    NOTIFICATIONS.atInfo().addKeyValue(CorrelationId.FIELD, recordOf.get(id).correlationId())
                        .log(notice.text());
                }
            });
            return null;
        });
    }
}
