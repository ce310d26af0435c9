package meridian.load;

import io.gatling.javaapi.core.Simulation;

/**
 * Customers and dashboards reading where a shipment is ({@code GET /v1/shipments/{id}}), an
 * open model of {@code rate} reads per second over {@code shipments} shipments that each have a
 * position. {@code -Dtrack=true} adds a track read ({@code GET …/track?limit=100}) per user.
 */
public class ReadSimulation extends Simulation {

    private final Shipments shipments = Shipments.create();

    {
        setUp(LoadSettings.openLoad(Scenarios.reads(shipments, Boolean.getBoolean("track"))))
            .protocols(LoadSettings.protocol())
            .assertions(LoadSettings.assertions());
    }
}
