package verticles.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApiClientTest {

    @Test
    void retryAfterIsReadAsSecondsAndNeverLessThanOne() {
        assertEquals(Duration.ofSeconds(3), ApiClient.retryAfter("3"));
        assertEquals(Duration.ofSeconds(2), ApiClient.retryAfter(" 2 "));
        assertEquals(Duration.ofSeconds(1), ApiClient.retryAfter("0"));
        assertEquals(Duration.ofSeconds(1), ApiClient.retryAfter(null));
        assertEquals(Duration.ofSeconds(1), ApiClient.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT"));
    }
}
