package verticles.platform.kafka;

import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import verticles.platform.events.CloudEvent;
import verticles.platform.trace.CorrelationId;

/**
 * One consumed record, already read as JSON (a CloudEvent), with its correlation id. A handler
 * that finds it cannot process the record, and never will (a missing field, an impossible
 * value), calls {@link #reject}: the record goes to the dead-letter topic with the reason and
 * the batch goes on, instead of failing and being retried forever.
 */
public final class Incoming {

    private final KafkaConsumerRecord<String, String> record;
    private final JsonObject event;
    private final String correlationId;
    private String rejection;

    Incoming(KafkaConsumerRecord<String, String> record, JsonObject event) {
        this.record = record;
        this.event = event;
        this.correlationId = CorrelationId.of(record);
    }

    public JsonObject event() {
        return event;
    }

    public String type() {
        return CloudEvent.type(event);
    }

    public String key() {
        return record.key();
    }

    public String correlationId() {
        return correlationId;
    }

    public KafkaConsumerRecord<String, String> record() {
        return record;
    }

    /** Sends this record to the dead letters with {@code reason}; the rest of the batch is processed. */
    public void reject(String reason) {
        this.rejection = reason;
    }

    String rejection() {
        return rejection;
    }
}
