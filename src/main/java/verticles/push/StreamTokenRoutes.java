package verticles.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import verticles.orders.OrderAddresses;
import verticles.platform.cluster.ReadAsks;
import verticles.platform.http.Problem;
import verticles.platform.http.Operations;
import verticles.shipments.ShipmentAddresses;

import verticles.platform.http.Replies;
import verticles.platform.http.RequestBodies;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/stream-tokens}: a short-lived token a browser passes as {@code ?token=} to a
 * stream route, since {@code EventSource} cannot send an API key. With {@code shipmentId} or
 * {@code orderId} the token opens that one stream only, and only if the caller owns it.
 */
public final class StreamTokenRoutes {

    private static final Set<String> FIELDS = Set.of("shipmentId", "orderId");

    private final Vertx vertx;
    private final StreamTokens tokens;

    public StreamTokenRoutes(Vertx vertx, StreamTokens tokens) {
        this.vertx = vertx;
        this.tokens = tokens;
    }

    public void mount(Operations operations) {
        operations.serve("issueStreamToken", this::issue);
    }

    private void issue(RoutingContext rc) {
        Map<String, Object> body = RequestBodies.jsonObject(rc);
        // The contract checked the fields and the ids' form; asking for both at once is this route's rule.
        Object shipmentId = body.get("shipmentId");
        Object orderId = body.get("orderId");
        if (shipmentId != null && orderId != null) {
            Problem.send(rc, 400, "Bad Request", "the stream-token request is not valid",
                new JsonArray().add(error("orderId", "give shipmentId or orderId, not both")));
            return;
        }
        String tenant = Replies.tenant(rc);
        Future<Void> owned;
        String entity;
        if (shipmentId != null) {
            entity = (String) shipmentId;
            owned = ReadAsks.on(vertx).request(ShipmentAddresses.SHIPMENTS_GET,
                new JsonObject().put("tenantId", tenant).put("shipmentId", entity), Replies.COMMAND).mapEmpty();
        } else if (orderId != null) {
            entity = (String) orderId;
            owned = ReadAsks.on(vertx).request(OrderAddresses.ORDERS_GET,
                new JsonObject().put("tenantId", tenant).put("orderId", entity), Replies.COMMAND).mapEmpty();
        } else {
            entity = null;
            owned = Future.succeededFuture();
        }
        owned.onSuccess(v -> {
            StreamTokens.Issued issued = tokens.issue(tenant, entity, Instant.now());
            Replies.json(rc, 200, new JsonObject().put("token", issued.token())
                .put("expiresAt", issued.expiresAt().toString()));
        }).onFailure(e -> Problem.fromFailure(rc, e));
    }

    private static JsonObject error(String field, String message) {
        return new JsonObject().put("field", field).put("message", message);
    }
}
