package verticles.shipments;

import verticles.domain.geo.GreatCircle;
import verticles.domain.geo.GreatCircle.Point;
import verticles.domain.shipment.EtaHistory;
import verticles.domain.shipment.Geofence;
import verticles.domain.shipment.Motion;

import java.time.Duration;
import java.time.Instant;

/**
 * What the tracking consumer remembers of one shipment between batches: where it is going and
 * what it was told before (read once from PostgreSQL: the recorded arrival and the ETA history),
 * the courier's recent motion, where it stands with the destination's geofence, and whether its
 * arrival is recorded. After a restart or a rebalance the speed is learnt again from the next
 * fixes; an arrival or an ETA already stored is read back, so neither is raised twice.
 */
final class Course {

    /**
     * The destination (null: none given, so no ETA), the order the shipment delivers (null:
     * standalone), when it arrived (null: not yet) and the ETAs announced so far.
     */
    record Target(Point destination, String orderId, Instant arrivedAt, EtaHistory eta) {

        Target(Point destination, String orderId) {
            this(destination, orderId, null, EtaHistory.NONE);
        }
    }

    /**
     * The rules every course follows: the geofence, when a fix is stale, what moves an announced
     * ETA, and for how long (device time) it must keep moving it before it is revised.
     */
    record Rules(Geofence geofence, Duration staleAfter, Duration revisionThreshold, Duration revisionConfirm) {
    }

    final Target target;
    private Motion motion;
    private Geofence.Standing standing;
    private EtaHistory eta;
    private boolean arrivalRecorded;
    /** The device time since which fresh estimates would revise the announced ETA (null: they would not). */
    private Instant deviatingSince;

    Course(Target target) {
        this.target = target;
        this.standing = target.arrivedAt() == null ? Geofence.Standing.UNKNOWN : Geofence.Standing.arrived(target.arrivedAt());
        this.eta = target.eta();
        this.arrivalRecorded = target.arrivedAt() != null;
    }

    /** Moves the recent motion and the geofence standing on by one fix; older fixes change neither. */
    void observe(Point at, Instant recordedAt, Double deviceSpeed, Geofence geofence) {
        motion = motion == null ? Motion.first(at, recordedAt, deviceSpeed) : motion.next(at, recordedAt, deviceSpeed);
        if (target.destination() != null) {
            standing = geofence.next(standing, GreatCircle.meters(at, target.destination()), recordedAt);
        }
    }

    /** The smoothed recent speed in m/s, or null before it is known. */
    Double speed() {
        return motion == null ? null : motion.speed();
    }

    /** True when a fix recorded at {@code recordedAt} is older than the newest this course has seen. */
    boolean isLate(Instant recordedAt) {
        return motion != null && recordedAt.isBefore(motion.recordedAt());
    }

    /** When the courier arrived by the geofence's rules, while the arrival is not recorded yet; else null. */
    Instant arrivalDue() {
        return arrivalRecorded ? null : standing.arrivedAt();
    }

    /**
     * Whether a revision the estimate at {@code recordedAt} calls for is confirmed: the estimates
     * have called for one since at least {@code confirm} before it. The first call starts the wait.
     */
    boolean revisionConfirmed(Instant recordedAt, Duration confirm) {
        if (deviatingSince == null) {
            deviatingSince = recordedAt;
        }
        return Duration.between(deviatingSince, recordedAt).compareTo(confirm) >= 0;
    }

    /** The estimates no longer call for a revision (or one was made): a later one waits afresh. */
    void noRevisionPending() {
        deviatingSince = null;
    }

    /** True once the courier arrived by the geofence's rules: an ETA is then moot, and no longer revised. */
    boolean hasArrived() {
        return arrivalRecorded || standing.arrivedAt() != null;
    }

    EtaHistory eta() {
        return eta;
    }

    void eta(EtaHistory history) {
        eta = history;
    }

    void arrivalRecorded(boolean recorded) {
        arrivalRecorded = recorded;
    }
}
