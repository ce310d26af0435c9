package verticles.domain.shipment;

import org.junit.jupiter.api.Test;
import verticles.domain.geo.GreatCircle.Point;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class MotionTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final double METERS_PER_DEGREE_LAT = 111_195.08;

    private static Point north(double meters) {
        return new Point(meters / METERS_PER_DEGREE_LAT, 0);
    }

    @Test
    void withoutADeviceSpeedTheSpeedIsDistanceOverTime() {
        Motion first = Motion.first(north(0), T0, null);
        assertNull(first.speed());
        Motion second = first.next(north(100), T0.plusSeconds(10), null);
        assertEquals(10.0, second.speed(), 0.01);
    }

    @Test
    void laterSpeedsAreSmoothedNotTakenWhole() {
        Motion cruising = Motion.first(north(0), T0, 10.0);
        Motion stopped = cruising.next(north(0), T0.plusSeconds(5), 0.0);
        assertEquals(10.0 * (1 - Motion.WEIGHT), stopped.speed(), 1e-9);
        Motion jump = cruising.next(north(10_000), T0.plusSeconds(5), null);
        assertEquals(Motion.WEIGHT * 2000 + (1 - Motion.WEIGHT) * 10, jump.speed(), 1);
    }

    @Test
    void anOlderFixChangesNothing() {
        Motion motion = Motion.first(north(0), T0, 10.0);
        assertSame(motion, motion.next(north(50), T0.minusSeconds(1), 3.0));
        assertSame(motion, motion.next(north(50), T0, 3.0));
    }

    @Test
    void afterALongSilenceTheOldSpeedIsForgotten() {
        Motion motion = Motion.first(north(0), T0, 30.0);
        Motion later = motion.next(north(10), T0.plus(Motion.FORGET_AFTER).plusSeconds(1), null);
        assertNull(later.speed());
        assertEquals(north(10), later.at());
    }
}
