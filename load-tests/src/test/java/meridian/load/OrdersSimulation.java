package meridian.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Merchants placing orders and reading them back, an open model: {@code rate} new orders per
 * second (after a ramp), each placed ({@code POST /v1/orders}: a PostgreSQL transaction with
 * its outbox row) and then read ({@code GET /v1/orders/{id}}: Redis). The run fails when the
 * error share or the 99th percentile goes over its threshold.
 */
public class OrdersSimulation extends Simulation {

    private static final String ORDER = """
        {"customer": {"name": "Load Test"}, "items": [{"sku": "BOOK-1", "quantity": 1}],
         "destination": {"lat": 52.52, "lon": 13.405}}""";

    private final HttpProtocolBuilder protocol = LoadSettings.protocol();

    private final ScenarioBuilder placeAndRead = scenario("place an order and read it back")
        .exec(http("POST /v1/orders").post("/v1/orders").body(StringBody(ORDER))
            .check(status().is(201), jsonPath("$.id").saveAs("orderId")))
        .exec(http("GET /v1/orders/{id}").get("/v1/orders/#{orderId}")
            .check(status().is(200)));

    {
        setUp(LoadSettings.openLoad(placeAndRead)).protocols(protocol).assertions(LoadSettings.assertions());
    }
}
