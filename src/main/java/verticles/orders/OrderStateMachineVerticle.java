package verticles.orders;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.Ids;
import verticles.domain.order.OrderLifecycle;
import verticles.domain.order.OrderStatus;
import verticles.platform.Clients;
import verticles.platform.CommandFailure;
import verticles.platform.config.MeridianConfig;
import verticles.platform.db.CreatedOnce;
import verticles.platform.db.KeysetScan;
import verticles.platform.events.CloudEvent;
import verticles.platform.outbox.Outbox;
import verticles.platform.metrics.CacheMeters;
import verticles.platform.metrics.Meters;
import verticles.platform.resilience.Breakers;
import verticles.platform.trace.CorrelationId;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Owns the order lifecycle. It answers the order commands on the event bus; each state change
 * and the outbox row announcing it are written in one PostgreSQL transaction (so an event is
 * published if and only if the change happened), then written through to Redis.
 */
public final class OrderStateMachineVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(OrderStateMachineVerticle.class);
    private CacheMeters cacheReads;

    private Pool pool;
    private OrderCache cache;
    private CircuitBreaker redis;
    private CircuitBreaker postgres;
    private final OrderStore store = new OrderStore();
    private List<MessageConsumer<JsonObject>> consumers;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        pool = Clients.postgres(vertx, config, "orders");
        cache = new OrderCache(Clients.redis(vertx, config), config.get(OrderKeys.CACHE_ORDER_TTL));
        cacheReads = CacheMeters.of(Meters.of(config()), "order");
        redis = Breakers.timed(vertx, "redis", config, Meters.of(config()));
        postgres = Breakers.create(vertx, "postgres", config, Meters.of(config()));
        var bus = vertx.eventBus();
        consumers = List.of(
            bus.<JsonObject>consumer(OrderAddresses.ORDERS_PLACE, m -> CommandFailure.replyTo(m, place(m.body()), LOG)),
            bus.<JsonObject>consumer(OrderAddresses.ORDERS_TRANSITION, m -> CommandFailure.replyTo(m, transition(m.body()), LOG)),
            bus.<JsonObject>consumer(OrderAddresses.ORDERS_TRANSITION_ALL, m -> CommandFailure.replyTo(m, transitionAll(m.body()), LOG)),
            bus.<JsonObject>consumer(OrderAddresses.ORDERS_RECORD_ARRIVAL, m -> CommandFailure.replyTo(m, recordArrival(m.body()), LOG)),
            bus.<JsonObject>consumer(OrderAddresses.ORDERS_GET, m -> CommandFailure.replyTo(m, get(m.body()), LOG)),
            bus.<JsonObject>consumer(OrderAddresses.ORDERS_LIST, m -> CommandFailure.replyTo(m, list(m.body()), LOG)),
            bus.<JsonObject>consumer(OrderAddresses.ORDERS_CACHE_REBUILD, m -> CommandFailure.replyTo(m, rebuildCache(), LOG)));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    @Override
    public Future<?> stop() {
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
            .eventually(cache::close)
            .eventually(pool::close);
    }

    private Future<JsonObject> place(JsonObject command) {
        String tenantId = command.getString("tenantId");
        Instant now = now();
        JsonObject order = OrderDocument.placed(Ids.newOrderId(), command.getJsonObject("order"), now);
        String correlationId = command.getString(CorrelationId.FIELD);
        JsonObject event = CloudEvent.correlated(OrderEvents.placed(tenantId, order, now), correlationId);
        return postgres.<CreatedOnce.Outcome>execute(() -> store.place(pool, tenantId, command, order, OrderTopics.ORDERS, event))
            .compose(outcome -> outcome.created() ? placed(tenantId, order, correlationId) : earlier(tenantId, outcome));
    }

    private Future<JsonObject> placed(String tenantId, JsonObject order, String correlationId) {
        Outbox.nudgeRelay(vertx.eventBus());
        return writeThrough(tenantId, order)
            .onSuccess(doc -> LOG.atDebug().addKeyValue(CorrelationId.FIELD, correlationId)
                .log("order {} placed for tenant {}", doc.getString("id"), tenantId));
    }

    /** The order an earlier attempt with the same idempotency key placed, as it is now. */
    private Future<JsonObject> earlier(String tenantId, CreatedOnce.Outcome outcome) {
        return store.load(pool, tenantId, outcome.earlierId())
            .map(found -> CreatedOnce.replayed(found.orElseThrow()));
    }

    private Future<JsonObject> transition(JsonObject command) {
        StatusChange.Request request = StatusChange.Request.of(command);
        Instant now = now();
        return postgres.<StatusChange.Change>execute(() -> pool.withTransaction(tx ->
                store.lockWithHistory(tx, request.tenantId(), request.orderId()).compose(found -> {
                    StatusChange decided = StatusChange.decide(request, found.orElse(null), now);
                    if (decided instanceof StatusChange.Refused refused) {
                        return CommandFailure.<StatusChange.Change>fail(refused.status(), refused.reason());
                    }
                    StatusChange.Change change = (StatusChange.Change) decided;
                    return store.moveAll(tx, List.of(change), OrderTopics.ORDERS).map(change);
                })))
            .onSuccess(change -> Outbox.nudgeRelay(vertx.eventBus()))
            .compose(change -> writeThrough(request.tenantId(), change.document()))
            .onSuccess(doc -> LOG.atDebug().addKeyValue(CorrelationId.FIELD, request.correlationId())
                .log("order {} is now {} (version {}, cause {})", request.orderId(), request.target(),
                    doc.getInteger("version"), request.cause()));
    }

    /**
     * A batch of changes to distinct orders (the saga's answers), in one transaction: the
     * orders locked together, each change decided on its own, the accepted ones written in two
     * statements. A refused change (404, 409) is answered by its order id and reason and holds up
     * none of the others; one commit serves the whole batch.
     */
    private Future<JsonObject> transitionAll(JsonObject command) {
        List<StatusChange.Request> requests = command.getJsonArray("changes").stream()
            .map(c -> StatusChange.Request.of((JsonObject) c)).toList();
        if (requests.stream().map(StatusChange.Request::orderId).distinct().count() != requests.size()) {
            return CommandFailure.fail(400, "a batch of status changes names an order twice");
        }
        Instant now = now();
        return postgres.<Decided>execute(() -> pool.withTransaction(tx ->
                store.lockAllWithHistory(tx, requests).compose(found -> {
                    Decided decided = new Decided(new ArrayList<>(), new JsonObject());
                    for (StatusChange.Request request : requests) {
                        StatusChange outcome = StatusChange.decide(request, found.get(request.orderId()), now);
                        if (outcome instanceof StatusChange.Change change) {
                            decided.changes().add(change);
                        } else {
                            decided.refusals().put(request.orderId(), ((StatusChange.Refused) outcome).reason());
                        }
                    }
                    return store.moveAll(tx, decided.changes(), OrderTopics.ORDERS).map(decided);
                })))
            // Committed by now: only then is the relay woken and the cache written.
            .compose(decided -> {
                if (!decided.changes().isEmpty()) {
                    Outbox.nudgeRelay(vertx.eventBus());
                }
                return Future.all(decided.changes().stream().map(c -> writeThrough(c.tenantId(), c.document())).toList())
                    .map(written -> new JsonObject().put("moved", decided.changes().size())
                        .put("refused", decided.refusals()));
            });
    }

    /** A batch's accepted changes, and the refused ones' reasons by order id. */
    private record Decided(List<StatusChange.Change> changes, JsonObject refusals) {
    }

    /**
     * The courier is inside the destination's geofence: the order gets a new version (status
     * unchanged) and {@code order.arriving} goes out through the outbox, so customers, webhooks
     * and streams hear of it like a status change. Only once per order, and never for an order
     * that has ended; asking again answers {@code recorded: false} and changes nothing.
     */
    private Future<JsonObject> recordArrival(JsonObject command) {
        String tenantId = command.getString("tenantId");
        String orderId = command.getString("orderId");
        Instant at = Instant.parse(command.getString("at")).truncatedTo(ChronoUnit.MICROS);
        double remainingMeters = command.getDouble("remainingMeters");
        return postgres.<JsonObject>execute(() -> pool.withTransaction(tx -> store.lockWithHistory(tx, tenantId, orderId)
            .compose(found -> {
                if (found.isEmpty()) {
                    return CommandFailure.<JsonObject>fail(404, "no order " + orderId);
                }
                JsonObject current = found.get();
                if (current.getString("arrivingAt") != null
                    || OrderLifecycle.isFinal(OrderStatus.valueOf(current.getString("status")))) {
                    return Future.succeededFuture((JsonObject) null);
                }
                int next = current.getInteger("version") + 1;
                JsonObject event = CloudEvent.correlated(OrderEvents.arriving(tenantId, current, next, at, remainingMeters),
                    command.getString(CorrelationId.FIELD));
                return store.arrive(tx, orderId, next, at, OrderTopics.ORDERS, event)
                    .map(v -> OrderDocument.arriving(current, next, at));
            })))
            .compose(doc -> {
                if (doc == null) {
                    return Future.succeededFuture(new JsonObject().put("recorded", false));
                }
                Outbox.nudgeRelay(vertx.eventBus());
                LOG.debug("order {} is arriving (version {})", orderId, doc.getInteger("version"));
                return writeThrough(tenantId, doc).map(d -> new JsonObject().put("recorded", true));
            });
    }

    /** Cache-aside read: Redis first; on a miss PostgreSQL, and the answer refills Redis. */
    private Future<JsonObject> get(JsonObject query) {
        String tenantId = query.getString("tenantId");
        String orderId = query.getString("orderId");
        return redis.<JsonObject>execute(() -> cache.get(tenantId, orderId))
            .recover(e -> {
                Breakers.warnUnlessOpen(LOG, e, "order cache read failed for " + orderId + ", reading PostgreSQL");
                return Future.succeededFuture(null);
            })
            .onSuccess(cacheReads::count)
            .compose(cached -> cached != null ? Future.succeededFuture(cached)
                : postgres.<Optional<JsonObject>>execute(() -> store.load(pool, tenantId, orderId)).compose(loaded -> loaded.isEmpty()
                    ? CommandFailure.<JsonObject>fail(404, "no order " + orderId)
                    : writeThrough(tenantId, loaded.get())));
    }

    /**
     * Writes every order from PostgreSQL into Redis (with the same version compare, so an order
     * that moved on meanwhile keeps its newer entry): the cache is derived state, and this proves it.
     */
    private Future<JsonObject> rebuildCache() {
        return KeysetScan.run(pool, OrderStore.EVERY_ID_PAGE, 200,
                page -> {
                    List<Future<?>> written = new java.util.ArrayList<>();
                    page.forEach(row -> written.add(store.load(pool, row.getString("tenant_id"), row.getString("id"))
                        .compose(found -> found.isEmpty() ? Future.succeededFuture()
                            : cache.putIfNewer(row.getString("tenant_id"), found.get()))));
                    return Future.all(written);
                })
            .map(count -> new JsonObject().put("orders", count));
    }

    private Future<JsonObject> list(JsonObject query) {
        return store.list(pool, query.getString("tenantId"), query.getString("status"),
            query.getString("cursor"), query.getInteger("limit", 20));
    }

    /**
     * PostgreSQL has committed by now, so a Redis failure must not fail the request: the entry
     * is left to expire or to be replaced by the next, newer version.
     */
    private Future<JsonObject> writeThrough(String tenantId, JsonObject doc) {
        return redis.<Boolean>execute(() -> cache.putIfNewer(tenantId, doc))
            .otherwise(e -> {
                Breakers.warnUnlessOpen(LOG, e, "order cache write failed for " + doc.getString("id"));
                return false;
            })
            .map(doc);
    }

    /** PostgreSQL keeps microseconds; truncating here keeps what we return equal to what we store. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
