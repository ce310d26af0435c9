package meridian.load;

import io.gatling.javaapi.core.Simulation;

/**
 * Merchants placing orders and reading them back, an open model: {@code rate} new orders per
 * second (after a ramp), each placed ({@code POST /v1/orders}: a PostgreSQL transaction with
 * its outbox row) and then read ({@code GET /v1/orders/{id}}: Redis). The run fails when the
 * error share or the 99th percentile goes over its threshold.
 */
public class OrdersSimulation extends Simulation {

    {
        setUp(LoadSettings.openLoad(Scenarios.placeAndRead()))
            .protocols(LoadSettings.protocol())
            .assertions(LoadSettings.assertions());
    }
}
