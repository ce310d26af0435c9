package meridian.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.util.Map;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Couriers' devices reporting positions, an open model. {@code -Dmode=single} (default): each
 * user posts one update ({@code POST /v1/shipments/{id}/locations}), so {@code rate} is updates
 * per second. {@code -Dmode=batch}: each user posts a batch of {@code batchSize} updates (default
 * 500) to {@code POST /v1/locations}, so updates per second are {@code rate × batchSize}. Every
 * answer must be 202: Kafka acknowledged the updates.
 */
public class IngestSimulation extends Simulation {

    private final Shipments shipments = Shipments.create();
    private final boolean batch = "batch".equals(System.getProperty("mode", "single"));
    private final int batchSize = Integer.parseInt(System.getProperty("batchSize", "500"));

    private final HttpProtocolBuilder protocol = LoadSettings.protocol();

    private final ScenarioBuilder single = scenario("one location update")
        .feed(Stream.generate(() -> Map.<String, Object>of("shipmentId", shipments.any())).iterator())
        .exec(http("POST /v1/shipments/{id}/locations").post("/v1/shipments/#{shipmentId}/locations")
            .body(StringBody(session -> shipments.update()))
            .check(status().is(202)));

    private final ScenarioBuilder batches = scenario("a batch of location updates")
        .exec(http("POST /v1/locations").post("/v1/locations")
            .body(StringBody(session -> shipments.batch(batchSize)))
            .check(status().is(202)));

    {
        setUp(LoadSettings.openLoad(batch ? batches : single)).protocols(protocol).assertions(LoadSettings.assertions());
    }
}
