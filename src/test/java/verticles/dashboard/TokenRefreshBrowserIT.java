package verticles.dashboard;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.BrowserScripts;
import verticles.testsupport.NodeScripts;
import verticles.testsupport.Processes;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream opened with a stream token ends when the token expires; the dashboard then fetches a
 * new token and resumes from the last event it saw. With tokens that live four seconds, the
 * browser ({@code src/test/browser/token-refresh.mjs}) watches nine status changes made across
 * three of them and must receive every one.
 */
@DisplayName("The dashboard, when its stream tokens expire")
class TokenRefreshBrowserIT extends OneNodeIT {

    private static final int TOKEN_SECONDS = 4;

    @Override
    protected Map<String, String> nodeOverrides() {
        Map<String, String> overrides = new HashMap<>(WITH_SAGA);
        overrides.put("MERIDIAN_PUSH_TOKEN_TTL", TOKEN_SECONDS + "s");
        return overrides;
    }

    @Test
    @DisplayName("fetches a new token, resumes where the old stream ended, and misses no event")
    void resumesWithNoGap() throws Exception {
        BrowserScripts.assumeABrowser();
        assertEquals(200, demo.put("/v1/inventory/TOKEN-1", "{\"available\": 10}").status());
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Api.Response placed = demo.createOrder("TOKEN-1", 1);
            assertEquals(201, placed.status(), placed.toString());
            orders.add(placed.json().getString("id"));
        }
        for (String order : orders) {
            Eventually.await(Duration.ofSeconds(20), () -> demo.get("/v1/orders/" + order).json().getString("status"),
                "CONFIRMED"::equals);
        }
        Processes.Outcome browser = BrowserScripts.runScript("token-refresh.mjs",
            List.of(node.baseUrl(), "demo-key", String.join(",", orders), String.valueOf(TOKEN_SECONDS)),
            Duration.ofMinutes(2));
        assertEquals(0, browser.exit(), "the browser test failed:\n" + browser.output());
        assertTrue(browser.output().contains("every status change reached the page with no gap"), browser.output());
    }
}
