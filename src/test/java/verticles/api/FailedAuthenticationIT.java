package verticles.api;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.OneNodeIT;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A flood of unknown keys")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first needs its address's bucket full
class FailedAuthenticationIT extends OneNodeIT {

    @Override
    protected Map<String, String> nodeOverrides() {
        return Map.of("MERIDIAN_AUTH_FAILURES_PER_SECOND", "5", "MERIDIAN_AUTH_FAILURE_BURST", "20",
            "MERIDIAN_AUTH_KEY_CACHE_TTL", "1s");
    }

    @Test
    @Order(1)
    @DisplayName("is answered 401 up to the address's burst, then 429 without a lookup, while known keys work on")
    void floodIsCheap() {
        demo.get("/v1/orders?limit=1");
        int unauthorized = 0;
        int limited = 0;
        Api.Response last = null;
        for (int i = 0; i < 200; i++) {
            last = node.api("mk_" + UUID.randomUUID()).get("/v1/orders");
            if (last.status() == 401) {
                unauthorized++;
            } else if (last.status() == 429) {
                limited++;
            }
        }
        assertEquals(200, unauthorized + limited, "every guess is refused");
        assertTrue(unauthorized >= 20 && unauthorized < 40, unauthorized + " guesses reached a lookup");
        assertEquals(429, last.status());
        assertNotNull(last.header("Retry-After"));
        assertTrue(last.isProblem(), last.toString());
        assertEquals(200, demo.get("/v1/orders?limit=1").status(), "a key the node knows goes on working");
        assertEquals("UP", demo.get("/health/ready").json().getString("status"));
    }

    @Test
    @Order(2)
    @DisplayName("does not lock out a known key whose memory expired while its address was flooding")
    void knownKeysOutliveTheirMemory() throws Exception {
        assertEquals(200, demo.get("/v1/orders?limit=1").status());
        Thread.sleep(1_200); // the node's memory of demo-key (1 s here) has expired
        // Guesses until the address's bucket is empty. Its tokens come back at 5 a second, so
        // the guess after any one refused may be looked up again: stop at the first refusal.
        int last = 0;
        for (int i = 0; i < 60 && last != 429; i++) {
            last = node.api("mk_" + UUID.randomUUID()).get("/v1/orders").status();
        }
        assertEquals(429, last, "the address is limited");
        assertEquals(200, demo.get("/v1/orders?limit=1").status(),
            "a key that was valid when last looked up, and not revoked since, is looked up again, not refused");
    }
}
