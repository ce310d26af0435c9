package meridian.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * An order's whole life with the reads a merchant's back end makes along the way: place it,
 * wait for the inventory saga to confirm it (reading it until it is no longer PLACED, at most
 * 10 s), move it to PREPARING, then either cancel it (a fifth of the orders: the reservation is
 * released) or take it through OUT_FOR_DELIVERY to DELIVERED, reading it after each step, and
 * list the tenant's newest orders. {@code rate} orders start per second.
 */
public class OrderLifecycleSimulation extends Simulation {

    private final HttpProtocolBuilder protocol = LoadSettings.protocol();

    private final ScenarioBuilder lifecycle = scenario("an order from placing to delivery or cancellation")
        .exec(http("POST /v1/orders").post("/v1/orders").body(StringBody(Scenarios.ORDER))
            .check(status().is(201), jsonPath("$.id").saveAs("orderId")))
        .exec(session -> session.set("status", "PLACED").set("waited", 0))
        .asLongAs(session -> "PLACED".equals(session.getString("status")) && session.getInt("waited") < 50).on(
            pause(Duration.ofMillis(200))
                .exec(http("GET /v1/orders/{id} (awaiting the saga)").get("/v1/orders/#{orderId}")
                    .check(status().is(200), jsonPath("$.status").saveAs("status")))
                .exec(session -> session.set("waited", session.getInt("waited") + 1)))
        .exec(http("PUT status PREPARING").put("/v1/orders/#{orderId}/status").body(StringBody("{\"status\": \"PREPARING\"}"))
            .check(status().is(200)))
        .randomSwitch().on(
            new io.gatling.javaapi.core.Choice.WithWeight(20.0, exec(
                http("POST /v1/orders/{id}/cancel").post("/v1/orders/#{orderId}/cancel").check(status().is(200)))),
            new io.gatling.javaapi.core.Choice.WithWeight(80.0, exec(
                http("PUT status OUT_FOR_DELIVERY").put("/v1/orders/#{orderId}/status")
                    .body(StringBody("{\"status\": \"OUT_FOR_DELIVERY\"}")).check(status().is(200)),
                http("GET /v1/orders/{id}").get("/v1/orders/#{orderId}").check(status().is(200)),
                http("PUT status DELIVERED").put("/v1/orders/#{orderId}/status")
                    .body(StringBody("{\"status\": \"DELIVERED\"}")).check(status().is(200)))))
        .exec(http("GET /v1/orders/{id}").get("/v1/orders/#{orderId}").check(status().is(200)))
        .exec(http("GET /v1/orders?limit=20").get("/v1/orders?limit=20").check(status().is(200)));

    {
        setUp(LoadSettings.openLoad(lifecycle)).protocols(protocol).assertions(LoadSettings.assertions());
    }
}
