package verticles.orders;

import io.vertx.core.json.JsonObject;
import verticles.domain.Ids;
import verticles.domain.order.OrderLifecycle;
import verticles.domain.order.OrderStatus;
import verticles.platform.events.CloudEvent;
import verticles.platform.trace.CorrelationId;

import java.time.Instant;
import java.util.Optional;

/**
 * A status change decided in memory against the order as its transaction locked it: either
 * refused (404 or 409, with the reason) or the change to write, with the order's next document
 * and the event announcing it. The same rule serves one change and a saga's batch of them.
 */
sealed interface StatusChange {

    /** What was asked: move {@code orderId} of {@code tenantId} to {@code target} for {@code cause}. */
    record Request(String tenantId, String orderId, OrderStatus target, String cause, Integer expectedVersion,
                   String correlationId) {
        /** From an {@code orders.transition} command, or one change of {@code orders.transition-all}. */
        static Request of(JsonObject command) {
            return new Request(command.getString("tenantId"), command.getString("orderId"),
                OrderStatus.valueOf(command.getString("status")), command.getString("cause", "api"),
                command.getInteger("expectedVersion"), command.getString(CorrelationId.FIELD));
        }
    }

    record Refused(int status, String reason) implements StatusChange {
    }

    /** The change to write: the order's new status and version, its document after, and its event. */
    record Change(String tenantId, String orderId, String status, int version, String cause, Instant at,
                  String shipmentId, JsonObject document, JsonObject event) implements StatusChange {
    }

    /** {@code current} is the order as locked, with its history, or null when there is none. */
    static StatusChange decide(Request request, JsonObject current, Instant now) {
        String orderId = request.orderId();
        if (current == null) {
            return new Refused(404, "no order " + orderId);
        }
        OrderStatus from = OrderStatus.valueOf(current.getString("status"));
        int version = current.getInteger("version");
        if (request.expectedVersion() != null && request.expectedVersion() != version) {
            return new Refused(409, "order " + orderId + " is at version " + version + ", not " + request.expectedVersion());
        }
        Optional<String> refusal = OrderLifecycle.checkCause(request.target(), request.cause())
            .or(() -> OrderLifecycle.check(from, request.target()));
        if (refusal.isPresent()) {
            return new Refused(409, refusal.get());
        }
        int next = version + 1;
        String status = request.target().name();
        // Confirmation is when an order gets the shipment that will deliver it.
        String shipmentId = request.target() == OrderStatus.CONFIRMED ? Ids.shipmentIdForOrder(orderId)
            : current.getString("shipmentId");
        JsonObject event = CloudEvent.correlated(
            OrderEvents.statusChanged(request.tenantId(), current, status, next, request.cause(), shipmentId, now),
            request.correlationId());
        JsonObject document = OrderDocument.moved(current, status, next, request.cause(), now).put("shipmentId", shipmentId);
        return new Change(request.tenantId(), orderId, status, next, request.cause(), now, shipmentId, document, event);
    }
}
