package verticles.shipments;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.dev.FreePorts;
import verticles.platform.CommandFailure;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingest producer when no Kafka answers (a real client aimed at a port where no broker
 * listens, not a stand-in): updates are refused with 503 within the delivery timeout, never
 * accepted and never left hanging.
 */
@DisplayName("Ingest without a reachable Kafka")
class IngestWithoutKafkaTest {

    private Vertx vertx;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("refuses updates with 503 once the delivery timeout passes")
    void refusesWith503() throws Exception {
        MeridianConfig config = MeridianConfig.withOverrides(new JsonObject(), Map.of(
            Keys.KAFKA_BOOTSTRAP.envName(), "127.0.0.1:" + FreePorts.next(),
            Keys.KAFKA_DELIVERY_TIMEOUT.envName(), "1500ms"));
        IngestProducer producer = vertx.getOrCreateContext().<IngestProducer>executeBlocking(
            () -> new IngestProducer(vertx, config)).await(10, TimeUnit.SECONDS);
        JsonObject event = new JsonObject().put("subject", "shp_01m81t94ht5n1swdp370p9hyf9")
            .put("data", new JsonObject().put("recordedAt", Instant.now().toString()));
        long started = System.nanoTime();
        Exception refused = assertThrows(Exception.class,
            () -> producer.send(List.of(event), "test-correlation").await(10, TimeUnit.SECONDS));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        CommandFailure failure = (CommandFailure) (refused instanceof CommandFailure ? refused : refused.getCause());
        assertEquals(503, failure.status());
        assertTrue(tookMs < 6_000, "refused within the delivery timeout, not hung: " + tookMs + " ms");
        producer.close().await(10, TimeUnit.SECONDS);
    }
}
