package verticles.shipments;

import verticles.platform.events.CloudEvent;
import io.vertx.core.json.JsonObject;
import verticles.domain.shipment.EtaHistory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The shipment events on Kafka, written by the HTTP edge and read by the tracking consumer:
 * the contract between them. An event's id is derived from the shipment and the device time,
 * so a client's retry of the same update carries the same id.
 */
public final class ShipmentEvents {

    public static final String SOURCE = "/meridian/shipments";
    public static final String LOCATION_RECORDED = "shipment.location-recorded";
    public static final String CHECKPOINT_RECORDED = "shipment.checkpoint-recorded";
    /** On {@link ShipmentTopics#SHIPMENT_EVENTS}, through the outbox: the announced arrival time moved. */
    public static final String ETA_REVISED = "shipment.eta-revised";

    private ShipmentEvents() {
    }

    /** {@code data}: shipmentId, lat, lon, recordedAt, speed, heading, accuracy, courierId, receivedAt. */
    public static JsonObject locationRecorded(String tenantId, JsonObject fix, Instant receivedAt) {
        JsonObject data = fix.copy().put("receivedAt", receivedAt.toString());
        String shipmentId = data.getString("shipmentId");
        return CloudEvent.create(shipmentId + ".loc." + micros(data.getString("recordedAt")), SOURCE,
            LOCATION_RECORDED, shipmentId, tenantId, receivedAt, data);
    }

    /** {@code data}: shipmentId, facility, type, at, receivedAt. */
    public static JsonObject checkpointRecorded(String tenantId, JsonObject scan, Instant receivedAt) {
        JsonObject data = scan.copy().put("receivedAt", receivedAt.toString());
        String shipmentId = data.getString("shipmentId");
        return CloudEvent.create(shipmentId + ".cp." + micros(data.getString("at")) + "." + data.getString("type"),
            SOURCE, CHECKPOINT_RECORDED, shipmentId, tenantId, receivedAt, data);
    }

    /**
     * {@code data}: shipmentId, orderId (null for a standalone shipment), arrivesAt (the time now
     * announced), previousArrivesAt, originalArrivesAt, revisedAt, remainingMeters. The id names the
     * shipment and the revision's time, so the same revision announced twice is one event.
     */
    public static JsonObject etaRevised(String tenantId, String shipmentId, String orderId, EtaHistory eta,
                                        double remainingMeters, Instant revisedAt) {
        JsonObject data = new JsonObject()
            .put("shipmentId", shipmentId)
            .put("orderId", orderId)
            .put("arrivesAt", eta.announced().toString())
            .put("previousArrivesAt", eta.previous().toString())
            .put("originalArrivesAt", eta.original().toString())
            .put("revisedAt", eta.revisedAt().toString())
            .put("remainingMeters", remainingMeters);
        return CloudEvent.create(shipmentId + ".eta." + micros(eta.revisedAt().toString()), SOURCE, ETA_REVISED,
            shipmentId, tenantId, revisedAt, data);
    }

    private static long micros(String iso) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(iso));
    }
}
