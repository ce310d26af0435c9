package verticles.devices;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import verticles.platform.CommandFailure;
import verticles.platform.http.Problem;
import verticles.platform.http.Operations;
import verticles.platform.http.Replies;
import verticles.platform.http.RequestBodies;
import verticles.shipments.ShipmentAddresses;

import java.util.Map;

/**
 * {@code /v1/devices}: a tenant registers the GPS devices and phone apps its couriers carry, by
 * the identifier each sends over the OsmAnd protocol, and assigns each to the shipment it
 * carries; the device's fixes then go to that shipment.
 */
public final class DeviceRoutes {

    private final Vertx vertx;

    public DeviceRoutes(Vertx vertx) {
        this.vertx = vertx;
    }

    public void mount(Operations operations) {
        operations.serve("registerDevice", this::create);
        operations.serve("getDevice", Replies.withPathId("dev", "device", (rc, id) ->
            Replies.ask(vertx, rc, DeviceAddresses.DEVICES_GET, new JsonObject().put("tenantId", Replies.tenant(rc))
                .put("deviceId", id))));
        operations.serve("assignDevice", Replies.withPathId("dev", "device", this::assign));
    }

    private void create(RoutingContext rc) {
        Map<String, Object> body = RequestBodies.jsonObject(rc);
        ask(DeviceAddresses.DEVICES_CREATE, new JsonObject().put("tenantId", Replies.tenant(rc))
                .put("identifier", body.get("identifier")).put("name", body.get("name")))
            .onSuccess(device -> {
                rc.response().putHeader("Location", "/v1/devices/" + device.getString("id"));
                Replies.json(rc, 201, device);
            })
            .onFailure(e -> Problem.fromFailure(rc, e));
    }

    /** The shipment must be the tenant's; null unassigns the device, whose fixes are then refused. */
    private void assign(RoutingContext rc, String deviceId) {
        String tenantId = Replies.tenant(rc);
        Object shipmentId = RequestBodies.jsonObject(rc).get("shipmentId");
        Future<Void> owned = shipmentId == null ? Future.succeededFuture()
            : ask(ShipmentAddresses.SHIPMENTS_OWNER, new JsonObject().put("shipmentId", shipmentId))
                .compose(owner -> tenantId.equals(owner.getString("tenantId")) ? Future.<Void>succeededFuture()
                    // Another tenant's shipment answers exactly like a missing one.
                    : CommandFailure.fail(404, "no shipment " + shipmentId));
        owned.compose(v -> ask(DeviceAddresses.DEVICES_ASSIGN, new JsonObject().put("tenantId", tenantId)
                .put("deviceId", deviceId).put("shipmentId", shipmentId)))
            .onSuccess(device -> Replies.json(rc, 200, device))
            .onFailure(e -> Problem.fromFailure(rc, e));
    }

    private Future<JsonObject> ask(String address, JsonObject message) {
        return vertx.eventBus().<JsonObject>request(address, message, Replies.COMMAND).map(reply -> reply.body());
    }
}
