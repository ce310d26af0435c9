package verticles.dashboard;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.BrowserScripts;
import verticles.testsupport.NodeScripts;
import verticles.testsupport.Processes;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real browser: headless Chromium (Debian's, at {@code /usr/bin/chromium}),
 * driven by playwright-core from {@code src/test/browser/dashboard.mjs} against a running node.
 * The node runs the courier simulator; the browser signs in, watches a simulated courier's marker
 * move and an ETA appear, and an order's row change status live, and saves
 * {@code target/dashboard.png} ({@link BrowserScripts}: skipped with the reason, never passed,
 * where there is no Chromium).
 */
@DisplayName("The dashboard, in headless Chromium")
class DashboardBrowserIT extends OneNodeIT {

    @Override
    protected Map<String, String> nodeOverrides() {
        return withCouriers(4, "300ms", 2000);
    }

    @Test
    @DisplayName("signs in, shows a simulated courier moving on the map with an ETA, and an order changing status live")
    void showsTheTenantLive() throws Exception {
        BrowserScripts.assumeABrowser();
        assertEquals(200, demo.put("/v1/inventory/DASH-1", "{\"available\": 5}").status());
        Api.Response placed = demo.createOrder("DASH-1", 1);
        assertEquals(201, placed.status(), placed.toString());
        String orderId = placed.json().getString("id");
        Eventually.await(Duration.ofSeconds(20), () -> demo.get("/v1/orders/" + orderId).json().getString("status"),
            "CONFIRMED"::equals);

        Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        Processes.Outcome browser = BrowserScripts.runScript("dashboard.mjs",
            List.of(node.baseUrl(), "demo-key", orderId, screenshot.toString()), Duration.ofMinutes(2));
        assertEquals(0, browser.exit(), "the browser test failed:\n" + browser.output());
        assertTrue(browser.output().contains("moved on the map"), browser.output());
        assertTrue(browser.output().contains("an ETA is shown"), browser.output());
        assertTrue(browser.output().contains("the courier detail shows its track"), browser.output());
        assertTrue(browser.output().contains("changed to PREPARING live"), browser.output());
        assertTrue(browser.output().contains("copied tracking link opens its page"), browser.output());
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot was saved: " + screenshot);
    }
}
