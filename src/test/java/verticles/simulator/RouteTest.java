package verticles.simulator;

import org.junit.jupiter.api.Test;
import verticles.domain.geo.GreatCircle;
import verticles.simulator.Cities.City;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTest {

    private static City city(String name) {
        return Cities.ALL.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aRouteRunsFromItsOriginThroughItsHubToItsDestination() {
        Route route = Route.between(city("Amsterdam"), city("Frankfurt"));
        assertEquals(0, GreatCircle.meters(route.at(0), city("Amsterdam").point()), 1);
        assertEquals(0, GreatCircle.meters(route.at(route.hubAt()), route.hub.point()), 1);
        assertEquals(0, GreatCircle.meters(route.at(route.meters()), city("Frankfurt").point()), 1);
        assertEquals(0, GreatCircle.meters(route.at(route.meters() + 5000), city("Frankfurt").point()), 1,
            "driving past the end stays at the destination");
        double direct = GreatCircle.meters(city("Amsterdam").point(), city("Frankfurt").point());
        assertTrue(route.meters() >= direct - 1 && route.meters() <= direct * 1.2, "the hub is on the way");
    }

    @Test
    void theHeadingPointsAlongTheRoute() {
        Route route = Route.between(city("Munich"), city("Berlin"));
        double heading = route.headingAt(route.meters() * 0.75);
        assertTrue(heading < 45 || heading > 315, "Munich to Berlin is northwards, not " + heading);
    }

    @Test
    void everyCityHasSomewhereToGoAndEveryRandomTripIsInRange() {
        for (City from : Cities.ALL) {
            assertTrue(Cities.ALL.stream().anyMatch(to -> Cities.inRange(from, to)), from.name() + " has no trip");
        }
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            City[] trip = Cities.randomTrip(random);
            assertNotEquals(trip[0], trip[1]);
            double meters = GreatCircle.meters(trip[0].point(), trip[1].point());
            assertTrue(meters >= Cities.MIN_TRIP_METERS && meters <= Cities.MAX_TRIP_METERS, trip[0] + " → " + trip[1]);
            Route route = Route.between(trip[0], trip[1]);
            assertTrue(route.meters() <= meters * 1.2 + 1, "no detour over a fifth: " + trip[0] + " → " + trip[1]);
            assertTrue(route.hub.name().length() <= 96, "a facility name fits the API's 100 characters");
        }
    }
}
