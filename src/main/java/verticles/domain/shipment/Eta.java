package verticles.domain.shipment;

import verticles.domain.geo.GreatCircle;
import verticles.domain.geo.GreatCircle.Point;

import java.time.Duration;
import java.time.Instant;

/**
 * An estimated arrival: the great-circle distance left to the destination, the recent speed it
 * assumes, and when that speed would bring the courier there. A courier standing still (slower
 * than {@link #MOVING}) or of unknown speed has no arrival time, only a distance.
 * {@code arriving} says the courier is inside the destination's geofence.
 */
public record Eta(double remainingMeters, Double speed, Instant arrivesAt, boolean arriving) {

    /** Below this speed (m/s, a slow walk) a courier counts as stopped. */
    static final double MOVING = 0.5;

    /**
     * The estimate from a fix at {@code position}, taken at {@code recordedAt}, with the
     * courier's recent {@code speed} (m/s, null when unknown), for a destination with a geofence
     * of {@code arrivalRadiusMeters}.
     */
    public static Eta estimate(Point position, Instant recordedAt, Double speed, Point destination,
                               double arrivalRadiusMeters) {
        double remaining = GreatCircle.meters(position, destination);
        Instant arrivesAt = speed == null || speed < MOVING ? null
            : recordedAt.plus(Duration.ofMillis(Math.round(remaining / speed * 1000)));
        return new Eta(Math.round(remaining * 10) / 10.0, speed == null ? null : Math.round(speed * 100) / 100.0,
            arrivesAt, remaining <= arrivalRadiusMeters);
    }
}
