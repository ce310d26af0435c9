package verticles.simulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One courier's trip: its route, how far it has driven, and the order and shipment it carries. */
final class Trip {

    final String courierId;
    final Route route;
    double driven;
    String orderId;
    String shipmentId;
    private Instant lastDeviceTime = Instant.EPOCH;

    Trip(String courierId, Route route) {
        this.courierId = courierId;
        this.route = route;
    }

    String label() {
        return orderId != null ? "order " + orderId : "shipment " + shipmentId;
    }

    /** The device clock: now, but always after the previous reading, so no two fixes or scans share a time. */
    Instant nextDeviceTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        lastDeviceTime = now.isAfter(lastDeviceTime) ? now : lastDeviceTime.plusMillis(1);
        return lastDeviceTime;
    }
}
