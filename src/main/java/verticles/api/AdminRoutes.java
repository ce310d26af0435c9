package verticles.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import verticles.deadletters.DeadLetterAddresses;
import verticles.domain.Violation;
import verticles.domain.tenant.NewTenant;
import verticles.orders.OrderAddresses;
import verticles.platform.http.Problem;
import verticles.tenants.TenantAddresses;
import verticles.tracking.ShipmentAddresses;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/admin}: tenants and their keys, dead letters and the cache rebuild, for the operator holding the admin key
 * ({@code auth.admin-key}; with none set the routes do not exist). A new key is answered once,
 * in full; afterwards only its prefix is ever shown.
 */
final class AdminRoutes {

    private final Vertx vertx;
    private final byte[] adminKey;

    AdminRoutes(Vertx vertx, String adminKey) {
        this.vertx = vertx;
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
    }

    static boolean isAdminPath(RoutingContext rc) {
        return rc.normalizedPath().startsWith("/v1/admin/");
    }

    void mount(Router router) {
        router.post("/v1/admin/tenants").handler(this::createTenant);
        router.get("/v1/admin/tenants/:id/keys").handler(rc -> Replies.ask(vertx, rc, TenantAddresses.TENANTS_KEYS_LIST,
            new JsonObject().put("tenantId", rc.pathParam("id"))));
        router.post("/v1/admin/tenants/:id/keys").handler(rc -> {
            Idempotency.withholdOnReplay(rc, "apiKey");
            Replies.create(vertx, rc, TenantAddresses.TENANTS_KEYS_CREATE, new JsonObject().put("tenantId", rc.pathParam("id")),
                "/v1/admin/tenants/" + rc.pathParam("id") + "/keys");
        });
        router.put("/v1/admin/tenants/:id/rate-limit").handler(this::setRateLimit);
        router.delete("/v1/admin/tenants/:id/keys/:prefix").handler(rc -> Replies.ask(vertx, rc,
            TenantAddresses.TENANTS_KEYS_REVOKE, new JsonObject().put("tenantId", rc.pathParam("id"))
                .put("prefix", rc.pathParam("prefix"))));
        router.get("/v1/admin/dead-letters").handler(this::listDeadLetters);
        router.post("/v1/admin/dead-letters/:id/replay").handler(this::replayDeadLetter);
        router.post("/v1/admin/rebuild-cache").handler(this::rebuildCache);
    }

    /** Lets the admin key through; anything else is 401, and every admin route is 404 when no admin key is set. */
    void authenticate(RoutingContext rc) {
        if (adminKey.length == 0) {
            Problem.send(rc, 404, "Not Found", "admin routes are disabled: set auth.admin-key to enable them");
            return;
        }
        String presented = ApiKeyAuthentication.presentedKey(rc);
        if (presented == null || !MessageDigest.isEqual(adminKey, presented.getBytes(StandardCharsets.UTF_8))) {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
            Problem.send(rc, 401, "Unauthorized", "admin routes need the admin key");
            return;
        }
        rc.next();
    }

    /** {@code {"perSecond": n, "burst": n}} (each 1–1,000,000), or both null to return to the configured default. */
    private void setRateLimit(RoutingContext rc) {
        Map<String, Object> body = RequestBodies.jsonObject(rc);
        // The contract checked each value; that the two come together is this route's rule.
        Integer perSecond = (Integer) body.get("perSecond");
        Integer burst = (Integer) body.get("burst");
        if ((perSecond == null) != (burst == null)) {
            Replies.invalid(rc, "the rate limit is not valid", List.of(new Violation("burst",
                "give perSecond and burst together, or neither to return to the default")));
            return;
        }
        Replies.ask(vertx, rc, TenantAddresses.TENANTS_RATE_LIMIT, new JsonObject().put("tenantId", rc.pathParam("id"))
            .put("perSecond", perSecond).put("burst", burst));
    }

    /** Newest first; {@code ?consumer=} narrows to one consumer, {@code ?cursor=} pages on. */
    private void listDeadLetters(RoutingContext rc) {
        String consumer = rc.queryParams().get("consumer");
        // The contract checked both: whole numbers, the limit from 1 to 100.
        String cursor = rc.queryParams().get("cursor");
        String limit = rc.queryParams().get("limit");
        Replies.ask(vertx, rc, DeadLetterAddresses.DEAD_LETTERS_LIST, new JsonObject().put("consumer", consumer)
            .put("cursor", cursor == null ? null : Long.valueOf(cursor))
            .put("limit", limit == null ? 20 : Integer.parseInt(limit)));
    }

    /** Re-drives one dead letter: 202 once the record is back on its topic (or its delivery is due again). */
    private void replayDeadLetter(RoutingContext rc) {
        String text = rc.pathParam("id");
        if (!text.matches("[0-9]{1,18}")) {
            Problem.send(rc, 404, "Not Found", "no dead letter " + text);
            return;
        }
        long id = Long.parseLong(text);
        vertx.eventBus().<JsonObject>request(DeadLetterAddresses.DEAD_LETTERS_REPLAY,
                Replies.correlated(rc, new JsonObject().put("id", id)), Replies.COMMAND)
            .onSuccess(reply -> Replies.json(rc, 202, reply.body()))
            .onFailure(e -> Problem.fromFailure(rc, e));
    }

    /**
     * Writes every order and shipment from PostgreSQL into Redis, proving Redis holds only derived
     * state; answers the counts when done. Entries already newer in Redis are kept.
     */
    private void rebuildCache(RoutingContext rc) {
        DeliveryOptions slow = new DeliveryOptions().setSendTimeout(600_000);
        Future<Message<JsonObject>> orders = vertx.eventBus().request(OrderAddresses.ORDERS_CACHE_REBUILD, new JsonObject(), slow);
        Future<Message<JsonObject>> shipments =
            vertx.eventBus().request(ShipmentAddresses.SHIPMENTS_CACHE_REBUILD, new JsonObject(), slow);
        Future.all(orders, shipments)
            .onSuccess(both -> Replies.json(rc, 200, orders.result().body().copy().mergeIn(shipments.result().body())))
            .onFailure(e -> Problem.fromFailure(rc, e));
    }

    private void createTenant(RoutingContext rc) {
        Map<String, Object> body = RequestBodies.jsonObject(rc);
        NewTenant tenant = NewTenant.read(body);
        Idempotency.withholdOnReplay(rc, "apiKey");
        Replies.create(vertx, rc, TenantAddresses.TENANTS_CREATE, new JsonObject().put("name", tenant.name()),
            "/v1/admin/tenants");
    }
}
