package meridian.load;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.sse;

/**
 * A mixed "day in the life" at {@code -Dscale=N} (1 by default), all at once, ramped up over
 * {@code ramp} seconds and then held for {@code duration} seconds, per unit of scale: couriers posting 40 positions a second, devices uploading
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
        .exec(pause(LoadSettings.rampSeconds() + LoadSettings.durationSeconds()))
        .exec(sse("close feed").close());

    /** {@code rate} × scale users a second, reached over the ramp and then held for the duration. */
    private OpenInjectionStep[] perSecond(double rate) {
        double target = Math.max(0.1, rate * scale);
        return new OpenInjectionStep[] {
            rampUsersPerSec(Math.min(1, target)).to(target).during(LoadSettings.rampSeconds()),
            constantUsersPerSec(target).during(LoadSettings.durationSeconds())};
    }

    {
        setUp(
            Scenarios.singleUpdates(shipments).injectOpen(perSecond(40)),
            Scenarios.batches(shipments, 100).injectOpen(perSecond(2)),
            Scenarios.reads(shipments, false).injectOpen(perSecond(40)),
            Scenarios.reads(shipments, true).injectOpen(perSecond(4)),
            Scenarios.placeAndRead().injectOpen(perSecond(4)),
            dashboards.injectOpen(rampUsers((int) Math.max(1, Math.round(10 * scale))).during(1)))
            .protocols(LoadSettings.protocol())
            .assertions(LoadSettings.assertions());
    }
}
