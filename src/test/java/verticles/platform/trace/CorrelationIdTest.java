package verticles.platform.trace;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A request's correlation id")
class CorrelationIdTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";

    @Test
    @DisplayName("is the traceparent's trace id first, so logs and traces share one id")
    void traceparentFirst() {
        assertEquals(TRACE, CorrelationId.choose(TRACEPARENT, "req-1", "ffffffffffffffffffffffffffffffff"));
    }

    @Test
    @DisplayName("is the caller's X-Request-Id when no valid traceparent came")
    void requestIdNext() {
        assertEquals("req-1", CorrelationId.choose(null, "req-1", null));
        assertEquals("req-1", CorrelationId.choose("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01", "req-1", null));
        assertEquals("req-1", CorrelationId.choose("not a traceparent", "req-1", null));
        assertEquals("req-1", CorrelationId.choose("ff-" + TRACE + "-00f067aa0ba902b7-01", "req-1", null));
    }

    @Test
    @DisplayName("is the current span's trace id when the caller sent neither")
    void spanNext() {
        assertEquals(TRACE, CorrelationId.choose(null, null, TRACE));
    }

    @Test
    @DisplayName("is new when the caller's id is too long or holds characters that do not belong in a log line")
    void refusesHostileRequestIds() {
        for (String hostile : new String[] {"x".repeat(129), "a b", "line\nbreak", "<script>", "", "quote\""}) {
            String id = CorrelationId.choose(null, hostile, null);
            assertNotEquals(hostile, id);
            assertTrue(id.matches("[0-9a-f]{32}"), id);
        }
    }

    @Test
    @DisplayName("is new, random and 32 hex digits when nothing names one")
    void freshOtherwise() {
        String a = CorrelationId.choose(null, null, null);
        String b = CorrelationId.choose(null, null, null);
        assertTrue(a.matches("[0-9a-f]{32}"), a);
        assertNotEquals(a, b);
    }

    @Test
    @DisplayName("never repeats across threads, each with a generator of its own")
    void freshAcrossThreads() throws Exception {
        java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 25_000; i++) {
                    ids.add(CorrelationId.fresh());
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(100_000, ids.size());
        assertTrue(ids.stream().allMatch(id -> id.matches("[0-9a-f]{32}") && !id.equals("0".repeat(32))));
    }
}
