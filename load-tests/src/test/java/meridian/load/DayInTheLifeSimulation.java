package meridian.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.sse;

/**
 * A mixed "day in the life" at {@code -Dscale=N} (1 by default), all at once for {@code
 * duration} seconds, per unit of scale: couriers posting 40 positions a second, devices uploading
 * 2 batches of 100 a second, customers making 40 position reads and 4 track reads a second,
 * merchants placing 4 orders a second (each read back), and 10 dashboards watching the tenant's
 * live feed. Scale it up until an assertion fails to find a deployment's capacity.
 */
public class DayInTheLifeSimulation extends Simulation {

    private final Shipments shipments = Shipments.create();
    private final double scale = Double.parseDouble(LoadSettings.setting("scale", "1", "0.25"));

    private final ScenarioBuilder dashboards = scenario("dashboards watch the tenant feed")
        .exec(sse("feed").get("/v1/events")
            .await(30).on(sse.checkMessage("snapshot").matching(jsonPath("$.event").is("snapshot"))))
        .exec(pause(LoadSettings.durationSeconds()))
        .exec(sse("close feed").close());

    {
        int seconds = LoadSettings.durationSeconds();
        setUp(
            Scenarios.singleUpdates(shipments).injectOpen(constantUsersPerSec(40 * scale).during(seconds)),
            Scenarios.batches(shipments, 100).injectOpen(constantUsersPerSec(2 * scale).during(seconds)),
            Scenarios.reads(shipments, false).injectOpen(constantUsersPerSec(40 * scale).during(seconds)),
            Scenarios.reads(shipments, true).injectOpen(constantUsersPerSec(4 * scale).during(seconds)),
            Scenarios.placeAndRead().injectOpen(constantUsersPerSec(4 * scale).during(seconds)),
            dashboards.injectOpen(rampUsers((int) Math.max(1, Math.round(10 * scale))).during(1)))
            .protocols(LoadSettings.protocol())
            .assertions(LoadSettings.assertions());
    }
}
