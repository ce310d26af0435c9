package verticles.orders;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
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

    /** Each order gets one answer, so the batch's orders are moved side by side. */
    private Future<Void> advance(List<Incoming> batch) {
        List<Future<Void>> moves = new ArrayList<>();
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
                JsonObject command = new JsonObject()
                    .put("tenantId", event.getString("tenantid"))
                    .put("orderId", event.getString("subject"))
                    .put("status", next.name())
                    .put("cause", OrderLifecycle.SAGA)
                    .put(CorrelationId.FIELD, incoming.correlationId());
                moves.add(move(command));
            }
        }
        return Future.join(moves).mapEmpty();
    }

    /** 404 and 409 mean there is nothing left to do; anything else fails the batch, which is retried. */
    private Future<Void> move(JsonObject command) {
        return vertx.eventBus().request(OrderAddresses.ORDERS_TRANSITION, command, COMMAND)
            .<Void>mapEmpty()
            .recover(e -> {
                if (e instanceof ReplyException r && (r.failureCode() == 409 || r.failureCode() == 404)) {
                    LOG.atDebug().addKeyValue(CorrelationId.FIELD, command.getString(CorrelationId.FIELD))
                        .log("order {} not moved to {}: {}", command.getString("orderId"), command.getString("status"),
                            r.getMessage());
                    return Future.succeededFuture();
                }
                return Future.failedFuture(e);
            });
    }
}
