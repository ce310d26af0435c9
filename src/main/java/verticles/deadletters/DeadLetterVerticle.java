package verticles.deadletters;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.Addresses;
import verticles.platform.Clients;
import verticles.platform.CommandFailure;
import verticles.platform.Topics;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.kafka.BatchConsumer;
import verticles.platform.kafka.Incoming;
import verticles.platform.metrics.Meters;
import verticles.platform.trace.CorrelationId;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every dead letter (from every {@code .dlq} topic) in PostgreSQL, where the admin routes
 * list them and replay one. Replaying a consumer's dead letter publishes the original record to
 * its topic again, with the header {@code meridian-replay-of}; every consumer of that topic sees
 * it, and the ones that had processed it already ignore it (they are idempotent). Replaying a
 * webhook delivery's dead letter makes the delivery due again, with fresh attempts.
 */
public final class DeadLetterVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterVerticle.class);
    static final String WEBHOOKS = "webhooks";

    private static final String STORE = """
        INSERT INTO dead_letters (consumer, source_topic, source_partition, source_offset, record_key, record_value,
                                  error, tenant_id, reference)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (consumer, source_topic, source_partition, source_offset) DO NOTHING""";
    private static final String LIST = """
        SELECT id, consumer, source_topic, source_partition, source_offset, record_key, record_value, error, tenant_id,
               reference, created_at, replayed_at
        FROM dead_letters WHERE ($1::text IS NULL OR consumer = $1) AND ($2::bigint IS NULL OR id < $2)
        ORDER BY id DESC LIMIT $3""";
    private static final String ONE = """
        SELECT id, consumer, source_topic, source_partition, source_offset, record_key, record_value, error, tenant_id,
               reference, created_at, replayed_at
        FROM dead_letters WHERE id = $1""";
    private static final String MARK_REPLAYED = "UPDATE dead_letters SET replayed_at = now() WHERE id = $1 RETURNING replayed_at";
    private static final String REDO_DELIVERY = """
        UPDATE webhook_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = now(), finished_at = NULL
        WHERE id = $1""";

    private Pool pool;
    private KafkaProducer<String, String> producer;
    private BatchConsumer consumer;
    private List<MessageConsumer<JsonObject>> commands;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        pool = Clients.postgres(vertx, config.with(Keys.PG_POOL_SIZE, 2), "dead-letters");
        producer = KafkaProducer.create(vertx, Clients.kafkaProducer(config, "meridian-dead-letter-replay"));
        var bus = vertx.eventBus();
        commands = List.of(
            bus.<JsonObject>consumer(Addresses.DEAD_LETTERS_LIST, m -> CommandFailure.replyTo(m, list(m.body()), LOG)),
            bus.<JsonObject>consumer(Addresses.DEAD_LETTERS_REPLAY, m -> CommandFailure.replyTo(m, replay(m.body()), LOG)));
        return Future.all(commands.stream().map(MessageConsumer::completion).toList())
            .compose(v -> BatchConsumer.start(vertx, config, "meridian-dead-letters", "dead-letters",
                Topics.DEAD_LETTER_TOPICS, this::store, Meters.of(config())))
            .onSuccess(c -> consumer = c);
    }

    @Override
    public Future<?> stop() {
        return (consumer == null ? Future.succeededFuture() : consumer.stop())
            .eventually(() -> Future.all(commands.stream().map(MessageConsumer::unregister).toList()))
            .eventually(producer::close)
            .eventually(pool::close);
    }

    private Future<Void> store(List<Incoming> batch) {
        List<Tuple> rows = new ArrayList<>(batch.size());
        for (Incoming incoming : batch) {
            JsonObject letter = incoming.event();
            String value = letter.getString("value");
            rows.add(Tuple.from(new Object[] {
                storable(letter.getString("consumer", "unknown")),
                storable(letter.getString("topic", incoming.record().topic())),
                letter.getInteger("partition", -1),
                letter.getLong("offset", incoming.record().offset()),
                storable(letter.getString("key")),
                storable(value),
                storable(letter.getString("error", "unknown")),
                storable(letter.getString("tenantId", tenantOf(value))),
                storable(letter.getString("reference"))}));
        }
        return rows.isEmpty() ? Future.succeededFuture() : pool.preparedQuery(STORE).executeBatch(rows).mapEmpty();
    }

    private Future<JsonObject> list(JsonObject query) {
        int limit = query.getInteger("limit", 20);
        return pool.preparedQuery(LIST).execute(Tuple.of(query.getString("consumer"), query.getLong("cursor"), limit + 1))
            .map(rows -> {
                JsonArray items = new JsonArray();
                Long next = null;
                for (Row row : rows) {
                    if (items.size() == limit) {
                        next = items.getJsonObject(limit - 1).getLong("id");
                        break;
                    }
                    items.add(toJson(row));
                }
                return new JsonObject().put("items", items).put("nextCursor", next == null ? null : String.valueOf(next));
            });
    }

    private Future<JsonObject> replay(JsonObject command) {
        long id = command.getLong("id");
        return pool.preparedQuery(ONE).execute(Tuple.of(id)).compose(rows -> {
            if (rows.size() == 0) {
                return CommandFailure.<JsonObject>fail(404, "no dead letter " + id);
            }
            JsonObject letter = toJson(rows.iterator().next());
            // A delivery that ran out of attempts names its row; the webhooks consumer's own poison
            // records are Kafka records like any other consumer's, and go back to their topic.
            boolean delivery = WEBHOOKS.equals(letter.getString("consumer")) && letter.getString("reference") != null;
            Future<?> redriven = delivery
                ? pool.preparedQuery(REDO_DELIVERY).execute(Tuple.of(Long.parseLong(letter.getString("reference"))))
                    .onSuccess(r -> vertx.eventBus().send(Addresses.WEBHOOK_DELIVERIES_PENDING, new JsonObject()))
                : producer.send(KafkaProducerRecord.create(letter.getString("topic"), letter.getString("key"),
                        letter.getString("value"))
                    .addHeader("meridian-replay-of", String.valueOf(id))
                    .addHeader(CorrelationId.KAFKA_HEADER, command.getString(CorrelationId.FIELD, CorrelationId.fresh())));
            return redriven.compose(done -> pool.preparedQuery(MARK_REPLAYED).execute(Tuple.of(id)))
                .map(marked -> letter.put("replayedAt", marked.iterator().next().getOffsetDateTime(0).toInstant().toString()));
        });
    }

    /**
     * A dead letter keeps the record as Kafka had it, except that a NUL, which PostgreSQL text
     * cannot hold, is written as the six characters backslash, u, 0, 0, 0, 0 (JSON's escape for it):
     * a letter is often there
     * precisely because it holds one.
     */
    static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "\\u0000");
    }

    private static String tenantOf(String value) {
        try {
            return value == null ? null : new JsonObject(value).getString("tenantid");
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static JsonObject toJson(Row row) {
        return new JsonObject()
            .put("id", row.getLong("id"))
            .put("consumer", row.getString("consumer"))
            .put("topic", row.getString("source_topic"))
            .put("partition", row.getInteger("source_partition"))
            .put("offset", row.getLong("source_offset"))
            .put("key", row.getString("record_key"))
            .put("value", row.getString("record_value"))
            .put("error", row.getString("error"))
            .put("tenantId", row.getString("tenant_id"))
            .put("reference", row.getString("reference"))
            .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
            .put("replayedAt", row.getOffsetDateTime("replayed_at") == null ? null
                : row.getOffsetDateTime("replayed_at").toInstant().toString());
    }
}
