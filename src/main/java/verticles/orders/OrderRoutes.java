package verticles.orders;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import verticles.domain.order.NewOrder;
import verticles.domain.order.OrderStatus;
import verticles.platform.http.Problem;
import verticles.platform.http.Operations;

import verticles.platform.http.Replies;
import verticles.platform.http.RequestBodies;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@code /v1/orders}: checks each request against the domain rules, then asks the order state
 * machine (wherever it runs in the cluster) over the event bus. Nothing reaches the state
 * machine that failed a rule, so a refused request has changed nothing.
 */
public final class OrderRoutes {

    private static final int DEFAULT_PAGE = 20;

    private final Vertx vertx;

    public OrderRoutes(Vertx vertx) {
        this.vertx = vertx;
    }

    public void mount(Operations operations) {
        operations.serve("placeOrder", this::create);
        operations.serve("listOrders", this::list);
        operations.serve("getOrder", withOrderId(this::read));
        operations.serve("changeOrderStatus", withOrderId(this::changeStatus));
        operations.serve("cancelOrder", withOrderId(this::cancel));
    }

    private static Handler<RoutingContext> withOrderId(BiConsumer<RoutingContext, String> handle) {
        return Replies.withPathId("ord", "order", handle);
    }

    private void create(RoutingContext rc) {
        NewOrder order = NewOrder.read(RequestBodies.jsonObject(rc));
        Replies.create(vertx, rc, OrderAddresses.ORDERS_PLACE,
            new JsonObject().put("tenantId", tenant(rc)).put("order", toJson(order)), "/v1/orders");
    }

    private void read(RoutingContext rc, String id) {
        ask(rc, OrderAddresses.ORDERS_GET, new JsonObject().put("tenantId", tenant(rc)).put("orderId", id));
    }

    private void changeStatus(RoutingContext rc, String id) {
        Map<String, Object> body = RequestBodies.jsonObject(rc);
        String name = (String) body.get("status");
        ask(rc, OrderAddresses.ORDERS_TRANSITION, new JsonObject()
            .put("tenantId", tenant(rc)).put("orderId", id).put("status", name).put("cause", "api"));
    }

    /**
     * Cancels a CONFIRMED or PREPARING order (409 elsewhere); its stock reservation is released
     * by the inventory saga when the CANCELLED event reaches it.
     */
    private void cancel(RoutingContext rc, String id) {
        if (rc.body() != null && rc.body().length() > 0) {
            Problem.send(rc, 400, "Bad Request", "a cancellation takes no body");
            return;
        }
        ask(rc, OrderAddresses.ORDERS_TRANSITION, new JsonObject().put("tenantId", tenant(rc)).put("orderId", id)
            .put("status", OrderStatus.CANCELLED.name()).put("cause", "cancel"));
    }

    private void list(RoutingContext rc) {
        String status = rc.queryParams().get("status");
        String cursor = rc.queryParams().get("cursor");
        String limitText = rc.queryParams().get("limit");
        // The contract checked all three: a known status, an order id, a whole number from 1 to 100.
        int limit = limitText == null ? DEFAULT_PAGE : Integer.parseInt(limitText);
        ask(rc, OrderAddresses.ORDERS_LIST, new JsonObject().put("tenantId", tenant(rc))
            .put("status", status).put("cursor", cursor).put("limit", limit));
    }

    private void ask(RoutingContext rc, String address, JsonObject message) {
        Replies.ask(vertx, rc, address, message);
    }

    private static String tenant(RoutingContext rc) {
        return Replies.tenant(rc);
    }

    private static JsonObject toJson(NewOrder order) {
        JsonObject customer = new JsonObject().put("name", order.customer().name());
        if (order.customer().email() != null) {
            customer.put("email", order.customer().email());
        }
        if (order.customer().phone() != null) {
            customer.put("phone", order.customer().phone());
        }
        JsonArray items = new JsonArray();
        order.items().forEach(i -> items.add(new JsonObject().put("sku", i.sku()).put("quantity", i.quantity())));
        JsonObject destination = new JsonObject()
            .put("lat", order.destination().lat())
            .put("lon", order.destination().lon());
        if (order.destination().address() != null) {
            destination.put("address", order.destination().address());
        }
        return new JsonObject().put("customer", customer).put("items", items).put("destination", destination);
    }
}
