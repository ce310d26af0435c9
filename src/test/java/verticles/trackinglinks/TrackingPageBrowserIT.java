package verticles.trackinglinks;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.BrowserScripts;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.Processes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The customer's tracking page in a real browser ({@link BrowserScripts}: headless Chromium
 * driven by {@code src/test/browser/tracking-page.mjs}), on a phone-sized and a desktop viewport
 * at once, following a courier the script drives to the door.
 */
@DisplayName("The tracking page, in headless Chromium on a phone and a desktop")
class TrackingPageBrowserIT extends OneNodeIT {

    @Override
    protected Map<String, String> nodeOverrides() {
        return WITH_SAGA;
    }

    @Test
    @DisplayName("follows a courier to delivery: the live map, the ETA, the arrival, a scan, then Delivered")
    void followsACourierToDelivery() throws Exception {
        BrowserScripts.assumeABrowser();
        assertEquals(200, demo.put("/v1/inventory/PAGE-1", "{\"available\": 5}").status());
        Api.Response placed = demo.createOrder("PAGE-1", 1);
        assertEquals(201, placed.status(), placed.toString());
        String orderId = placed.json().getString("id");
        JsonObject order = Eventually.await(Duration.ofSeconds(20), () -> demo.get("/v1/orders/" + orderId).json(),
            o -> "CONFIRMED".equals(o.getString("status")));
        String shipmentId = order.getString("shipmentId");
        Eventually.await(Duration.ofSeconds(20), () -> demo.get("/v1/shipments/" + shipmentId).status(), s -> s == 200);
        assertEquals(200, demo.put("/v1/orders/" + orderId + "/status", "{\"status\": \"PREPARING\"}").status());
        assertEquals(200, demo.put("/v1/orders/" + orderId + "/status", "{\"status\": \"OUT_FOR_DELIVERY\"}").status());
        Api.Response link = demo.post("/v1/orders/" + orderId + "/tracking-links", "");
        assertEquals(201, link.status(), link.toString());

        Path screenshots = Path.of("target", "tracking-page").toAbsolutePath();
        Processes.Outcome browser = BrowserScripts.runScript("tracking-page.mjs", List.of(node.baseUrl(), "demo-key", orderId,
            shipmentId, link.json().getString("url"), screenshots.toString()), Duration.ofMinutes(2));
        assertEquals(0, browser.exit(), "the browser test failed:\n" + browser.output());
        for (String step : List.of("without JavaScript the page reads", "the live map shows the courier", "the courier moved",
                "an arrival time is shown", "a new scan joins the journey", "the courier is arriving", "Delivered, and the map is gone")) {
            assertTrue(browser.output().contains(step), step + " in:\n" + browser.output());
        }
        assertTrue(Files.size(Path.of(screenshots + "-phone.png")) > 5_000);
        assertTrue(Files.size(Path.of(screenshots + "-desktop.png")) > 5_000);
    }
}
