package meridian.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.util.Map;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Customers and dashboards reading where a shipment is ({@code GET /v1/shipments/{id}}), an
 * open model of {@code rate} reads per second over {@code shipments} shipments that each have a
 * position. {@code -Dtrack=true} adds a track read ({@code GET …/track?limit=100}) per user.
 */
public class ReadSimulation extends Simulation {

    private final Shipments shipments = Shipments.create();
    private final boolean track = Boolean.getBoolean("track");

    private final HttpProtocolBuilder protocol = LoadSettings.protocol();

    private final ScenarioBuilder read = track
        ? scenario("latest position and track")
            .feed(Stream.generate(() -> Map.<String, Object>of("shipmentId", shipments.any())).iterator())
            .exec(http("GET /v1/shipments/{id}").get("/v1/shipments/#{shipmentId}")
                .check(status().is(200), jsonPath("$.position.lat").exists()))
            .exec(http("GET /v1/shipments/{id}/track").get("/v1/shipments/#{shipmentId}/track?limit=100")
                .check(status().is(200)))
        : scenario("latest position")
            .feed(Stream.generate(() -> Map.<String, Object>of("shipmentId", shipments.any())).iterator())
            .exec(http("GET /v1/shipments/{id}").get("/v1/shipments/#{shipmentId}")
                .check(status().is(200), jsonPath("$.position.lat").exists()));

    {
        setUp(LoadSettings.openLoad(read)).protocols(protocol).assertions(LoadSettings.assertions());
    }
}
