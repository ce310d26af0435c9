package verticles.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import verticles.domain.ValidationException;
import verticles.domain.inventory.Stock;
import verticles.inventory.InventoryAddresses;
import verticles.platform.http.Problem;

import java.util.Map;

/** {@code /v1/inventory/{sku}}: a tenant's stock level of one SKU, read and set. */
final class InventoryRoutes {

    private final Vertx vertx;

    InventoryRoutes(Vertx vertx) {
        this.vertx = vertx;
    }

    void mount(Router router) {
        router.get("/v1/inventory/:sku").handler(this::read);
        router.put("/v1/inventory/:sku").handler(this::set);
    }

    private void read(RoutingContext rc) {
        String sku = sku(rc);
        if (sku != null) {
            Replies.ask(vertx, rc, InventoryAddresses.INVENTORY_GET, new JsonObject().put("tenantId", Replies.tenant(rc))
                .put("sku", sku));
        }
    }

    /** {@code {"available": n}} sets how many units can still be promised to new orders. */
    private void set(RoutingContext rc) {
        Map<String, Object> body = RequestBodies.jsonObject(rc);
        if (body == null) {
            return;
        }
        String sku = sku(rc);
        if (sku == null) {
            return;
        }
        int available;
        try {
            available = Stock.parseLevel(body);
        } catch (ValidationException e) {
            Replies.invalid(rc, e);
            return;
        }
        Replies.ask(vertx, rc, InventoryAddresses.INVENTORY_SET, new JsonObject().put("tenantId", Replies.tenant(rc))
            .put("sku", sku).put("available", available));
    }

    private static String sku(RoutingContext rc) {
        String sku = rc.pathParam("sku");
        if (!Stock.isSku(sku)) {
            Problem.send(rc, 400, "Bad Request", "a SKU is 1 to 64 letters, digits, dots, dashes or underscores");
            return null;
        }
        return sku;
    }
}
