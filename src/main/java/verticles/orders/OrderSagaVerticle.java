package verticles.orders;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.order.OrderLifecycle;
import verticles.domain.order.OrderStatus;
import verticles.inventory.InventoryEvents;
import verticles.platform.config.MeridianConfig;
import verticles.platform.events.CloudEvent;
import verticles.platform.kafka.BatchConsumer;
import verticles.platform.kafka.Incoming;
import verticles.platform.metrics.Meters;
import verticles.platform.trace.CorrelationId;
import verticles.inventory.InventoryTopics;

import java.util.ArrayList;
import java.util.List;

/**
 * The order side of the saga: turns the inventory's answer into the order's next status,
 * {@code inventory.reserved} into CONFIRMED and {@code inventory.reservation-failed} into
 * REJECTED, with the cause {@code saga}. It goes through the state machine like any other
 * change, so the change, its history and its event are one transaction. An answer that finds the
 * order already moved on (a redelivery, or a merchant who confirmed by hand) changes nothing.
 */
public final class OrderSagaVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(OrderSagaVerticle.class);
    private static final DeliveryOptions COMMAND = new DeliveryOptions().setSendTimeout(10_000);

    private BatchConsumer consumer;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        return BatchConsumer.start(vertx, config, "meridian-order-saga", "order-saga", List.of(InventoryTopics.INVENTORY),
                this::advance, Meters.of(config()))
            .onSuccess(c -> consumer = c);
    }

    @Override
    public Future<?> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.stop();
    }

    /**
     * The batch's answers become one transaction of status changes, or a few when an order is
     * answered more than once (a redelivery): each round names an order once, and rounds run in
     * the order the answers came. A change refused (the order moved on, or is not there) changes
     * nothing; a round that fails fails the batch, which is retried.
     */
    private Future<Void> advance(List<Incoming> batch) {
        List<JsonObject> changes = new ArrayList<>();
        for (Incoming incoming : batch) {
            JsonObject event = incoming.event();
            OrderStatus next = switch (CloudEvent.type(event)) {
                case InventoryEvents.RESERVED -> OrderStatus.CONFIRMED;
                case InventoryEvents.RESERVATION_FAILED -> OrderStatus.REJECTED;
                default -> null;
            };
            if (next != null && (event.getString("tenantid") == null || event.getString("subject") == null)) {
                incoming.reject("an inventory answer without tenant or order");
            } else if (next != null) {
                changes.add(new JsonObject()
                    .put("tenantId", event.getString("tenantid"))
                    .put("orderId", event.getString("subject"))
                    .put("status", next.name())
                    .put("cause", OrderLifecycle.SAGA)
                    .put(CorrelationId.FIELD, incoming.correlationId()));
            }
        }
        Future<Void> chain = Future.succeededFuture();
        for (List<JsonObject> round : ChangeRounds.eachKeyOnce(changes, c -> c.getString("orderId"))) {
            chain = chain.compose(v -> move(round));
        }
        return chain;
    }

    private Future<Void> move(List<JsonObject> round) {
        return vertx.eventBus().<JsonObject>request(OrderAddresses.ORDERS_TRANSITION_ALL,
                new JsonObject().put("changes", new JsonArray(round)), COMMAND)
            .onSuccess(reply -> reply.body().getJsonObject("refused").forEach(refused ->
                LOG.debug("order {} not moved by the saga: {}", refused.getKey(), refused.getValue())))
            .mapEmpty();
    }
}
