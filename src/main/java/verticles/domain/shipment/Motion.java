package verticles.domain.shipment;

import verticles.domain.geo.GreatCircle;
import verticles.domain.geo.GreatCircle.Point;

import java.time.Duration;
import java.time.Instant;

/**
 * A courier's recent motion: the last fix it is based on and a smoothed ground speed. Each new
 * fix blends in the speed it shows (the device's own reading when it sends one, else the distance
 * from the previous fix over the time between) with weight {@link #WEIGHT}, so one fix at a
 * traffic light neither stops the estimate nor does a GPS jump send it flying. A fix older than
 * the last one changes nothing; after a long silence the old speed is forgotten.
 */
public record Motion(Point at, Instant recordedAt, Double speed) {

    /** How much the newest observed speed counts against the smoothed one. */
    static final double WEIGHT = 0.3;

    /** Beyond this gap between fixes the previous speed says nothing about the present one. */
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    /** The motion known from a first fix alone: only the device's speed, if it sent one. */
    public static Motion first(Point at, Instant recordedAt, Double deviceSpeed) {
        return new Motion(at, recordedAt, deviceSpeed);
    }

    /** This motion moved on by one fix. */
    public Motion next(Point position, Instant fixAt, Double deviceSpeed) {
        if (!fixAt.isAfter(recordedAt)) {
            return this;
        }
        Duration gap = Duration.between(recordedAt, fixAt);
        if (gap.compareTo(FORGET_AFTER) > 0) {
            return first(position, fixAt, deviceSpeed);
        }
        double observed = deviceSpeed != null ? deviceSpeed
            : GreatCircle.meters(at, position) / (gap.toNanos() / 1e9);
        double smoothed = speed == null ? observed : WEIGHT * observed + (1 - WEIGHT) * speed;
        return new Motion(position, fixAt, smoothed);
    }
}
