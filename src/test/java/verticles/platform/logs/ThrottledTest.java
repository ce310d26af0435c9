package verticles.platform.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import verticles.testsupport.LogCapture;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@DisplayName("A throttled warning")
class ThrottledTest {

    @Test
    @DisplayName("is logged once per interval, and the next line says how many were held back")
    void oncePerInterval() throws Exception {
        String name = "throttled-test-" + System.nanoTime();
        try (LogCapture log = LogCapture.of(name)) {
            Throttled warning = new Throttled(LoggerFactory.getLogger(name), Duration.ofMillis(200));
            for (int i = 0; i < 5; i++) {
                warning.warn("store down: {}", i);
            }
            assertEquals(List.of("store down: 0"), messages(log));
            Thread.sleep(250);
            warning.warn("store down: {}", 5);
            List<ILoggingEvent> events = log.events();
            assertEquals(List.of("store down: 0", "store down: 5"), messages(log));
            assertNull(LogCapture.value(events.get(0), "repeatsHeldBack"));
            assertEquals("4", LogCapture.value(events.get(1), "repeatsHeldBack"));
        }
    }

    private static List<String> messages(LogCapture log) {
        return log.events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
