package verticles.dashboard;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real browser: headless Chromium (Debian's, at {@code /usr/bin/chromium}),
 * driven by playwright-core from {@code src/test/browser/dashboard.mjs} against a running node.
 * The node runs the courier simulator; the browser signs in, watches a simulated courier's marker
 * move and an ETA appear, and an order's row change status live, and saves
 * {@code target/dashboard.png}. Without Chromium or Node.js the test is
 * skipped with the reason, never passed; {@code .ci/run} installs Chromium so CI always runs it.
 */
@DisplayName("The dashboard, in headless Chromium")
class DashboardBrowserIT extends OneNodeIT {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Path SCRIPTS = Path.of("src", "test", "browser");

    @Override
    protected Map<String, String> nodeOverrides() {
        return withCouriers(4, "300ms", 2000);
    }

    @Test
    @DisplayName("signs in, shows a simulated courier moving on the map with an ETA, and an order changing status live")
    void showsTheTenantLive() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
            "skipped: no Chromium at " + CHROMIUM + " (apt-get install chromium; .ci/run does)");
        Assumptions.assumeTrue(run(List.of("node", "--version"), Duration.ofSeconds(10)).exit() == 0,
            "skipped: no Node.js to run playwright-core");
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("playwright-core"))) {
            Outcome install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", SCRIPTS.toString()),
                Duration.ofMinutes(3));
            assertEquals(0, install.exit(), "npm ci in src/test/browser failed:\n" + install.output());
        }

        assertEquals(200, demo.put("/v1/inventory/DASH-1", "{\"available\": 5}").status());
        Api.Response placed = demo.createOrder("DASH-1", 1);
        assertEquals(201, placed.status(), placed.toString());
        String orderId = placed.json().getString("id");
        Eventually.await(Duration.ofSeconds(20), () -> demo.get("/v1/orders/" + orderId).json().getString("status"),
            "CONFIRMED"::equals);

        Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        Outcome browser = run(List.of("node", SCRIPTS.resolve("dashboard.mjs").toString(), node.baseUrl(), "demo-key",
            orderId, screenshot.toString()), Duration.ofMinutes(2));
        assertEquals(0, browser.exit(), "the browser test failed:\n" + browser.output());
        assertTrue(browser.output().contains("moved on the map"), browser.output());
        assertTrue(browser.output().contains("an ETA is shown"), browser.output());
        assertTrue(browser.output().contains("the courier detail shows its track"), browser.output());
        assertTrue(browser.output().contains("changed to PREPARING live"), browser.output());
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot was saved: " + screenshot);
    }

    private record Outcome(int exit, String output) {
    }

    private static Outcome run(List<String> command, Duration deadline) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return new Outcome(-1, notInstalled.toString());
        }
        boolean done = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes());
        return new Outcome(done ? process.exitValue() : -1, output);
    }
}
