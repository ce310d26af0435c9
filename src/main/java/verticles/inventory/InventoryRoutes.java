package verticles.inventory;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import verticles.domain.inventory.Stock;
import verticles.platform.http.Problem;
import verticles.platform.http.Operations;

import verticles.platform.http.Replies;
import verticles.platform.http.RequestBodies;
import java.util.function.BiConsumer;

/** {@code /v1/inventory/{sku}}: a tenant's stock level of one SKU, read and set. */
public final class InventoryRoutes {

    private final Vertx vertx;

    public InventoryRoutes(Vertx vertx) {
        this.vertx = vertx;
    }

    public void mount(Operations operations) {
        operations.serve("getStock", withSku(this::read));
        operations.serve("setStock", withSku(this::set));
    }

    private void read(RoutingContext rc, String sku) {
        Replies.ask(vertx, rc, InventoryAddresses.INVENTORY_GET, new JsonObject().put("tenantId", Replies.tenant(rc))
            .put("sku", sku));
    }

    /** {@code {"available": n}} sets how many units can still be promised to new orders. */
    private void set(RoutingContext rc, String sku) {
        int available = Stock.readLevel(RequestBodies.jsonObject(rc));
        Replies.ask(vertx, rc, InventoryAddresses.INVENTORY_SET, new JsonObject().put("tenantId", Replies.tenant(rc))
            .put("sku", sku).put("available", available));
    }

    /** SKUs in paths are plain tokens; anything else is answered 400 before the route runs. */
    private static Handler<RoutingContext> withSku(BiConsumer<RoutingContext, String> handle) {
        return rc -> {
            String sku = rc.pathParam("sku");
            if (Stock.isSku(sku)) {
                handle.accept(rc, sku);
            } else {
                Problem.send(rc, 400, "Bad Request", "a SKU is 1 to 64 letters, digits, dots, dashes or underscores");
            }
        };
    }
}
