package verticles.simulator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.order.OrderLifecycle;
import verticles.domain.order.OrderStatus;
import verticles.orders.OrderAddresses;
import verticles.orders.OrderEventView;
import verticles.platform.config.MeridianConfig;
import verticles.platform.events.CloudEvent;
import verticles.platform.kafka.BatchConsumer;
import verticles.platform.kafka.Incoming;
import verticles.platform.metrics.Meters;
import verticles.platform.trace.CorrelationId;
import verticles.orders.OrderTopics;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plays the merchant and the courier for demos: it follows the order events on Kafka and, a
 * configured interval after each one, asks the state machine for the next happy-path status
 * (PLACED → CONFIRMED → PREPARING → OUT_FOR_DELIVERY → DELIVERED). It names the version it saw,
 * so it never overrides a change someone else made in the meantime, and it leaves alone an
 * order someone else has moved through the API.
 */
public final class OrderSimulatorVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(OrderSimulatorVerticle.class);

    private BatchConsumer consumer;
    private long intervalMs;
    private int maxPending;
    private final Set<Long> timers = new HashSet<>();

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        intervalMs = config.get(SimulatorKeys.SIMULATOR_INTERVAL).toMillis();
        maxPending = config.get(SimulatorKeys.SIMULATOR_MAX_PENDING);
        return BatchConsumer.start(vertx, config, "meridian-simulator", "simulator", List.of(OrderTopics.ORDERS),
                this::schedule, Meters.of(config()))
            .onSuccess(c -> consumer = c);
    }

    @Override
    public Future<?> stop() {
        timers.forEach(vertx::cancelTimer);
        timers.clear();
        return consumer == null ? Future.succeededFuture() : consumer.stop();
    }

    private Future<Void> schedule(List<Incoming> batch) {
        for (Incoming incoming : batch) {
            OrderEventView event = OrderEventView.of(incoming.event());
            if (event == null || event.isArrival() || !ownedBySimulation(incoming.event())) {
                continue;
            }
            // Confirmation is the inventory saga's to give, so the simulator starts from CONFIRMED.
            Optional<OrderStatus> next = OrderStatus.parse(event.status()).filter(s -> s != OrderStatus.PLACED)
                .flatMap(OrderLifecycle::happyPathNext);
            if (next.isEmpty()) {
                continue;
            }
            if (timers.size() >= maxPending) {
                LOG.warn("simulator has {} orders in hand; leaving {} alone", timers.size(), event.orderId());
                continue;
            }
            String correlationId = incoming.correlationId();
            long[] id = new long[1];
            id[0] = vertx.setTimer(intervalMs, t -> {
                timers.remove(id[0]);
                advance(event, next.get(), correlationId);
            });
            timers.add(id[0]);
        }
        return Future.succeededFuture();
    }

    /**
     * The simulator plays the merchant only for orders nobody else is moving: placed, confirmed by
     * the saga, or moved by the simulator itself. Once someone moves an order through the API
     * (a person, or the courier simulator driving its own orders) it is theirs.
     */
    static boolean ownedBySimulation(JsonObject event) {
        String cause = CloudEvent.data(event).getString("cause");
        return cause == null || cause.equals(OrderLifecycle.SAGA) || cause.equals("simulator");
    }

    /** Moves the order on under the id of the event that prompted it, so one order's story reads as one thread. */
    private void advance(OrderEventView event, OrderStatus next, String correlationId) {
        JsonObject command = new JsonObject()
            .put(CorrelationId.FIELD, correlationId)
            .put("tenantId", event.tenantId())
            .put("orderId", event.orderId())
            .put("status", next.name())
            .put("cause", "simulator")
            .put("expectedVersion", event.version());
        vertx.eventBus().request(OrderAddresses.ORDERS_TRANSITION, command, new DeliveryOptions().setSendTimeout(10_000))
            .onFailure(e -> {
                if (e instanceof ReplyException r && (r.failureCode() == 409 || r.failureCode() == 404)) {
                    LOG.atDebug().addKeyValue(CorrelationId.FIELD, correlationId)
                        .log("simulator left order {} alone: {}", event.orderId(), r.getMessage());
                } else {
                    LOG.atWarn().addKeyValue(CorrelationId.FIELD, correlationId)
                        .log("simulator could not move order {} to {}: {}", event.orderId(), next, e.toString());
                }
            });
    }
}
