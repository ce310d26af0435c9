package meridian.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * A flood of made-up API keys beside a tenant's normal traffic: {@code floodRate} requests a
 * second ({@code GET /v1/orders}, 2,000 by default) each with a fresh random key, which must be
 * answered {@code 401} or {@code 429} and nothing else; the tenant's position reads at {@code rate}
 * (as {@link ReadSimulation}); and readiness ({@code GET /health/ready}) five times a second,
 * which must stay {@code 200}. Run it with {@code -DfloodRate=0} for the same traffic without the
 * flood: the tenant's p99 in the two runs is the comparison.
 */
public class RandomKeysSimulation extends Simulation {

    private final Shipments shipments = Shipments.create();
    private final double floodRate = Double.parseDouble(LoadSettings.setting("floodRate", "2000", "50"));

    {
        ScenarioBuilder flood = scenario("random keys")
            .feed(Stream.generate(() -> Map.<String, Object>of("key", "mk_" + UUID.randomUUID())).iterator())
            .exec(http("GET /v1/orders with a random key").get("/v1/orders").header("Authorization", "Bearer #{key}")
                .check(status().in(401, 429)));
        ScenarioBuilder readiness = scenario("readiness")
            .exec(http("GET /health/ready").get("/health/ready").check(status().is(200)));
        int seconds = LoadSettings.rampSeconds() + LoadSettings.durationSeconds();
        var populations = new java.util.ArrayList<>(java.util.List.of(
            LoadSettings.openLoad(Scenarios.reads(shipments, false)),
            readiness.injectOpen(constantUsersPerSec(5).during(seconds))));
        if (floodRate > 0) {
            // Ramped like the reads: a flood that starts at full rate in the first millisecond measures
            // the driver's and the JIT's start as much as the node.
            populations.add(flood.injectOpen(
                io.gatling.javaapi.core.CoreDsl.rampUsersPerSec(1).to(floodRate).during(LoadSettings.rampSeconds()),
                constantUsersPerSec(floodRate).during(LoadSettings.durationSeconds())));
        }
        setUp(populations)
            .protocols(LoadSettings.protocol())
            .assertions(
                details("GET /health/ready").failedRequests().count().is(0L),
                details("GET /v1/shipments/{id}").failedRequests().percent().lte(LoadSettings.maxFailedPercent()),
                // p50 and p95 are bounded by the p99 limit too: asserted so Gatling prints them beside it.
                details("GET /v1/shipments/{id}").responseTime().percentile(50.0).lte(LoadSettings.maxP99Millis()),
                details("GET /v1/shipments/{id}").responseTime().percentile(95.0).lte(LoadSettings.maxP99Millis()),
                details("GET /v1/shipments/{id}").responseTime().percentile(99.0).lte(LoadSettings.maxP99Millis()));
    }
}
