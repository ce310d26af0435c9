package verticles.platform.kafka;

import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.slf4j.Logger;
import verticles.platform.trace.CorrelationId;

/** What every consumer does with a record the same way: read it, and log about it under its correlation id. */
public final class Records {

    private Records() {
    }

    /**
     * The record's value as JSON (a CloudEvent), or null after a warning that names the record's
     * position and correlation id, for a value that is not JSON at all.
     */
    public static JsonObject json(KafkaConsumerRecord<String, String> record, Logger log) {
        try {
            return new JsonObject(record.value());
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue(CorrelationId.FIELD, CorrelationId.of(record))
                .log("skipping unreadable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.toString());
            return null;
        }
    }
}
