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
import verticles.domain.inventory.Allocation.Decision;
import verticles.domain.inventory.Allocation.Request;
import verticles.domain.inventory.Allocation.StockKey;
import verticles.domain.inventory.Allocation;
import verticles.domain.inventory.Stock;
import verticles.domain.order.OrderStatus;
import verticles.orders.OrderEventView;
import verticles.platform.Clients;
import verticles.platform.CommandFailure;
import verticles.platform.config.MeridianConfig;
import verticles.platform.events.CloudEvent;
import verticles.platform.outbox.Outbox;
import verticles.platform.kafka.BatchConsumer;
import verticles.platform.kafka.Incoming;
import verticles.platform.metrics.Meters;
import verticles.platform.trace.CorrelationId;
import verticles.orders.OrderTopics;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

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
    private static final Comparator<StockKey> STOCK_ORDER =
        Comparator.comparing(StockKey::tenantId).thenComparing(StockKey::sku);

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
            bus.<JsonObject>consumer(InventoryAddresses.INVENTORY_GET, m -> CommandFailure.replyTo(m, level(m.body()), LOG)),
            bus.<JsonObject>consumer(InventoryAddresses.INVENTORY_SET, m -> CommandFailure.replyTo(m, setLevel(m.body()), LOG)));
        return Future.all(commands.stream().map(MessageConsumer::completion).toList())
            .compose(v -> BatchConsumer.start(vertx, config, "meridian-inventory", "inventory", List.of(OrderTopics.ORDERS),
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

    /**
     * Placed orders are reserved together, one transaction per run of them; a cancellation or
     * rejection ends the run first, so it always sees the reservation its order made.
     */
    private Future<Void> handle(List<Incoming> batch) {
        Future<Void> chain = Future.succeededFuture();
        List<Placed> run = new ArrayList<>();
        for (Incoming incoming : batch) {
            OrderEventView event = OrderEventView.of(incoming.event());
            if (event == null) {
                continue;
            }
            if (event.tenantId() == null || event.orderId() == null) {
                incoming.reject("an order event without tenant or order id");
            } else if (OrderEventView.PLACED.equals(event.type())) {
                Optional<SortedMap<String, Integer>> demand = demandOf(CloudEvent.data(incoming.event()));
                if (demand.isEmpty()) {
                    incoming.reject("an order.placed event whose items are not SKUs with positive quantities");
                } else {
                    run.add(new Placed(new Request(event.orderId(), event.tenantId(), demand.get()),
                        incoming.correlationId()));
                }
            } else if (OrderStatus.CANCELLED.name().equals(event.status())
                || OrderStatus.REJECTED.name().equals(event.status())) {
                List<Placed> before = List.copyOf(run);
                run.clear();
                chain = chain.compose(v -> reserve(before)).compose(v -> release(event, incoming.correlationId()));
            }
        }
        List<Placed> rest = List.copyOf(run);
        return chain.compose(v -> reserve(rest));
    }

    /** A placed order to reserve, with the correlation id its answer carries on. */
    private record Placed(Request request, String correlationId) {
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

    /**
     * Reserves a run of orders in one transaction: claims them (orders seen before are skipped),
     * locks every stock row they need, decides them in turn, takes the stock and announces each
     * outcome through the outbox. A few statements, however long the run.
     */
    private Future<Void> reserve(List<Placed> run) {
        if (run.isEmpty()) {
            return Future.succeededFuture();
        }
        // The same order.placed can come twice in one run (a relay re-sending a round, a lagging consumer):
        // the claim below keeps an order from being reserved in two runs, this from being reserved twice in one.
        Map<String, Placed> once = new LinkedHashMap<>();
        run.forEach(p -> once.putIfAbsent(p.request().orderId(), p));
        Map<String, String> correlation = new HashMap<>();
        once.values().forEach(p -> correlation.put(p.request().orderId(), p.correlationId()));
        List<Request> requests = once.values().stream().map(Placed::request).toList();
        return pool.withTransaction(tx -> store.claim(tx, requests).compose(claimed -> {
                List<Request> fresh = requests.stream().filter(r -> claimed.contains(r.orderId())).toList();
                if (fresh.isEmpty()) {
                    return Future.succeededFuture(false);
                }
                Set<StockKey> keys = new TreeSet<>(STOCK_ORDER);
                fresh.forEach(r -> r.demand().keySet().forEach(sku -> keys.add(new StockKey(r.tenantId(), sku))));
                return store.lockStock(tx, keys).compose(available -> {
                    Allocation allocation = new Allocation(available);
                    List<Decision> decisions = allocation.decide(fresh);
                    Instant now = Instant.now();
                    List<JsonObject> events = decisions.stream().map(d -> CloudEvent.correlated(InventoryEvents.of(
                            d.reserved() ? InventoryEvents.RESERVED : InventoryEvents.RESERVATION_FAILED,
                            d.request().tenantId(), d.request().orderId(), new JsonObject(new TreeMap<>(d.request().demand())),
                            d.reason(), now), correlation.get(d.request().orderId())))
                        .toList();
                    decisions.stream().filter(d -> !d.reserved()).forEach(d -> LOG.atInfo()
                        .addKeyValue(CorrelationId.FIELD, correlation.get(d.request().orderId()))
                        .log("order {} cannot be reserved: {}", d.request().orderId(), d.reason()));
                    return store.adjust(tx, allocation.taken(), -1)
                        .compose(v -> store.settle(tx, decisions))
                        .compose(v -> Outbox.appendAll(tx, InventoryTopics.INVENTORY, events))
                        .map(true);
                });
            }))
            .onSuccess(announced -> {
                if (announced) {
                    Outbox.nudgeRelay(vertx.eventBus());
                }
            })
            .mapEmpty();
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
        Map<StockKey, Integer> quantities = new TreeMap<>(STOCK_ORDER);
        held.forEach(e -> quantities.put(new StockKey(order.tenantId(), e.getKey()), ((Number) e.getValue()).intValue()));
        return store.lockStock(tx, quantities.keySet())
            .compose(locked -> store.adjust(tx, quantities, +1))
            .compose(v -> announce(tx, InventoryEvents.of(InventoryEvents.RELEASED, order.tenantId(), order.orderId(),
                held, null, Instant.now()), correlationId));
    }

    private static Future<Boolean> announce(SqlConnection tx, JsonObject event, String correlationId) {
        return Outbox.append(tx, InventoryTopics.INVENTORY, event.getString("subject"), CloudEvent.correlated(event, correlationId))
            .map(true);
    }
}
