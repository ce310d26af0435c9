package verticles.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.Topics;
import verticles.platform.events.CloudEvent;
import verticles.platform.trace.CorrelationId;

import java.time.Instant;
import java.util.Map;

/**
 * Sends the records a consumer cannot process to {@code <topic>.dlq}, keyed as the original. A
 * dead letter is a CloudEvent like every other record, of type {@value #TYPE}, whose data is the
 * letter: the original record and the error ({@code consumer}, {@code topic}, {@code partition},
 * {@code offset}, {@code key}, {@code value}, {@code error}, {@code at}, and {@code tenantId}
 * when the original names one). Its id names the consumer and the original's place, so the same
 * failure sent twice is recognisably one letter. The dead-letter store keeps them in PostgreSQL
 * for the admin routes, which list and replay them. The producer is made on the first dead
 * letter: most consumers never need one.
 */
public final class DeadLetters {

    public static final String TYPE = "dead-letter.recorded";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private static final String SOURCE = "/meridian/dead-letters/";

    private final Vertx vertx;
    private final Map<String, String> producerConfig;
    private final String consumer;
    private final Counter counter;
    private KafkaProducer<String, String> producer;

    public DeadLetters(Vertx vertx, Map<String, String> producerConfig, String consumer, MeterRegistry registry) {
        this.vertx = vertx;
        this.producerConfig = producerConfig;
        this.consumer = consumer;
        this.counter = Counter.builder("meridian.dead.letters")
            .description("records a consumer could not process and sent to its dead-letter topic")
            .tag("consumer", consumer)
            .register(registry);
    }

    /**
     * Completes when Kafka has the dead letter, so the original's offset may be committed. A
     * record read from a dead-letter topic itself is only logged: letters do not get letters.
     */
    public Future<Void> send(KafkaConsumerRecord<String, String> record, String error) {
        if (record.topic().endsWith(".dlq")) {
            LOG.error("{}: dropping unreadable record {}-{}@{} of a dead-letter topic: {}", consumer, record.topic(),
                record.partition(), record.offset(), error);
            return Future.succeededFuture();
        }
        JsonObject letter = new JsonObject()
            .put("consumer", consumer)
            .put("topic", record.topic())
            .put("partition", record.partition())
            .put("offset", record.offset())
            .put("key", record.key())
            .put("value", record.value())
            .put("error", error)
            .put("at", Instant.now().toString());
        String tenantId = tenantOf(record.value());
        if (tenantId != null) {
            letter.put("tenantId", tenantId);
        }
        LOG.atWarn().addKeyValue(CorrelationId.FIELD, CorrelationId.of(record))
            .log("{}: record {}-{}@{} goes to the dead letters: {}", consumer, record.topic(), record.partition(),
                record.offset(), error);
        return send(Topics.deadLetters(record.topic()), record.key(), letter, CorrelationId.of(record));
    }

    /** Sends a dead letter that is not a consumed record (a webhook delivery out of attempts). */
    public Future<Void> send(String topic, String key, JsonObject letter, String correlationId) {
        if (producer == null) {
            producer = KafkaProducer.create(vertx, producerConfig);
        }
        JsonObject event = CloudEvent.correlated(asEvent(letter), correlationId);
        return producer.send(EventRecords.structured(topic, key, event.encode(), correlationId))
            .onSuccess(sent -> counter.increment())
            .mapEmpty();
    }

    /** The letter a dead-letter record holds: the event's data, or the whole value when written before letters were events. */
    public static JsonObject letterOf(JsonObject record) {
        return TYPE.equals(CloudEvent.type(record)) && record.getValue("data") instanceof JsonObject letter ? letter : record;
    }

    /** The {@code tenantid} of a record's value when it is a JSON object that has one; else null. */
    public static String tenantOf(String value) {
        JsonObject original = EventRecords.readJson(value);
        return original != null && original.getValue("tenantid") instanceof String tenantId ? tenantId : null;
    }

    static JsonObject asEvent(JsonObject letter) {
        String id = letter.getString("consumer") + ":" + letter.getString("topic") + ":" + letter.getValue("partition")
            + ":" + letter.getValue("offset");
        String key = letter.getString("key");
        return CloudEvent.create(id, SOURCE + letter.getString("consumer"), TYPE, key == null || key.isEmpty() ? null : key,
            letter.getString("tenantId"), Instant.parse(letter.getString("at")), letter);
    }

    public Future<Void> close() {
        return producer == null ? Future.succeededFuture() : producer.close();
    }
}
