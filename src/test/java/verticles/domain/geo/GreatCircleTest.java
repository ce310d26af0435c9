package verticles.domain.geo;

import org.junit.jupiter.api.Test;
import verticles.domain.geo.GreatCircle.Point;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GreatCircleTest {

    private static final Point PARIS = new Point(48.8566, 2.3522);
    private static final Point LONDON = new Point(51.5074, -0.1278);

    @Test
    void aQuarterMeridianIsAQuarterOfTheCircumference() {
        assertEquals(Math.PI * GreatCircle.EARTH_RADIUS_METERS / 2, GreatCircle.meters(new Point(0, 0), new Point(90, 0)),
            1e-6);
    }

    @Test
    void parisToLondonIsAbout344Km() {
        assertEquals(343_560, GreatCircle.meters(PARIS, LONDON), 500);
        assertEquals(GreatCircle.meters(PARIS, LONDON), GreatCircle.meters(LONDON, PARIS), 1e-6);
    }

    @Test
    void aPointIsNoDistanceFromItself() {
        assertEquals(0, GreatCircle.meters(PARIS, PARIS), 1e-9);
    }

    @Test
    void bearingsAreCompassDegrees() {
        assertEquals(0, GreatCircle.bearing(new Point(0, 0), new Point(1, 0)), 1e-9);
        assertEquals(90, GreatCircle.bearing(new Point(0, 0), new Point(0, 1)), 1e-9);
        assertEquals(180, GreatCircle.bearing(new Point(1, 0), new Point(0, 0)), 1e-9);
        assertEquals(270, GreatCircle.bearing(new Point(0, 1), new Point(0, 0)), 1e-9);
        // London lies north-west of Paris.
        assertEquals(330, GreatCircle.bearing(PARIS, LONDON), 5);
    }

    @Test
    void pointsAlongTheWayDivideTheDistance() {
        Point half = GreatCircle.along(PARIS, LONDON, 0.5);
        double whole = GreatCircle.meters(PARIS, LONDON);
        assertEquals(whole / 2, GreatCircle.meters(PARIS, half), 1);
        assertEquals(whole / 2, GreatCircle.meters(half, LONDON), 1);
        Point tenth = GreatCircle.along(PARIS, LONDON, 0.1);
        assertEquals(whole / 10, GreatCircle.meters(PARIS, tenth), 1);
        assertEquals(0, GreatCircle.meters(PARIS, GreatCircle.along(PARIS, LONDON, 0)), 1e-6);
        assertEquals(0, GreatCircle.meters(LONDON, GreatCircle.along(PARIS, LONDON, 1)), 1e-6);
        assertEquals(new Point(0, 5).lon(), GreatCircle.along(new Point(0, 0), new Point(0, 10), 0.5).lon(), 1e-9);
    }
}
