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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells customers about their orders. The channels are the seed systems' mock SMS and e-mail:
 * one log line per status change, and one when the courier is arriving (merchants' own systems
 * hear through signed webhooks). Each
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
        return BatchConsumer.start(vertx, config, "meridian-notify", "notify", List.of(OrderTopics.ORDERS), this::notifyAll,
                Meters.of(config()))
            .onSuccess(c -> consumer = c);
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(purgeTimer);
        return (consumer == null ? Future.succeededFuture() : consumer.stop()).eventually(pool::close);
    }

    private Future<Void> notifyAll(List<Incoming> batch) {
        Map<String, Incoming> recordOf = new LinkedHashMap<>();
        Map<String, OrderEventView> events = new LinkedHashMap<>();
        for (Incoming incoming : batch) {
            OrderEventView event = OrderEventView.of(incoming.event());
            if (event != null && event.eventId() != null) {
                events.putIfAbsent(event.eventId(), event);
                recordOf.putIfAbsent(event.eventId(), incoming);
            } else if (event != null) {
                incoming.reject("an order event without an id");
            }
        }
        return ProcessedEvents.claim(pool, CONSUMER, List.copyOf(events.keySet())).map(fresh -> {
            events.forEach((id, event) -> {
                if (fresh.contains(id) && event.isArrival()) {
                    NOTIFICATIONS.atInfo().addKeyValue(CorrelationId.FIELD, recordOf.get(id).correlationId())
                        .log("order {} is arriving (tenant {}, mock SMS and e-mail sent)", event.orderId(),
                            event.tenantId());
                } else if (fresh.contains(id)) {
                    NOTIFICATIONS.atInfo().addKeyValue(CorrelationId.FIELD, recordOf.get(id).correlationId())
                        .log("order {} is now {} (tenant {}, mock SMS and e-mail sent)", event.orderId(),
                            event.status(), event.tenantId());
                }
            });
            return null;
        });
    }
}
