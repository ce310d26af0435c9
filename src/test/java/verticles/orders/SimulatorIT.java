package verticles.orders;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.LogCapture;
import verticles.testsupport.OneNodeIT;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The order simulator and the notifications")
class SimulatorIT extends OneNodeIT {

    private final LogCapture notifications = LogCapture.of("meridian.notifications");

    @Override
    protected Map<String, String> nodeOverrides() {
        return Map.of("MERIDIAN_VERTICLES_SIMULATOR_INSTANCES", "1", "MERIDIAN_SIMULATOR_INTERVAL", "100ms");
    }

    @AfterAll
    void stopListening() {
        notifications.close();
    }

    @Test
    @DisplayName("take a new order through every status to DELIVERED, with one notification per status")
    void simulatesADelivery() {
        Api demo = node.api("demo-key");
        String id = demo.createOrder().json().getString("id");

        JsonObject delivered = Eventually.await(Duration.ofSeconds(30),
            () -> demo.get("/v1/orders/" + id).json(), o -> "DELIVERED".equals(o.getString("status")));
        List<String> path = delivered.getJsonArray("history").stream()
            .map(h -> ((JsonObject) h).getString("status")).toList();
        assertEquals(List.of("PLACED", "CONFIRMED", "PREPARING", "OUT_FOR_DELIVERY", "DELIVERED"), path);
        assertTrue(delivered.getJsonArray("history").stream().skip(1)
            .allMatch(h -> "simulator".equals(((JsonObject) h).getString("cause"))));

        for (String status : path) {
            String line = "order " + id + " is now " + status;
            Eventually.await(Duration.ofSeconds(10), () -> notificationLines(id),
                lines -> lines.stream().anyMatch(l -> l.startsWith(line)));
        }
    }

    private List<String> notificationLines(String orderId) {
        return notifications.events().stream().map(ILoggingEvent::getFormattedMessage)
            .filter(m -> m.contains(orderId)).toList();
    }
}
