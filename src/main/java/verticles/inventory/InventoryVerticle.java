package verticles.inventory;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.inventory.Stock;
import verticles.domain.order.OrderStatus;
import verticles.platform.Addresses;
import verticles.platform.Clients;
import verticles.platform.CommandFailure;
import verticles.platform.Topics;
import verticles.platform.config.MeridianConfig;
import verticles.platform.events.CloudEvent;
import verticles.platform.events.OrderEventView;
import verticles.platform.events.Outbox;
import verticles.platform.kafka.BatchConsumer;
import verticles.platform.kafka.Incoming;
import verticles.platform.metrics.Meters;
import verticles.platform.trace.CorrelationId;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The inventory side of the order saga. On {@code order.placed} it reserves every item of the
 * order in one PostgreSQL transaction, or none, and announces {@code inventory.reserved} or
 * {@code inventory.reservation-failed} through the outbox in that same transaction; the order
 * saga turns the answer into CONFIRMED or REJECTED. When an order that holds a reservation is
 * cancelled or rejected, the stock goes back ({@code inventory.released}): the compensation.
 *
 * <p>Stock rows are locked before they are read, so concurrent orders for the last units are
 * decided one after the other and never oversell; a CHECK on the table backs this up. Each
 * order is claimed in {@code reservations} first, so a redelivered event changes nothing.
 */
public final class InventoryVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryVerticle.class);

    private final InventoryStore store = new InventoryStore();
    private Pool pool;
    private BatchConsumer consumer;
    private List<MessageConsumer<JsonObject>> commands;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        pool = Clients.postgres(vertx, config, "inventory");
        var bus = vertx.eventBus();
        commands = List.of(
            bus.<JsonObject>consumer(Addresses.INVENTORY_GET, m -> CommandFailure.replyTo(m, level(m.body()), LOG)),
            bus.<JsonObject>consumer(Addresses.INVENTORY_SET, m -> CommandFailure.replyTo(m, setLevel(m.body()), LOG)));
        return Future.all(commands.stream().map(MessageConsumer::completion).toList())
            .compose(v -> BatchConsumer.start(vertx, config, "meridian-inventory", "inventory", List.of(Topics.ORDERS),
                this::handle, Meters.of(config())))
            .onSuccess(c -> consumer = c);
    }

    @Override
    public Future<?> stop() {
        return (consumer == null ? Future.succeededFuture() : consumer.stop())
            .eventually(() -> Future.all(commands.stream().map(MessageConsumer::unregister).toList()))
            .eventually(pool::close);
    }

    private Future<JsonObject> level(JsonObject query) {
        String sku = query.getString("sku");
        return store.level(pool, query.getString("tenantId"), sku)
            .compose(found -> found.map(Future::succeededFuture)
                .orElseGet(() -> CommandFailure.fail(404, "no stock recorded for SKU " + sku)));
    }

    private Future<JsonObject> setLevel(JsonObject command) {
        return store.setLevel(pool, command.getString("tenantId"), command.getString("sku"),
            command.getInteger("available"));
    }

    /** One record after the other: a cancellation must see the reservation its order made. */
    private Future<Void> handle(List<Incoming> batch) {
        Future<Void> chain = Future.succeededFuture();
        for (Incoming incoming : batch) {
            OrderEventView event = OrderEventView.of(incoming.event());
            if (event == null) {
                continue;
            }
            String correlationId = incoming.correlationId();
            if (event.tenantId() == null || event.orderId() == null) {
                incoming.reject("an order event without tenant or order id");
            } else if (OrderEventView.PLACED.equals(event.type())) {
                Optional<SortedMap<String, Integer>> demand = demandOf(CloudEvent.data(incoming.event()));
                if (demand.isEmpty()) {
                    incoming.reject("an order.placed event whose items are not SKUs with positive quantities");
                    continue;
                }
                chain = chain.compose(v -> reserve(event, demand.get(), correlationId));
            } else if (OrderStatus.CANCELLED.name().equals(event.status())
                || OrderStatus.REJECTED.name().equals(event.status())) {
                chain = chain.compose(v -> release(event, correlationId));
            }
        }
        return chain;
    }

    /** What a placed order asks for, or empty when its items cannot be read (a poison event). */
    private static Optional<SortedMap<String, Integer>> demandOf(JsonObject order) {
        JsonArray items = order.getJsonArray("items");
        if (items == null || items.isEmpty()) {
            return Optional.empty();
        }
        List<Map.Entry<String, Integer>> lines = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof JsonObject line) || line.getString("sku") == null
                || !(line.getValue("quantity") instanceof Integer quantity) || quantity < 1) {
                return Optional.empty();
            }
            lines.add(new AbstractMap.SimpleEntry<>(line.getString("sku"), quantity));
        }
        return Optional.of(Stock.demand(lines));
    }

    private Future<Void> reserve(OrderEventView order, SortedMap<String, Integer> demand, String correlationId) {
        return pool.withTransaction(tx -> store.claim(tx, order.orderId(), order.tenantId(), demand)
                .compose(claimed -> claimed ? decide(tx, order, demand, correlationId) : Future.succeededFuture(false)))
            .onSuccess(announced -> {
                if (announced) {
                    Outbox.nudgeRelay(vertx.eventBus());
                }
            })
            .mapEmpty();
    }

    /** Takes the stock if every SKU has enough, else nothing; either way the outcome is announced. */
    private Future<Boolean> decide(SqlConnection tx, OrderEventView order, SortedMap<String, Integer> demand,
                                   String correlationId) {
        return store.lockStock(tx, order.tenantId(), demand.keySet()).compose(available -> {
            List<String> short_ = new ArrayList<>();
            demand.forEach((sku, wanted) -> {
                int have = available.getOrDefault(sku, 0);
                if (have < wanted) {
                    short_.add(sku + " (" + have + " available, " + wanted + " wanted)");
                }
            });
            JsonObject items = new JsonObject(new TreeMap<>(demand));
            Instant now = Instant.now();
            if (short_.isEmpty()) {
                return store.adjust(tx, order.tenantId(), demand, -1)
                    .compose(v -> store.settle(tx, order.orderId(), "RESERVED", null))
                    .compose(v -> announce(tx, InventoryEvents.of(InventoryEvents.RESERVED, order.tenantId(),
                        order.orderId(), items, null, now), correlationId));
            }
            String reason = "not enough stock: " + String.join(", ", short_);
            return store.settle(tx, order.orderId(), "FAILED", reason)
                .compose(v -> announce(tx, InventoryEvents.of(InventoryEvents.RESERVATION_FAILED, order.tenantId(),
                    order.orderId(), items, reason, now), correlationId))
                .onSuccess(v -> LOG.atInfo().addKeyValue(CorrelationId.FIELD, correlationId)
                    .log("order {} cannot be reserved: {}", order.orderId(), reason));
        });
    }

    /** Gives a cancelled or rejected order's stock back, once; an order that holds none changes nothing. */
    private Future<Void> release(OrderEventView order, String correlationId) {
        return pool.withTransaction(tx -> store.takeBack(tx, order.orderId(), order.tenantId())
                .compose(held -> held.isEmpty() ? Future.succeededFuture(false) : giveBack(tx, order, held.get(),
                    correlationId)))
            .onSuccess(announced -> {
                if (announced) {
                    Outbox.nudgeRelay(vertx.eventBus());
                }
            })
            .mapEmpty();
    }

    private Future<Boolean> giveBack(SqlConnection tx, OrderEventView order, JsonObject held, String correlationId) {
        SortedMap<String, Integer> quantities = new TreeMap<>();
        held.forEach(e -> quantities.put(e.getKey(), ((Number) e.getValue()).intValue()));
        return store.lockStock(tx, order.tenantId(), quantities.keySet())
            .compose(locked -> store.adjust(tx, order.tenantId(), quantities, +1))
            .compose(v -> announce(tx, InventoryEvents.of(InventoryEvents.RELEASED, order.tenantId(), order.orderId(),
                held, null, Instant.now()), correlationId));
    }

    private static Future<Boolean> announce(SqlConnection tx, JsonObject event, String correlationId) {
        return Outbox.append(tx, Topics.INVENTORY, event.getString("subject"), CloudEvent.correlated(event, correlationId))
            .map(true);
    }
}
