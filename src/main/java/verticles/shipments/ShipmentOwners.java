package verticles.shipments;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import verticles.platform.cluster.ReadAsks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which tenant owns a shipment, asked of the shipments verticle once and then remembered: a
 * shipment never changes owner, so a remembered answer can never be wrong. The memory is a
 * bounded LRU per API instance (each instance runs on its own event loop, so no locking);
 * unknown ids are not remembered, so a shipment created a moment ago is found on the next try.
 */
final class ShipmentOwners {

    private static final int CAPACITY = 200_000;
    private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(5_000);

    private final Vertx vertx;
    private final Map<String, String> owners = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CAPACITY;
        }
    };

    ShipmentOwners(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The owner's tenant id, or null when no such shipment exists. */
    Future<String> ownerOf(String shipmentId) {
        String known = owners.get(shipmentId);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return ReadAsks.on(vertx).<JsonObject>request(ShipmentAddresses.SHIPMENTS_OWNER,
                new JsonObject().put("shipmentId", shipmentId), ASK)
            .map(reply -> {
                String tenant = reply.body().getString("tenantId");
                owners.put(shipmentId, tenant);
                return tenant;
            })
            .recover(e -> e instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
                && r.failureCode() == 404 ? Future.succeededFuture(null) : Future.failedFuture(e));
    }
}
