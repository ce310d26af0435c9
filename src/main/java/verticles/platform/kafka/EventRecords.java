package verticles.platform.kafka;

import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import verticles.platform.trace.CorrelationId;

/**
 * The Kafka records Meridian writes: CloudEvents in the Kafka protocol binding's structured mode.
 * The value is the event as JSON and the {@code content-type} header says so, which is how a
 * CloudEvents SDK (or any consumer that follows the binding) knows the record is an event. Each
 * record also carries the correlation id in its {@code correlation-id} header when there is one.
 * Meridian's own consumers read the value whether or not the header is there, so records written
 * before it existed are still read.
 */
public final class EventRecords {

    public static final String CONTENT_TYPE_HEADER = "content-type";
    public static final String STRUCTURED_JSON = "application/cloudevents+json; charset=UTF-8";

    private EventRecords() {
    }

    /** A record of the encoded CloudEvent {@code event}, keyed by {@code key}. */
    public static KafkaProducerRecord<String, String> structured(String topic, String key, String event,
                                                                 String correlationId) {
        return CorrelationId.tag(KafkaProducerRecord.create(topic, key, event), correlationId)
            .addHeader(CONTENT_TYPE_HEADER, STRUCTURED_JSON);
    }

    /**
     * A record whose value goes out as it was once consumed (a replayed dead letter): marked a
     * CloudEvent when it is one, and otherwise sent as it is, since a replay must not change it.
     */
    public static KafkaProducerRecord<String, String> resent(String topic, String key, String value,
                                                             String correlationId) {
        return isCloudEvent(value) ? structured(topic, key, value, correlationId)
            : CorrelationId.tag(KafkaProducerRecord.create(topic, key, value), correlationId);
    }

    /** True when {@code value} is a JSON object that names its CloudEvents spec version. */
    static boolean isCloudEvent(String value) {
        JsonObject event = readJson(value);
        return event != null && event.getValue("specversion") instanceof String;
    }

    /** A record's value read as a JSON object, or null when it is none (absent, not JSON, or another JSON value). */
    static JsonObject readJson(String value) {
        if (value == null || !value.stripLeading().startsWith("{")) {
            return null;
        }
        try {
            return new JsonObject(value);
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
