package meridian.load;

import io.gatling.javaapi.core.Simulation;

/**
 * Location ingest, an open model: {@code rate} requests per second after a ramp. {@code
 * -Dmode=single} (default) posts one update per request; {@code -Dmode=batch -DbatchSize=500}
 * posts batches to {@code /v1/locations}. Every answer must be 202: Kafka acknowledged the updates.
 */
public class IngestSimulation extends Simulation {

    private final Shipments shipments = Shipments.create();
    private final boolean batch = "batch".equals(System.getProperty("mode", "single"));
    private final int batchSize = LoadSettings.intSetting("batchSize", 500, 50);

    {
        setUp(LoadSettings.openLoad(batch ? Scenarios.batches(shipments, batchSize) : Scenarios.singleUpdates(shipments)))
            .protocols(LoadSettings.protocol())
            .assertions(LoadSettings.assertions());
    }
}
