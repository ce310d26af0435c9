package verticles.shipments;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.Ids;
import verticles.orders.OrderEventView;
import verticles.platform.Clients;
import verticles.platform.CommandFailure;
import verticles.platform.config.MeridianConfig;
import verticles.platform.db.CreatedOnce;
import verticles.platform.db.KeysetScan;
import verticles.platform.events.CloudEvent;
import verticles.platform.kafka.BatchConsumer;
import verticles.platform.kafka.Incoming;
import verticles.platform.metrics.CacheMeters;
import verticles.platform.metrics.Meters;
import verticles.platform.resilience.Breakers;
import verticles.orders.OrderTopics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Owns shipments: creates standalone ones, creates an order's shipment when the order is
 * confirmed (from the order events on Kafka, idempotently), and answers reads: the shipment
 * (Redis, rebuilt from PostgreSQL on a miss), its owner, and its track.
 */
public final class ShipmentsVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ShipmentsVerticle.class);
    private CacheMeters cacheReads;

    private Pool pool;
    private CircuitBreaker redis;
    private CircuitBreaker postgres;
    private ShipmentCache cache;
    private final ShipmentStore store = new ShipmentStore();
    private List<MessageConsumer<JsonObject>> consumers;
    private BatchConsumer orderEvents;
    private Duration staleAfter;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        pool = Clients.postgres(vertx, config, "shipments");
        cache = ShipmentCache.from(Clients.redis(vertx, config), config);
        staleAfter = config.get(ShipmentKeys.TRACKING_STALE_AFTER);
        cacheReads = CacheMeters.of(Meters.of(config()), "shipment");
        redis = Breakers.timed(vertx, "redis", config, Meters.of(config()));
        postgres = Breakers.create(vertx, "postgres", config, Meters.of(config()));
        var bus = vertx.eventBus();
        consumers = List.of(
            bus.<JsonObject>consumer(ShipmentAddresses.SHIPMENTS_CREATE, m -> CommandFailure.replyTo(m, create(m.body()), LOG)),
            bus.<JsonObject>consumer(ShipmentAddresses.SHIPMENTS_GET, m -> CommandFailure.replyTo(m, get(m.body()), LOG)),
            bus.<JsonObject>consumer(ShipmentAddresses.SHIPMENTS_OWNER, m -> CommandFailure.replyTo(m, owner(m.body()), LOG)),
            bus.<JsonObject>consumer(ShipmentAddresses.SHIPMENTS_TRACK, m -> CommandFailure.replyTo(m, track(m.body()), LOG)),
            bus.<JsonObject>consumer(ShipmentAddresses.SHIPMENTS_CHECKPOINTS, m -> CommandFailure.replyTo(m, checkpoints(m.body()), LOG)),
            bus.<JsonObject>consumer(ShipmentAddresses.SHIPMENTS_CACHE_REBUILD, m -> CommandFailure.replyTo(m, rebuildCache(), LOG)));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
            .compose(v -> BatchConsumer.start(vertx, config, "meridian-shipments", "shipments", List.of(OrderTopics.ORDERS),
                this::createShipmentsOfConfirmedOrders, Meters.of(config())))
            .onSuccess(c -> orderEvents = c);
    }

    @Override
    public Future<?> stop() {
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
            .eventually(() -> orderEvents == null ? Future.succeededFuture() : orderEvents.stop())
            .eventually(cache::close)
            .eventually(pool::close);
    }

    private Future<JsonObject> create(JsonObject command) {
        String tenantId = command.getString("tenantId");
        JsonObject request = command.getJsonObject("shipment");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        JsonObject fixed = ShipmentView.fixed(Ids.newShipmentId(), null, request.getString("reference"),
            request.getJsonObject("origin"), request.getJsonObject("destination"), now);
        return postgres.<CreatedOnce.Outcome>execute(() -> store.create(pool, tenantId, command, fixed))
            .compose(outcome -> outcome.created()
                ? cached(new ShipmentView(tenantId, fixed, null, null, null)).map(ShipmentView::toJson)
                : store.load(pool, tenantId, outcome.earlierId())
                    .map(found -> CreatedOnce.replayed(found.orElseThrow().toJson())));
    }

    /** Stores a shipment an order event names; a redelivered event finds it there and changes nothing. */
    private Future<ShipmentView> save(String tenantId, JsonObject fixed) {
        return postgres.<CreatedOnce.Outcome>execute(() -> store.create(pool, tenantId, new JsonObject(), fixed))
            .compose(v -> cached(new ShipmentView(tenantId, fixed, null, null, null)));
    }

    /** Writes a new shipment through to Redis; a failed write only costs the first read a trip to PostgreSQL. */
    private Future<ShipmentView> cached(ShipmentView view) {
        return redis.<Void>execute(() -> cache.put(view))
            .recover(e -> {
                Breakers.warnUnlessOpen(LOG, e, "shipment cache write failed for " + view.fixed().getString("id"));
                return Future.succeededFuture();
            })
            .map(view);
    }

    /** Writes every shipment from PostgreSQL into Redis; parts already newer in Redis stay. */
    private Future<JsonObject> rebuildCache() {
        return KeysetScan.run(pool, ShipmentStore.EVERY_ID_PAGE, 200,
                page -> {
                    List<Future<?>> written = new ArrayList<>();
                    page.forEach(row -> written.add(store.load(pool, row.getString("tenant_id"), row.getString("id"))
                        .compose(found -> found.isEmpty() ? Future.succeededFuture() : cache.put(found.get()))));
                    return Future.all(written);
                })
            .map(count -> new JsonObject().put("shipments", count));
    }

    /** The order events name the shipment a confirmed order gets; creating it twice changes nothing. */
    private Future<Void> createShipmentsOfConfirmedOrders(List<Incoming> batch) {
        List<Future<?>> created = new ArrayList<>();
        for (Incoming incoming : batch) {
            JsonObject event = incoming.event();
            OrderEventView order = OrderEventView.of(event);
            JsonObject data = CloudEvent.data(event);
            if (order == null || order.isArrival() || !"CONFIRMED".equals(order.status())
                || data.getString("shipmentId") == null) {
                continue;
            }
            if (data.getJsonObject("destination") == null || data.getString("at") == null) {
                incoming.reject("a confirmed order's event without destination or time");
                continue;
            }
            JsonObject fixed = ShipmentView.fixed(data.getString("shipmentId"), order.orderId(), null, null,
                data.getJsonObject("destination"), Instant.parse(data.getString("at")));
            created.add(save(order.tenantId(), fixed));
        }
        return Future.all(created).mapEmpty();
    }

    /**
     * Cache-aside read, answered as encoded JSON (the edge passes it through untouched); a
     * foreign shipment answers exactly like a missing one.
     */
    private Future<String> get(JsonObject query) {
        String keptSince = query.getString("keptSince");
        return cachedOrStored(query.getString("tenantId"), query.getString("shipmentId"))
            .map(rendered -> rendered.shown(Instant.now(), staleAfter, keptSince == null ? null : Instant.parse(keptSince)));
    }

    private Future<ShipmentCache.Rendered> cachedOrStored(String tenantId, String shipmentId) {
        return redis.<ShipmentCache.Rendered>execute(() -> cache.get(tenantId, shipmentId))
            .recover(e -> {
                Breakers.warnUnlessOpen(LOG, e, "shipment cache read failed for " + shipmentId + ", reading PostgreSQL");
                return Future.succeededFuture(null);
            })
            .compose(cached -> {
                cacheReads.count(cached);
                if (cached != null) {
                    return tenantId.equals(cached.tenantId()) ? Future.succeededFuture(cached)
                        : CommandFailure.<ShipmentCache.Rendered>fail(404, "no shipment " + shipmentId);
                }
                return postgres.<Optional<ShipmentView>>execute(() -> store.load(pool, tenantId, shipmentId))
                    .compose(loaded -> loaded.isEmpty()
                        ? CommandFailure.<ShipmentCache.Rendered>fail(404, "no shipment " + shipmentId)
                        : redis.<Void>execute(() -> cache.put(loaded.get())).otherwise(e -> null)
                            .map(v -> loaded.get().rendered()));
            });
    }

    private Future<JsonObject> owner(JsonObject query) {
        String shipmentId = query.getString("shipmentId");
        return redis.<String>execute(() -> cache.owner(shipmentId))
            .otherwise(e -> null)
            .compose(cached -> cached != null ? Future.succeededFuture(Optional.of(cached))
                : postgres.<Optional<String>>execute(() -> store.owner(pool, shipmentId)).onSuccess(stored -> stored
                    .ifPresent(tenantId -> redis.execute(() -> cache.rememberOwner(shipmentId, tenantId)))))
            .compose(owner -> owner.isEmpty() ? CommandFailure.<JsonObject>fail(404, "no shipment " + shipmentId)
                : Future.succeededFuture(new JsonObject().put("tenantId", owner.get())));
    }

    private Future<JsonObject> checkpoints(JsonObject query) {
        String shipmentId = query.getString("shipmentId");
        return ifOwned(query, () -> store.checkpoints(pool, shipmentId).map(items -> new JsonObject().put("items", items)));
    }

    private Future<JsonObject> track(JsonObject query) {
        String shipmentId = query.getString("shipmentId");
        return ifOwned(query, () -> store.track(pool, shipmentId, Instant.parse(query.getString("from")),
            Instant.parse(query.getString("to")), query.getInteger("limit")));
    }

    /** Answers {@code read} when the query's shipment is its tenant's; another's answers exactly like a missing one. */
    private Future<JsonObject> ifOwned(JsonObject query, java.util.function.Supplier<Future<JsonObject>> read) {
        String shipmentId = query.getString("shipmentId");
        return store.owner(pool, shipmentId).compose(owner -> owner.isPresent() && owner.get().equals(query.getString("tenantId"))
            ? read.get() : CommandFailure.<JsonObject>fail(404, "no shipment " + shipmentId));
    }
}
