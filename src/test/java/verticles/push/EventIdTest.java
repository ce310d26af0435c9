package verticles.push;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Journal event ids")
class EventIdTest {

    @Test
    @DisplayName("order as Redis orders stream ids: by time, then by sequence, not as text")
    void orderLikeRedis() {
        assertTrue(EventId.parse("1700000000000-10").isAfter(EventId.parse("1700000000000-9")));
        assertTrue(EventId.parse("1700000000001-0").isAfter(EventId.parse("1700000000000-99")));
        assertTrue(EventId.parse("1-0").isAfter(EventId.BEFORE_FIRST));
        assertEquals("0", EventId.parse("0").toString());
        assertEquals("1700000000000-3", EventId.parse("1700000000000-3").toString());
    }

    @Test
    @DisplayName("read any Last-Event-ID a client sends without failing: junk is not an id")
    void junkIsNotAnId() {
        for (String junk : new String[] {null, "", "abc", "1-x", "-1", "1--2", "99999999999999999999-1"}) {
            assertNull(EventId.parse(junk), "junk: " + junk);
        }
    }
}
