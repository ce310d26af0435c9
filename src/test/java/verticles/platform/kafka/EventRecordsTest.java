package verticles.platform.kafka;

import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

@DisplayName("Event records and dead letters")
class EventRecordsTest {

    private static final String EVENT = new JsonObject().put("specversion", "1.0").put("id", "e1").put("source", "/s")
        .put("type", "t").put("tenantid", "demo").encode();

    @Test
    @DisplayName("an event goes out in structured mode, with the correlation id")
    void structured() {
        Map<String, String> headers = headers(EventRecords.structured("topic", "k", EVENT, "c1"));
        assertEquals(Map.of("content-type", "application/cloudevents+json; charset=UTF-8", "correlation-id", "c1"), headers);
    }

    @Test
    @DisplayName("a replayed value is marked an event only when it is one, and is never changed")
    void resent() {
        for (String notAnEvent : new String[] {"{not json", "[1]", "{\"id\": \"x\"}", "{\"specversion\": 1}", "", "null"}) {
            KafkaProducerRecord<String, String> record = EventRecords.resent("topic", "k", notAnEvent, "c1");
            assertEquals(Map.of("correlation-id", "c1"), headers(record), notAnEvent);
            assertSame(notAnEvent, record.value());
        }
        KafkaProducerRecord<String, String> event = EventRecords.resent("topic", "k", EVENT, "c1");
        assertEquals("application/cloudevents+json; charset=UTF-8", headers(event).get("content-type"));
        assertSame(EVENT, event.value());
    }

    @Test
    @DisplayName("a dead letter is a CloudEvent whose data is the letter, and letters of both shapes read the same")
    void deadLetterEvents() {
        JsonObject letter = new JsonObject().put("consumer", "tracking").put("topic", "meridian.shipments")
            .put("partition", 3).put("offset", 42L).put("key", "shp_1").put("value", EVENT).put("error", "no lat")
            .put("tenantId", "demo").put("at", "2026-12-05T12:00:00Z");
        JsonObject event = DeadLetters.asEvent(letter);
        assertEquals("tracking:meridian.shipments:3:42", event.getString("id"));
        assertEquals("/meridian/dead-letters/tracking", event.getString("source"));
        assertEquals(DeadLetters.TYPE, event.getString("type"));
        assertEquals("shp_1", event.getString("subject"));
        assertEquals("demo", event.getString("tenantid"));
        assertEquals(Instant.parse("2026-12-05T12:00:00Z").toString(), event.getString("time"));
        assertEquals(letter, DeadLetters.letterOf(new JsonObject(event.encode())));
        assertEquals(letter, DeadLetters.letterOf(letter.copy()), "a letter written before letters were events");

        JsonObject keyless = DeadLetters.asEvent(letter.copy().put("key", "").putNull("tenantId"));
        assertFalse(keyless.containsKey("subject"));
        assertFalse(keyless.containsKey("tenantid"));
    }

    @Test
    @DisplayName("a letter names the tenant of an original that is a JSON object with one, and no other")
    void tenantOf() {
        assertEquals("demo", DeadLetters.tenantOf(EVENT));
        for (String none : new String[] {null, "{not json", "{\"tenantid\": 5}", "[\"tenantid\"]", "{}"}) {
            assertNull(DeadLetters.tenantOf(none), none);
        }
    }

    private static Map<String, String> headers(KafkaProducerRecord<String, String> record) {
        return record.headers().stream().collect(Collectors.toMap(KafkaHeader::key, h -> h.value().toString()));
    }
}
