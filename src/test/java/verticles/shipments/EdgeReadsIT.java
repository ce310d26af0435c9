package verticles.shipments;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.TestNodes;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code GET /v1/shipments/{id}} is answered at the edge from the shipment's Redis entry. A
 * second node that runs no shipments verticle shows which reads the edge answers by itself:
 * a cached shipment of the caller's tenant; anything else it must ask the verticle about.
 */
@DisplayName("Shipment reads at the edge")
class EdgeReadsIT extends OneNodeIT {

    @Test
    @DisplayName("a cached shipment is read at the edge, as the verticle shows it; another tenant's is not")
    void cachedShipmentsAreReadAtTheEdge() throws Exception {
        String id = demo.createShipmentPositionedAt(45.5, 9.2, Instant.now().minusSeconds(20).truncatedTo(ChronoUnit.MILLIS));
        Api.Response full = demo.get("/v1/shipments/" + id);

        try (TestNodes.RunningNode edgeOnly = TestNodes.start(infra, Map.of("MERIDIAN_VERTICLES_SHIPMENTS_INSTANCES", "0"))) {
            // A read whose Redis answer takes over 200 ms (a new connection on a loaded machine) goes to
            // the verticle, which this node lacks: the edge must answer within a few tries.
            Api.Response read = Eventually.await(Duration.ofSeconds(10), () -> edgeOnly.api("demo-key").get("/v1/shipments/" + id),
                r -> r.status() == 200);
            assertEquals(full.json(), read.json(), "the edge shows what the verticle shows");

            Api.Response others = edgeOnly.api("acme-key").get("/v1/shipments/" + id);
            assertEquals(503, others.status(), "another tenant's shipment is the verticle's to refuse, and this node has none: "
                + others);
            Api.Response unknown = edgeOnly.api("demo-key").get("/v1/shipments/shp_01m00000000000000000000000");
            assertEquals(503, unknown.status(), "a miss is the verticle's to read from PostgreSQL: " + unknown);
        }
        assertEquals(404, acme.get("/v1/shipments/" + id).status(), "with the verticle, another tenant's is not found");
    }
}
