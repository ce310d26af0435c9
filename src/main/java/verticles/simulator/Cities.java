package verticles.simulator;

import verticles.domain.geo.GreatCircle;
import verticles.domain.geo.GreatCircle.Point;

import java.util.List;
import java.util.Random;

/**
 * Real cities (city-centre coordinates, rounded to 0.01°, about a kilometre) that the simulated
 * couriers drive between: western and central Europe, where many lie a few hundred kilometres
 * apart, like a parcel network's day of line hauls.
 */
final class Cities {

    record City(String name, double lat, double lon) {
        Point point() {
            return new Point(lat, lon);
        }
    }

    static final List<City> ALL = List.of(
        new City("Amsterdam", 52.37, 4.90), new City("Rotterdam", 51.92, 4.48), new City("Brussels", 50.85, 4.35),
        new City("Antwerp", 51.22, 4.40), new City("Lille", 50.63, 3.06), new City("Paris", 48.86, 2.35),
        new City("Reims", 49.26, 4.03), new City("Luxembourg", 49.61, 6.13), new City("Strasbourg", 48.57, 7.75),
        new City("Cologne", 50.94, 6.96), new City("Düsseldorf", 51.23, 6.77), new City("Dortmund", 51.51, 7.47),
        new City("Frankfurt", 50.11, 8.68), new City("Stuttgart", 48.78, 9.18), new City("Munich", 48.14, 11.58),
        new City("Nuremberg", 49.45, 11.08), new City("Leipzig", 51.34, 12.37), new City("Berlin", 52.52, 13.40),
        new City("Hamburg", 53.55, 9.99), new City("Bremen", 53.08, 8.80), new City("Hanover", 52.38, 9.73),
        new City("Dresden", 51.05, 13.74), new City("Prague", 50.08, 14.44), new City("Vienna", 48.21, 16.37),
        new City("Zurich", 47.37, 8.54), new City("Basel", 47.56, 7.59), new City("Geneva", 46.20, 6.14),
        new City("Lyon", 45.76, 4.84), new City("Milan", 45.46, 9.19), new City("Turin", 45.07, 7.69),
        new City("Copenhagen", 55.68, 12.57), new City("Poznań", 52.41, 16.93), new City("London", 51.51, -0.13),
        new City("Birmingham", 52.49, -1.89), new City("Manchester", 53.48, -2.24));

    /** Trips are between cities at least this far apart... */
    static final double MIN_TRIP_METERS = 60_000;
    /** ...and at most this far: a day's line haul, not a flight. */
    static final double MAX_TRIP_METERS = 450_000;

    private Cities() {
    }

    /** A random origin and a destination within trip range of it; every city has at least one. */
    static City[] randomTrip(Random random) {
        while (true) {
            City from = ALL.get(random.nextInt(ALL.size()));
            List<City> reachable = ALL.stream().filter(to -> inRange(from, to)).toList();
            if (!reachable.isEmpty()) {
                return new City[] {from, reachable.get(random.nextInt(reachable.size()))};
            }
        }
    }

    /** The city nearest the given point other than the two ends of a trip: where its hub is. */
    static City hubNear(Point point, City from, City to) {
        City best = null;
        double bestMeters = Double.MAX_VALUE;
        for (City city : ALL) {
            double meters = GreatCircle.meters(point, city.point());
            if (city != from && city != to && meters < bestMeters) {
                best = city;
                bestMeters = meters;
            }
        }
        return best;
    }

    static boolean inRange(City from, City to) {
        double meters = GreatCircle.meters(from.point(), to.point());
        return meters >= MIN_TRIP_METERS && meters <= MAX_TRIP_METERS;
    }
}
