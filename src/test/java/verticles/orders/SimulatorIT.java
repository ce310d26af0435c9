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

@DisplayName("The order simulator and the notifications")
class SimulatorIT extends OneNodeIT {

    private final LogCapture notifications = LogCapture.of("meridian.notifications");

    @Override
    protected Map<String, String> nodeOverrides() {
        Map<String, String> overrides = new java.util.HashMap<>(WITH_SAGA);
        overrides.put("MERIDIAN_VERTICLES_ORDER_SIMULATOR_INSTANCES", "1");
        overrides.put("MERIDIAN_SIMULATOR_INTERVAL", "100ms");
        return overrides;
    }

    @AfterAll
    void stopListening() {
        notifications.close();
    }

    @Test
    @DisplayName("take an order the saga confirmed through every status to DELIVERED, with one notification per status")
    void simulatesADelivery() {
        Api demo = node.api("demo-key");
        String id = demo.createOrder().json().getString("id");

        JsonObject delivered = Eventually.await(Duration.ofSeconds(30),
            () -> demo.get("/v1/orders/" + id).json(), o -> "DELIVERED".equals(o.getString("status")));
        List<String> path = delivered.getJsonArray("history").stream()
            .map(h -> ((JsonObject) h).getString("status")).toList();
        assertEquals(List.of("PLACED", "CONFIRMED", "PREPARING", "OUT_FOR_DELIVERY", "DELIVERED"), path);
        List<String> causes = delivered.getJsonArray("history").stream()
            .map(h -> ((JsonObject) h).getString("cause")).toList();
        assertEquals(List.of("api", "saga", "simulator", "simulator", "simulator"), causes);

        for (String status : path) {
            String line = "order " + id + " is now " + status;
            Eventually.await(Duration.ofSeconds(10), () -> notificationLines(id),
                lines -> lines.stream().anyMatch(l -> l.startsWith(line)));
            // Exactly one: the notifier remembers the events it has sent.
            assertEquals(1, notificationLines(id).stream().filter(l -> l.startsWith(line)).count(), line);
        }
    }

    private List<String> notificationLines(String orderId) {
        return notifications.events().stream().map(ILoggingEvent::getFormattedMessage)
            .filter(m -> m.contains(orderId)).toList();
    }
}
