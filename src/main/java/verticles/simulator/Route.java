package verticles.simulator;

import verticles.domain.geo.GreatCircle;
import verticles.domain.geo.GreatCircle.Point;
import verticles.simulator.Cities.City;

/**
 * A courier's way from one city's warehouse to a destination in another, through a cross-dock
 * hub: origin → hub → destination, each leg on the great circle. A courier's progress is the
 * distance driven; the route answers where that puts it, which way it faces, and whether it has
 * reached the hub or the end.
 */
final class Route {

    final City origin;
    final City hub;
    final City destination;
    private final double firstLeg;
    private final double secondLeg;

    Route(City origin, City hub, City destination) {
        this.origin = origin;
        this.hub = hub;
        this.destination = destination;
        this.firstLeg = GreatCircle.meters(origin.point(), hub.point());
        this.secondLeg = GreatCircle.meters(hub.point(), destination.point());
    }

    /** A route between two cities, through the hub of the city nearest their midpoint when that is on the way. */
    static Route between(City origin, City destination) {
        Point midpoint = GreatCircle.along(origin.point(), destination.point(), 0.5);
        City hub = Cities.hubNear(midpoint, origin, destination);
        double direct = GreatCircle.meters(origin.point(), destination.point());
        Route viaHub = new Route(origin, hub, destination);
        // A hub that adds more than a fifth to the distance is not on the way: stop halfway instead.
        return viaHub.meters() <= direct * 1.2 ? viaHub
            : new Route(origin, new City(origin.name() + "–" + destination.name() + " relay", midpoint.lat(),
                midpoint.lon()), destination);
    }

    double meters() {
        return firstLeg + secondLeg;
    }

    /** Where the hub is along the route, in metres from the origin. */
    double hubAt() {
        return firstLeg;
    }

    /** The position after driving {@code driven} metres (clamped to the route). */
    Point at(double driven) {
        if (driven <= firstLeg) {
            return GreatCircle.along(origin.point(), hub.point(), firstLeg == 0 ? 1 : Math.max(0, driven) / firstLeg);
        }
        double onSecond = Math.min(driven - firstLeg, secondLeg);
        return GreatCircle.along(hub.point(), destination.point(), secondLeg == 0 ? 1 : onSecond / secondLeg);
    }

    /** The compass heading at {@code driven} metres: towards the hub on the first leg, the destination after. */
    double headingAt(double driven) {
        Point here = at(driven);
        Point towards = driven < firstLeg ? hub.point() : destination.point();
        return GreatCircle.meters(here, towards) < 1 ? GreatCircle.bearing(hub.point(), destination.point())
            : GreatCircle.bearing(here, towards);
    }
}
