package verticles.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import verticles.orders.OrderAddresses;
import verticles.platform.Addresses;
import verticles.platform.http.Problem;
import verticles.platform.http.Operations;
import verticles.platform.http.Replies;
import verticles.shipments.ShipmentAddresses;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The edge's part of {@code /v1/admin}: only the operator holding the admin key
 * ({@code auth.admin-key}) gets through to the features' admin routes (with none set, they do not
 * exist), and the cache rebuild, which spans orders and shipments, is asked of both here.
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

    void mount(Operations operations) {
        operations.serve("rebuildCache", this::rebuildCache);
        operations.serve("runMaintenance", this::runMaintenance);
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

    /** Runs the maintenance now, on this node (409 while another node runs it); answers what each upkeep did. */
    private void runMaintenance(RoutingContext rc) {
        vertx.eventBus().<JsonObject>request(Addresses.MAINTENANCE_RUN, new JsonObject(), new DeliveryOptions().setSendTimeout(600_000))
            .onSuccess(reply -> Replies.json(rc, 200, reply.body()))
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
}
