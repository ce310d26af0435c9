package verticles.push;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import verticles.domain.Ids;
import verticles.orders.OrderAddresses;
import verticles.platform.cluster.ReadAsks;
import verticles.platform.config.MeridianConfig;
import verticles.platform.events.EventJournal;
import verticles.platform.http.Caller;
import verticles.platform.http.Operations;
import verticles.platform.http.Problem;
import verticles.tenants.TenantAddresses;
import verticles.shipments.ShipmentAddresses;

import java.util.function.Supplier;

/**
 * The Server-Sent Event routes: {@code GET /v1/shipments/{id}/events}, {@code GET
 * /v1/orders/{id}/events} and the tenant's feed {@code GET /v1/events}. A stream starts with a
 * {@code snapshot} of the current state (or, with {@code Last-Event-ID}, with the events the
 * client missed), then sends changes as they happen. An unknown or foreign id answers 404 before
 * any stream starts; past the node's or the tenant's stream limit the answer is 429.
 */
public final class StreamRoutes {

    private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(10_000);
    /** Orders a feed's snapshot lists: the newest ones. */
    static final int FEED_SNAPSHOT_ORDERS = 50;

    private final Vertx vertx;
    private final LiveHub hub;
    private final StreamCredentials credentials;
    private final JournalReader journal;
    private final StreamLimits limits;
    private final EventStream.Settings settings;
    private final int writeQueueBytes;
    private final String retryHint;

    public StreamRoutes(Vertx vertx, MeridianConfig config, Redis redis, MeterRegistry registry) {
        this.vertx = vertx;
        this.limits = StreamLimits.of(vertx, config.get(PushKeys.PUSH_MAX_CONNECTIONS),
            config.get(PushKeys.PUSH_MAX_CONNECTIONS_PER_TENANT), registry);
        this.hub = new LiveHub(vertx, limits);
        this.credentials = new StreamCredentials(vertx);
        this.journal = new JournalReader(redis);
        this.settings = new EventStream.Settings(500, config.get(PushKeys.PUSH_REORDER_WAIT).toMillis(),
            config.get(PushKeys.PUSH_SLOW_CLIENT_TIMEOUT).toNanos(), config.get(PushKeys.PUSH_SLOW_CLIENT_MAX_PENDING),
            config.get(PushKeys.PUSH_HEARTBEAT).toNanos());
        this.writeQueueBytes = config.get(PushKeys.PUSH_WRITE_QUEUE_BYTES);
        this.retryHint = "retry: " + config.get(PushKeys.PUSH_RETRY).toMillis() + "\n\n";
        // A revoked key's streams end on every node at once; their clients find the key refused.
        vertx.eventBus().<JsonObject>consumer(TenantAddresses.API_KEYS_REVOKED, m ->
            m.body().getJsonArray("keyHashes").forEach(hash -> credentials.endStreamsOf((String) hash)));
    }

    public void mount(Operations operations) {
        operations.serve("streamShipment", rc -> openEntity(rc, "shp", "shipment", rc.pathParam("id"),
            id -> shipmentState(rc, id)));
        operations.serve("streamOrder", rc -> openEntity(rc, "ord", "order", rc.pathParam("id"),
            id -> orderState(rc, id)));
        operations.serve("streamTenant", this::openFeed);
    }

    /**
     * Opens one shipment's or order's stream (by the id's prefix) for a caller let in some other
     * way than an API key (a customer's tracking link): the request carries that caller, limited
     * to this one entity, and the credential whose revocation or expiry ends the stream.
     */
    public void openEntity(RoutingContext rc, String id) {
        if (id.startsWith("ord_")) {
            openEntity(rc, "ord", "order", id, entity -> orderState(rc, entity));
        } else {
            openEntity(rc, "shp", "shipment", id, entity -> shipmentState(rc, entity));
        }
    }

    /** Ends every open stream, as a stopping node must: its clients reconnect to another and resume. */
    public void closeAll() {
        hub.closeAll();
    }

    private Future<String> shipmentState(RoutingContext rc, String id) {
        return ask(ShipmentAddresses.SHIPMENTS_GET, new JsonObject().put("tenantId", Caller.tenant(rc)).put("shipmentId", id));
    }

    private Future<String> orderState(RoutingContext rc, String id) {
        return ask(OrderAddresses.ORDERS_GET, new JsonObject().put("tenantId", Caller.tenant(rc)).put("orderId", id));
    }

    private void openEntity(RoutingContext rc, String prefix, String noun, String id,
                            java.util.function.Function<String, Future<String>> state) {
        if (!Ids.isWellFormed(id, prefix)) {
            Problem.send(rc, 404, "Not Found", "no " + noun + " " + id);
            return;
        }
        String granted = Caller.grantedEntity(rc);
        if (granted != null && !granted.equals(id)) {
            Problem.send(rc, 403, "Forbidden", "this stream token is for another stream");
            return;
        }
        open(rc, EventJournal.entityStream(id), () -> state.apply(id));
    }

    private void openFeed(RoutingContext rc) {
        if (Caller.grantedEntity(rc) != null) {
            Problem.send(rc, 403, "Forbidden", "this stream token is for one stream, not the tenant's feed");
            return;
        }
        String tenant = Caller.tenant(rc);
        open(rc, EventJournal.tenantStream(tenant), () -> ReadAsks.on(vertx)
            .<JsonObject>request(OrderAddresses.ORDERS_LIST, new JsonObject().put("tenantId", tenant)
                .put("limit", FEED_SNAPSHOT_ORDERS), ASK)
            .map(reply -> new JsonObject().put("tenantId", tenant)
                .put("orders", reply.body().getJsonArray("items")).encode()));
    }

    private Future<String> ask(String address, JsonObject request) {
        return ReadAsks.on(vertx).request(address, request, ASK).map(reply -> {
            Object body = reply.body();
            return body instanceof JsonObject json ? json.encode() : String.valueOf(body);
        });
    }

    private void open(RoutingContext rc, String streamName, Supplier<Future<String>> snapshot) {
        String tenant = Caller.tenant(rc);
        // A browser's EventSource sends Last-Event-ID itself only on its own reconnects; a page that
        // opens a new one (with a fresh stream token) passes the id it saw last as ?lastEventId=.
        String header = rc.request().getHeader("Last-Event-ID");
        String lastEventId = header != null ? header : rc.queryParams().get("lastEventId");
        if (!limits.tryOpen(tenant)) {
            Problem.send(rc, 429, "Too Many Requests", "this node holds as many streams as it may; retry shortly");
            return;
        }
        HttpServerResponse response = rc.response();
        EventStream[] self = new EventStream[1];
        EventStream stream = new EventStream(vertx, streamName, tenant, response, journal, snapshot, settings, limits,
            () -> {
                limits.closed(tenant);
                credentials.forget(self[0]);
                vertx.runOnContext(v -> hub.unregister(self[0]));
            });
        self[0] = stream;
        credentials.track(stream, Caller.credential(rc));
        response.closeHandler(v -> stream.close());
        response.exceptionHandler(e -> stream.close());
        hub.register(stream)
            .compose(registered -> journal.newest(tenant, streamName))
            .compose(newest -> snapshot.get().map(json -> new Snapshot(newest, json)))
            .onSuccess(first -> {
                if (response.closed()) {
                    stream.close();
                    return;
                }
                startResponse(response);
                if (lastEventId == null) {
                    stream.startWithSnapshot(first.id(), first.json());
                } else {
                    stream.startAfter(EventId.parse(lastEventId));
                }
            })
            .onFailure(e -> {
                stream.close();
                Problem.fromFailure(rc, e);
            });
    }

    private record Snapshot(EventId id, String json) {
    }

    private void startResponse(HttpServerResponse response) {
        response.setChunked(true)
            .setStatusCode(200)
            .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
            // Compression would hold frames back in the deflater; proxies must not buffer either.
            .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
            .putHeader("X-Accel-Buffering", "no")
            .setWriteQueueMaxSize(writeQueueBytes);
        response.write(retryHint);
    }
}
