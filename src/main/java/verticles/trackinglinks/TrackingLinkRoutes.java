package verticles.trackinglinks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import verticles.domain.Ids;
import verticles.orders.OrderAddresses;
import verticles.platform.CommandFailure;
import verticles.platform.cluster.ReadAsks;
import verticles.platform.http.Problem;
import verticles.platform.http.Operations;
import verticles.platform.http.Replies;
import verticles.shipments.ShipmentAddresses;

/**
 * {@code /v1/.../tracking-links}: a merchant makes a link for its customer, to one shipment or to
 * the shipment of one order, and can revoke it. The answer's {@code url} is the page, relative to
 * the node, and opens without an API key until {@code expiresAt}.
 */
public final class TrackingLinkRoutes {

    private final Vertx vertx;

    public TrackingLinkRoutes(Vertx vertx) {
        this.vertx = vertx;
    }

    public void mount(Operations operations) {
        operations.serve("createShipmentTrackingLink", Replies.withPathId("shp", "shipment", this::forShipment));
        operations.serve("createOrderTrackingLink", Replies.withPathId("ord", "order", this::forOrder));
        operations.serve("revokeTrackingLink", Replies.withPathId("lnk", "tracking link", this::revoke));
    }

    private void forShipment(RoutingContext rc, String shipmentId) {
        String tenantId = Replies.tenant(rc);
        ask(ShipmentAddresses.SHIPMENTS_OWNER, new JsonObject().put("shipmentId", shipmentId))
            .compose(owner -> tenantId.equals(owner.getString("tenantId")) ? create(rc, shipmentId, null)
                // Another tenant's shipment answers exactly like a missing one.
                : CommandFailure.<JsonObject>fail(404, "no shipment " + shipmentId))
            .onSuccess(link -> Replies.json(rc, 201, link))
            .onFailure(e -> Problem.fromFailure(rc, e));
    }

    /** An order's link shows the shipment that delivers it, which exists once the order is confirmed. */
    private void forOrder(RoutingContext rc, String orderId) {
        String tenantId = Replies.tenant(rc);
        ask(OrderAddresses.ORDERS_GET, new JsonObject().put("tenantId", tenantId).put("orderId", orderId))
            .compose(order -> order.getString("shipmentId") == null
                ? CommandFailure.<JsonObject>fail(409, "order " + orderId + " has no shipment yet; it gets one when confirmed")
                : create(rc, Ids.shipmentIdForOrder(orderId), orderId))
            .onSuccess(link -> Replies.json(rc, 201, link))
            .onFailure(e -> Problem.fromFailure(rc, e));
    }

    private Future<JsonObject> create(RoutingContext rc, String shipmentId, String orderId) {
        return ask(TrackingLinkAddresses.LINKS_CREATE, new JsonObject().put("tenantId", Replies.tenant(rc))
            .put("shipmentId", shipmentId).put("orderId", orderId));
    }

    /** 204 once revoked: the page and its live stream stop working at once, on every node. */
    private void revoke(RoutingContext rc, String linkId) {
        ask(TrackingLinkAddresses.LINKS_REVOKE, new JsonObject().put("tenantId", Replies.tenant(rc)).put("linkId", linkId))
            .onSuccess(reply -> rc.response().setStatusCode(204).end())
            .onFailure(e -> Problem.fromFailure(rc, e));
    }

    private Future<JsonObject> ask(String address, JsonObject message) {
        return ask(vertx, address, message);
    }

    /** Asks a feature over the event bus; an answer sent as encoded JSON (a shipment's) is read back as an object. */
    static Future<JsonObject> ask(Vertx vertx, String address, JsonObject message) {
        return vertx.eventBus().<Object>request(address, message, Replies.COMMAND).map(TrackingLinkRoutes::json);
    }

    /** Like {@link #ask}, for a question that only reads: asked again if a cluster member leaves meanwhile. */
    static Future<JsonObject> read(Vertx vertx, String address, JsonObject message) {
        return ReadAsks.on(vertx).<Object>request(address, message, Replies.COMMAND).map(TrackingLinkRoutes::json);
    }

    private static JsonObject json(io.vertx.core.eventbus.Message<Object> reply) {
        return reply.body() instanceof JsonObject json ? json : new JsonObject(String.valueOf(reply.body()));
    }
}
