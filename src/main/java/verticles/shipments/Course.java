package verticles.shipments;

import verticles.domain.geo.GreatCircle.Point;
import verticles.domain.shipment.Motion;

import java.time.Instant;

/**
 * What the tracking consumer remembers of one shipment between batches: where it is going (read
 * once, it never changes), the courier's recent motion, and whether its arrival is recorded. It
 * is memory only: after a restart or a rebalance the destination is read again, the speed is
 * learnt again from the next fixes, and an arrival is recorded again, which changes nothing.
 */
final class Course {

    /** The destination (null: none given, so no ETA) and the order the shipment delivers (null: standalone). */
    record Target(Point destination, String orderId) {
    }

    final Target target;
    private Motion motion;
    private boolean arrivalRecorded;

    Course(Target target) {
        this.target = target;
    }

    /** Moves the recent motion on by one fix; older fixes change nothing. */
    void observe(Point at, Instant recordedAt, Double deviceSpeed) {
        motion = motion == null ? Motion.first(at, recordedAt, deviceSpeed) : motion.next(at, recordedAt, deviceSpeed);
    }

    /** The smoothed recent speed in m/s, or null before it is known. */
    Double speed() {
        return motion == null ? null : motion.speed();
    }

    boolean arrivalRecorded() {
        return arrivalRecorded;
    }

    void arrivalRecorded(boolean recorded) {
        arrivalRecorded = recorded;
    }
}
