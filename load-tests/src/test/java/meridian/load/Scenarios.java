package meridian.load;

import io.gatling.javaapi.core.ScenarioBuilder;

import java.util.Map;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/** The scenarios the simulations are made of, so a mixed workload runs exactly what each single one does. */
final class Scenarios {

    static final String ORDER = """
        {"customer": {"name": "Load Test"}, "items": [{"sku": "BOOK-1", "quantity": 1}],
         "destination": {"lat": 52.52, "lon": 13.405}}""";

    private Scenarios() {
    }

    /** A courier posting one position ({@code POST /v1/shipments/{id}/locations}); 202 means Kafka has it. */
    static ScenarioBuilder singleUpdates(Shipments shipments) {
        return scenario("one location update")
            .feed(anyShipment(shipments))
            .exec(http("POST /v1/shipments/{id}/locations").post("/v1/shipments/#{shipmentId}/locations")
                .body(StringBody(session -> shipments.update()))
                .check(status().is(202)));
    }

    /** A device uploading a batch ({@code POST /v1/locations}). */
    static ScenarioBuilder batches(Shipments shipments, int size) {
        return scenario("a batch of location updates")
            .exec(http("POST /v1/locations").post("/v1/locations")
                .body(StringBody(session -> shipments.batch(size)))
                .check(status().is(202)));
    }

    /** A customer or dashboard reading where a shipment is, and with {@code track} its track too. */
    static ScenarioBuilder reads(Shipments shipments, boolean track) {
        ScenarioBuilder latest = scenario(track ? "latest position and track" : "latest position")
            .feed(anyShipment(shipments))
            .exec(http("GET /v1/shipments/{id}").get("/v1/shipments/#{shipmentId}")
                .check(status().is(200), jsonPath("$.position.lat").exists()));
        return track ? latest.exec(http("GET /v1/shipments/{id}/track").get("/v1/shipments/#{shipmentId}/track?limit=100")
            .check(status().is(200))) : latest;
    }

    /** A merchant placing an order ({@code POST /v1/orders}) and reading it back. */
    static ScenarioBuilder placeAndRead() {
        return scenario("place an order and read it back")
            .exec(http("POST /v1/orders").post("/v1/orders").body(StringBody(ORDER))
                .check(status().is(201), jsonPath("$.id").saveAs("orderId")))
            .exec(http("GET /v1/orders/{id}").get("/v1/orders/#{orderId}")
                .check(status().is(200)));
    }

    private static java.util.Iterator<Map<String, Object>> anyShipment(Shipments shipments) {
        return Stream.generate(() -> Map.<String, Object>of("shipmentId", shipments.any())).iterator();
    }
}
